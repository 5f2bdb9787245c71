#!/usr/bin/env bash
# Benchmark: the pattern-forming dynamics (numerics/pattern_dynamics.hpp, bench_pattern) against
# the NumPy peer ../shared/peers/numpy_pattern_formation.py, in the same run, on the peer's two
# configurations (res 55: 32 single relu maps x 1000 steps; 64 maps x 5000 steps with the
# Oja/Sanger term), 2 threads each. Prints both outputs, then ms/step and the ratio peer/ours.
# The ratio is against the peer's strongest variant, "tuned" (scipy.fft with 2 workers, the
# roll folded into the kernel), with numpy on OpenBLAS (on Debian's reference BLAS its
# multi-map products run several times slower, which would flatter us).
# Usage: bench/pattern.sh [REPS] [MULTI_STEPS]
#   REPS         repetitions per configuration, median reported (default 3)
#   MULTI_STEPS  steps of the multi runs (default 5000; fewer shorten the peer's ~30 s runs,
#                whose line then also extrapolates to 5000)
# Environment: GRIDTHEORY_BUILD_DIR (default build), PEER_VARIANTS (default tuned; add
# faithful for the notebook's complex FFT + np.roll, ~3x slower on multi).
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
multi_steps=${2:-5000}
variants=${PEER_VARIANTS:-tuned}
peer_script=../shared/peers/numpy_pattern_formation.py
source bench/require_peers.sh "$peer_script"
scripts/setup.sh >/dev/null
bench/peer_packages.sh python3-numpy python3-scipy libopenblas0-openmp
build=${GRIDTHEORY_BUILD_DIR:-build}
cmake --build "$build" --target bench_pattern >/dev/null

ours=$("$build/bench/bench_pattern" --threads 2 --reps "$reps" --steps-multi "$multi_steps")
peer=$(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
  /usr/bin/python3 "$peer_script" --variants "$variants" --reps "$reps" --reps-multi "$reps" \
  --steps-multi "$multi_steps")
echo "$peer"
echo "$ours"
echo
/usr/bin/python3 - "$ours" "$peer" <<'PY'
import re, sys
ours, peer = sys.argv[1], sys.argv[2]
def ms(text, pattern):
    for line in text.splitlines():
        if re.search(pattern, line):
            return float(re.search(r"= *([0-9.]+) ms/step", line).group(1))
    return None
rows = [
    ("single, 32 maps, 1000 steps", r"patform single tuned", r"pattern single .*normalise=false"),
    ("single, default normalise=true", r"patform single tuned", r"pattern single .*normalise=true"),
    ("multi (Oja), 64 maps", r"patform multi +tuned", r"pattern multi"),
]
print(f"{'configuration':34s} {'peer tuned':>12s} {'gridtheory':>12s} {'peer/ours':>10s}")
for name, peer_pat, our_pat in rows:
    p, o = ms(peer, peer_pat), ms(ours, our_pat)
    if p is None or o is None:
        print(f"{name:34s} (missing line)")
        continue
    print(f"{name:34s} {p:9.3f} ms {o:9.4f} ms {p / o:9.1f}x")
PY
