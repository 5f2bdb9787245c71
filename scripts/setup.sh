#!/usr/bin/env bash
# Installs the Debian packages gridtheory needs (only those missing), configures the build
# folder once, and builds incrementally. Safe and fast to rerun. Run as root on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ make cmake pkg-config gnuplot-nox fonts-dejavu-core
  libfftw3-dev libeigen3-dev libboost-dev libboost-math-dev libboost-iostreams-dev
  libboost-filesystem-dev libboost-system-dev libgnuplot-iostream-dev catch2 libcli11-dev
  nlohmann-json3-dev libopenblas-openmp-dev
  # Sweeps: TOML specs (toml++) and the MPI backend (gridtheory-mpi, OpenMPI).
  libtomlplusplus-dev libopenmpi-dev openmpi-bin
  # Tests only: the libFuzzer targets (fuzz/, clang with its runtime) and /usr/bin/time.
  clang libclang-rt-14-dev time
  # The Python module (python/): pybind11 and the headers of Debian's python3; `pip install .`
  # of it, offline (README, "Install as a library").
  pybind11-dev python3-dev python3-pip python3-venv python3-setuptools python3-wheel
  # Tests only: the PyTorch cross-check of `gridtheory loss` (tests/torch).
  python3-numpy python3-torch
  # Notebooks (notebooks/), executed by the tests.
  python3-pandas python3-matplotlib python3-nbclient python3-nbformat python3-ipykernel)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

build=${GRIDTHEORY_BUILD_DIR:-build}
# The Python module and its tests use Debian's python3 (with python3-numpy), not whichever python3
# comes first on PATH: a build folder configured with another one is configured again.
# A user's build never stops on a compiler warning (GRIDTHEORY_WERROR off): warnings are the
# project's own check, made by scripts/check-warnings.sh for every instruction set.
if [ ! -f "$build/CMakeCache.txt" ] ||
  ! grep -q '^Python_EXECUTABLE:[A-Z]*=/usr/bin/python3$' "$build/CMakeCache.txt" ||
  ! grep -q '^GRIDTHEORY_MPI:BOOL=ON$' "$build/CMakeCache.txt" ||
  ! grep -q '^GRIDTHEORY_WERROR:BOOL=OFF$' "$build/CMakeCache.txt"; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DGRIDTHEORY_WERROR=OFF \
    -DPython_EXECUTABLE=/usr/bin/python3 -DGRIDTHEORY_MPI=ON >/dev/null
fi
cmake --build "$build" -j"$(nproc)"
