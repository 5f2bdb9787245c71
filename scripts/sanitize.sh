#!/usr/bin/env bash
# Builds the whole project with AddressSanitizer + UndefinedBehaviorSanitizer (GCC) in build-asan/
# and runs the C++ test suite and the command-line tests on it; any sanitizer report fails the
# test that triggered it. Left out: the Python module and the tests that load it (a sanitized
# shared object needs the sanitizer runtime preloaded into python3), the notebooks and the
# PyTorch cross-check (they run the same binaries as the main suite), the benchmarks, MPI, and
# the 2 000-run load test, whose memory bound is about the normal build (ASan's shadow memory and
# quarantine alone take ~200 MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${GRIDTHEORY_ASAN_BUILD_DIR:-build-asan}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRIDTHEORY_SANITIZE=ON \
    -DGRIDTHEORY_PYTHON=OFF -DGRIDTHEORY_BENCH=OFF -DGRIDTHEORY_MPI=OFF \
    -DPython_EXECUTABLE=/usr/bin/python3 >/dev/null
fi
cmake --build "$build" -j"$(nproc)"
# halt_on_error: the first report fails the test; leaks are reported too.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure \
  -E "^(python|notebook|torch):|^sweep: 2000 tiny runs"
