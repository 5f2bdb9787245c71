#!/usr/bin/env bash
# Benchmark: one NFL RNN training step (forward, BPTT, Adam; batch 200, 20 steps, n_p 512,
# float) of src/train against the PyTorch peer ../shared/peers/torch_rnn_step.py ("lean": one
# forward per step) in its strongest stock setup (../shared/peers/README.md), same run.
# Usage: bench/rnn_step.sh [CONFIGS] [REPS]   (CONFIGS default 256,512,1024; REPS default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
configs=${1:-256,512,1024}
reps=${2:-7}
scripts/setup.sh >/dev/null
bench/peer_packages.sh python3-torch libopenblas0-openmp libtcmalloc-minimal4
build=${GRIDTHEORY_BUILD_DIR:-build}
cmake --build "$build" --target bench_rnn_step >/dev/null
ours=$(mktemp)
theirs=$(mktemp)
trap 'rm -f "$ours" "$theirs"' EXIT
"$build/bench/bench_rnn_step" --configs "$configs" --reps "$reps" --threads 2 | tee "$ours"
torch_configs=$(echo "$configs" | sed 's/\([0-9]*\)/\1x512/g')
# The peers README names SkylakeX (AVX-512); on a CPU without AVX-512 that core is an illegal
# instruction, so take the best core this CPU has.
core=Haswell
grep -qw avx512f /proc/cpuinfo && core=SkylakeX
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=$core \
  LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
  /usr/bin/python3 ../shared/peers/torch_rnn_step.py --variants lean --configs "$torch_configs" \
  --reps "$reps" --traj-reps 1 | tee "$theirs"
/usr/bin/python3 - "$ours" "$theirs" <<'PY'
import re, sys
ours = {int(m.group(1)): float(m.group(2)) for m in
        re.finditer(r"ours Ng=(\d+): ([0-9.]+) ms/step", open(sys.argv[1]).read())}
peer = {int(m.group(1)): float(m.group(2)) for m in
        re.finditer(r"rnn_step lean\s+Ng=\s*(\d+) Np=\d+:\s+([0-9.]+) ms/step", open(sys.argv[2]).read())}
print("\n%-8s %12s %12s %10s" % ("Ng", "torch ms", "ours ms", "torch/ours"))
for ng in sorted(ours):
    if ng in peer:
        print("%-8d %12.2f %12.2f %9.2fx" % (ng, peer[ng], ours[ng], peer[ng] / ours[ng]))
PY
