#!/usr/bin/env bash
# Benchmark: grid scores per ratemap (bench_gridscore, numerics/grid_scores.hpp) against the
# NumPy/SciPy peer ../shared/peers/numpy_gridscore.py (DeepMind's scorer) in the same run, for
# 20, 32 and 44 bins, single thread; prints ms per map for both and the ratio peer/ours. Then
# our batch: UNITS units of each size with 2 threads.
# Usage: bench/gridscore.sh [MAPS] [UNITS]   (defaults 40 maps per kind, 4096 units)
# Builds bench_gridscore in ${GRIDTHEORY_BUILD_DIR:-build} (Release, -march=native) first.
set -euo pipefail
cd "$(dirname "$0")/.."
maps=${1:-40}
units=${2:-4096}
build=${GRIDTHEORY_BUILD_DIR:-build}
peer=../shared/peers/numpy_gridscore.py
source bench/require_peers.sh "$peer"
bench/peer_packages.sh python3-numpy python3-scipy
scripts/setup.sh >/dev/null
cmake --build "$build" --target bench_gridscore -j"$(nproc)" >/dev/null
ours=$(mktemp)
theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
"$build/bench/bench_gridscore" --sizes 20,32,44 --maps "$maps" --units "$units" --threads 2 |
  tee "$ours"
/usr/bin/python3 "$peer" --sizes 20,32,44 --maps "$maps" | tee "$theirs"
/usr/bin/python3 - "$ours" "$theirs" <<'PY'
import re, sys
pat = re.compile(r"time\s+n=(\d+) (\w+)\s*:\s*([0-9.]+) ms/map")
def read(path):
    return {(int(m[1]), m[2]): float(m[3]) for m in pat.finditer(open(path).read())}
ours, peer = read(sys.argv[1]), read(sys.argv[2])
print("\n%-6s %-7s %12s %12s %10s" % ("nbins", "maps", "peer ms/map", "ours ms/map", "peer/ours"))
for key in sorted(ours):
    if key in peer:
        print("%-6d %-7s %12.3f %12.4f %9.0fx" % (key[0], key[1], peer[key], ours[key],
                                                  peer[key] / ours[key]))
PY
