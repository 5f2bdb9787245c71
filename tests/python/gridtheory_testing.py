"""Shared helpers of the Python tests: the CLI as a subprocess, temporary folders, test maps.

CTest sets PYTHONPATH (the built module), GRIDTHEORY_BINARY (the gridtheory executable) and
GRIDTHEORY_BUILD_DIR (the build folder) for every tests/python/test_*.py.
"""
import json
import os
import re
import subprocess
import tempfile
import unittest

import numpy as np

CLI = os.environ.get("GRIDTHEORY_BINARY", "")
BUILD_DIR = os.environ.get("GRIDTHEORY_BUILD_DIR", "")


def run_cli(*args):
    """Runs `gridtheory ARGS`; returns (exit code, stdout, stderr)."""
    if not CLI:
        raise unittest.SkipTest("GRIDTHEORY_BINARY is not set (run through ctest)")
    p = subprocess.run([CLI, *[str(a) for a in args]], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def cli_json(*args):
    code, out, err = run_cli(*args)
    if code != 0:
        raise AssertionError("gridtheory %s failed (%d): %s" % (" ".join(map(str, args)), code, err))
    return json.loads(out)


def cli_text(*args):
    code, out, err = run_cli(*args)
    if code != 0:
        raise AssertionError("gridtheory %s failed (%d): %s" % (" ".join(map(str, args)), code, err))
    return out


def cli_error(subcommand, *args):
    """The one-line message of a bad-input run (exit code 2), without 'gridtheory SUB: error: '."""
    code, out, err = run_cli(subcommand, *args)
    if code != 2:
        raise AssertionError("expected exit code 2 from gridtheory %s %s, got %d: %s"
                             % (subcommand, " ".join(map(str, args)), code, err))
    prefix = "gridtheory %s: error: " % subcommand
    line = err.rstrip("\n")
    if not line.startswith(prefix) or "\n" in line:
        raise AssertionError("unexpected error output: %r" % err)
    return line[len(prefix):]


def as_keywords(message):
    """A CLI error line as the Python module words it: each --flag-name is the keyword
    flag_name (the library names parameters once; each edge spells them its own way)."""
    return re.sub(r"--([a-z][a-z0-9-]*)", lambda m: m.group(1).replace("-", "_"), message)


class TempDir:
    def __enter__(self):
        self._d = tempfile.TemporaryDirectory(prefix="gridtheory-python-")
        return self._d.name

    def __exit__(self, *exc):
        self._d.cleanup()


def lattice_maps(count, nbins, box=2.2, seed=0, nan_fraction=0.0):
    """`count` ratemaps (count, nbins, nbins): rectified triangular lattices of random spacing,
    orientation and phase plus noise, [row][col] = [y][x], a fraction of bins NaN."""
    rng = np.random.default_rng(seed)
    c = -box / 2 + (np.arange(nbins) + 0.5) * box / nbins
    x, y = np.meshgrid(c, c)  # x along columns, y along rows
    maps = np.empty((count, nbins, nbins))
    for u in range(count):
        spacing = rng.uniform(0.4, 0.9)
        k = 4 * np.pi / (np.sqrt(3) * spacing)
        orient = rng.uniform(0, np.pi / 3)
        phase = rng.uniform(-0.5, 0.5, 2)
        m = np.zeros((nbins, nbins))
        for w in range(3):
            th = orient + w * np.pi / 3
            m += np.cos(k * (np.cos(th) * (x - phase[0]) + np.sin(th) * (y - phase[1])))
        maps[u] = np.maximum(m, 0) + 0.3 * rng.random((nbins, nbins))
    if nan_fraction > 0:
        maps[rng.random(maps.shape) < nan_fraction] = np.nan
    return maps
