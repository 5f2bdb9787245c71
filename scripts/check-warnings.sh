#!/usr/bin/env bash
# The project's warning check: compiles (does not run) every target of the project, the
# libraries, the CLI, the MPI backend, the Python module, the tests and the benchmarks, with
# -Werror for two instruction sets whatever CPU this machine has: x86-64-v2 (SSE4.2, no AVX) and
# x86-64-v4 (AVX-512). Instruction sets change which code the compiler inlines, and so which
# warnings it emits; the native build of scripts/setup.sh is one of them. Build folders
# build-warn-v2/ and build-warn-v4/ (incremental). Run after scripts/setup.sh (the packages).
set -euo pipefail
cd "$(dirname "$0")/.."
for level in v2 v4; do
  dir=build-warn-$level
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DGRIDTHEORY_WERROR=ON \
      -DGRIDTHEORY_NATIVE=OFF -DCMAKE_CXX_FLAGS="-march=x86-64-$level" \
      -DPython_EXECUTABLE=/usr/bin/python3 -DGRIDTHEORY_MPI=ON >/dev/null
  fi
  echo "check-warnings: x86-64-$level, -Werror" >&2
  cmake --build "$dir" -j"$(nproc)" >"$dir/build.log" 2>&1 || {
    grep -E "error|warning" "$dir/build.log" | head -40 >&2
    echo "check-warnings: x86-64-$level build failed (full log: $dir/build.log)" >&2
    exit 1
  }
done
echo "check-warnings: no warning on x86-64-v2 or x86-64-v4" >&2
