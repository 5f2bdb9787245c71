#!/usr/bin/env bash
# Benchmark: one NFL RNN training step (forward, BPTT, Adam; batch 200, 20 steps, n_p 512,
# float) of src/train against the PyTorch peer ../shared/peers/torch_rnn_step.py ("lean": one
# forward per step) in its strongest stock setup (../shared/peers/README.md), same run.
# Usage: bench/rnn_step.sh [CONFIGS] [REPS]   (CONFIGS default 256,512,1024,4096; REPS default 5)
# Also prints the machine's FMA ceiling (../shared/peers/gemm_peak.cpp, 2 threads) and our
# GFLOP/s as a fraction of it, and the per-core GEMM ceiling (bench_gemm_ceiling).
set -euo pipefail
cd "$(dirname "$0")/.."
configs=${1:-256,512,1024,4096}
reps=${2:-5}
source bench/require_peers.sh ../shared/peers/gemm_peak.cpp ../shared/peers/torch_rnn_step.py
scripts/setup.sh >/dev/null
bench/peer_packages.sh python3-torch libopenblas0-openmp libtcmalloc-minimal4
build=${GRIDTHEORY_BUILD_DIR:-build}
cmake --build "$build" --target bench_rnn_step bench_gemm_ceiling >/dev/null
ours=$(mktemp)
theirs=$(mktemp)
peak_bin=$(mktemp)
trap 'rm -f "$ours" "$theirs" "$peak_bin"' EXIT
g++ -O3 -march=native -fopenmp -DNDEBUG -I/usr/include/eigen3 ../shared/peers/gemm_peak.cpp \
  -o "$peak_bin"
peak=$(OMP_NUM_THREADS=2 "$peak_bin" 3 | awk '/fma_peak/ && /threads=2:/ {sub(/.*threads=2: */, ""); print $1; exit}')
echo "FMA ceiling (2 threads, gemm_peak.cpp): ${peak:-unknown} GFLOP/s"
# What a GEMM can reach per core here (an ideal L1 kernel) and what OpenBLAS reaches.
OMP_NUM_THREADS=1 "$build/bench/bench_gemm_ceiling"
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
/usr/bin/python3 - "$ours" "$theirs" "${peak:-0}" <<'PY'
import re, sys
ours = {int(m.group(1)): (float(m.group(2)), float(m.group(3))) for m in
        re.finditer(r"ours Ng=(\d+): ([0-9.]+) ms/step.*= ([0-9.]+) GFLOP/s", open(sys.argv[1]).read())}
peer = {int(m.group(1)): float(m.group(2)) for m in
        re.finditer(r"rnn_step lean\s+Ng=\s*(\d+) Np=\d+:\s+([0-9.]+) ms/step", open(sys.argv[2]).read())}
peak = float(sys.argv[3])
print("\n%-8s %12s %12s %10s %12s %14s" % ("Ng", "torch ms", "ours ms", "torch/ours", "ours GFLOP/s",
                                         "of FMA peak"))
for ng in sorted(ours):
    if ng in peer:
        ms, gf = ours[ng]
        print("%-8d %12.2f %12.2f %9.2fx %12.1f %13.0f%%" % (ng, peer[ng], ms, peer[ng] / ms, gf,
                                                       100 * gf / peak if peak else float("nan")))
PY
