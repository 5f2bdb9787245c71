"""Builds the Python package gridtheory for `pip install .` (pyproject.toml).

The module is defined once, by CMake (python/CMakeLists.txt). This runs CMake on the repository
in setuptools' build folder (build-python/ under the repository root, like the other build-*
folders), builds the package's target, and puts what `cmake --install --component python`
installs (gridtheory/: the compiled _core and the Python files) into the wheel. Configured as a library build: no tests, benchmarks or MPI, portable
code unless GRIDTHEORY_NATIVE=ON is in the environment; CMAKE_BUILD_PARALLEL_LEVEL sets the jobs
(default: all cores).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
BUILD_BASE = "build-python"


def project_version():
    text = (ROOT / "CMakeLists.txt").read_text()
    match = re.search(r"project\(gridtheory VERSION ([0-9.]+)", text)
    if not match:
        raise RuntimeError("CMakeLists.txt: no `project(gridtheory VERSION X.Y.Z`")
    return match.group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        temp = Path(self.build_temp).resolve()
        build, stage = temp / "cmake", temp / "stage"
        native = os.environ.get("GRIDTHEORY_NATIVE", "OFF")
        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
            "-DGRIDTHEORY_TESTS=OFF", "-DGRIDTHEORY_BENCH=OFF", "-DGRIDTHEORY_MPI=OFF",
            f"-DGRIDTHEORY_NATIVE={native}", "-DGRIDTHEORY_PYTHON=ON",
            f"-DPython_EXECUTABLE={sys.executable}",
            # Relative to the staging prefix below: the module's folder in the wheel.
            "-DGRIDTHEORY_PYTHON_INSTALL_DIR=module",
        ]
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "gridtheory_python",
                        "--parallel", jobs], check=True)
        shutil.rmtree(stage, ignore_errors=True)
        subprocess.run(["cmake", "--install", str(build), "--component", "python",
                        "--prefix", str(stage)], check=True)
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        for installed in (stage / "module" / "gridtheory").iterdir():
            shutil.copy2(installed, target.parent / installed.name)
        if not target.is_file():
            raise RuntimeError(f"CMake installed no {target.name} (in {stage / 'module'})")
        if not (target.parent / "__init__.py").is_file():
            raise RuntimeError(f"CMake installed no __init__.py (in {stage / 'module'})")


os.makedirs(ROOT / BUILD_BASE, exist_ok=True)
setup(
    version=project_version(),
    ext_modules=[Extension("gridtheory._core", sources=[])],
    # The package's files come from CMake's install (above), not from the source tree.
    packages=[],
    py_modules=[],
    cmdclass={"build_ext": CMakeBuild},
    # setuptools' own files (build/, gridtheory.egg-info) would land in the repository root,
    # where build/ is the CMake build folder.
    options={"build": {"build_base": str(ROOT / BUILD_BASE)},
             "egg_info": {"egg_base": str(ROOT / BUILD_BASE)}},
)
