#!/usr/bin/env bash
# The whole test suite: sets up and builds (scripts/setup.sh), then runs every test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec ctest --test-dir "${GRIDTHEORY_BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
