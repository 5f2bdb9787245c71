#!/usr/bin/env bash
# The whole test suite: sets up and builds (scripts/setup.sh), runs every test with CTest, then
# compiles everything with -Werror for x86-64-v2 and x86-64-v4 (scripts/check-warnings.sh),
# runs the same C++ suite built with AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/sanitize.sh) and each libFuzzer target for FUZZ_SECONDS (scripts/fuzz.sh).
# GRIDTHEORY_QUICK=1 runs only the first part (for iterating locally; CI runs everything).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir "${GRIDTHEORY_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
if [ "${GRIDTHEORY_QUICK:-0}" != 1 ]; then
  scripts/check-warnings.sh
  scripts/sanitize.sh
  scripts/fuzz.sh
fi
