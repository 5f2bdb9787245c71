#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) in build-fuzz/ and runs each for
# FUZZ_SECONDS (default 30) from its seed corpus in fuzz/corpus/TARGET (copied, so the repository
# is not written). A crash stops with the reproducer's path; turn it into a regression test
# in the test file of the layer it hits (tagged [regression]) and add it to fuzz/corpus/TARGET.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${GRIDTHEORY_FUZZ_BUILD_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-30}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S fuzz -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j"$(nproc)"
for target in fuzz_npy fuzz_sweep_spec fuzz_encoding; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus" "$build/crashes"
  cp -n fuzz/corpus/"${target#fuzz_}"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: $target for ${seconds} s" >&2
  "$build/$target" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$build/crashes/$target-" -print_final_stats=1 "$corpus" \
    2>"$build/$target.log" || {
    tail -40 "$build/$target.log" >&2
    echo "fuzz: $target failed; reproducer in $build/crashes/" >&2
    exit 1
  }
  grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$build/$target.log" |
    sed "s/^/fuzz: $target /" >&2
done
