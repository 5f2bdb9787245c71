#!/usr/bin/env bash
# Benchmark: one `gridtheory predict` process, start to exit, against the NumPy/SciPy peer
# (bench/peer_predict_numpy.py) in the same run. Prints medians and the ratio.
# Usage: bench/predict_latency.sh [RUNS]   (builds first; installs hyperfine/numpy if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
scripts/setup.sh >/dev/null
bench/peer_packages.sh hyperfine python3-numpy python3-scipy
bin=${GRIDTHEORY_BUILD_DIR:-build}/gridtheory
json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine -N --style none --warmup 5 --runs "$runs" --export-json "$json" \
  -n "gridtheory predict (analytic)" "$bin predict" \
  -n "gridtheory predict (heterogeneous widths)" \
  "$bin predict --sigma uniform:0.08,0.16 --surround-ratio uniform:1.5,2.5" \
  -n "peer: numpy/scipy script" "/usr/bin/python3 bench/peer_predict_numpy.py" >/dev/null
/usr/bin/python3 - "$json" <<'PY'
import json, statistics, sys
res = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: statistics.median(r["times"]) * 1e3 for r in res}
peer = med["peer: numpy/scipy script"]
for r in res:
    t = [x * 1e3 for x in r["times"]]
    name = r["command"]
    print(f"{name:45s} median {statistics.median(t):8.2f} ms  [min {min(t):.2f}, max {max(t):.2f}]"
          f"  peer/this {peer / statistics.median(t):7.1f}x")
PY
