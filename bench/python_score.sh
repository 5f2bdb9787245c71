#!/usr/bin/env bash
# Benchmark: grid scores of MAPS 44 x 44 ratemaps from Python, gridtheory.score (the module,
# python/) with THREADS threads, against the NumPy/SciPy DeepMind scorer
# ../shared/peers/numpy_gridscore.py in the same process and run. The peer scores PEER_MAPS of
# the same maps (it takes ~30 ms a map: all 4096 would take minutes) and its time is
# extrapolated per map; the output says so. Both sides use DeepMind's SAC (unvisited bins as 0:
# sac='deepmind'); ours also computes BNT gridness, spacing, orientation and Fourier spacing.
# Usage: bench/python_score.sh [MAPS] [PEER_MAPS] [THREADS] [REPS]   (defaults 4096 64 2 3)
# Builds the module in ${GRIDTHEORY_BUILD_DIR:-build} (Release, -march=native) first.
set -euo pipefail
cd "$(dirname "$0")/.."
maps=${1:-4096}
peer_maps=${2:-64}
threads=${3:-2}
reps=${4:-3}
build=${GRIDTHEORY_BUILD_DIR:-build}
peer=../shared/peers/numpy_gridscore.py
source bench/require_peers.sh "$peer"
bench/peer_packages.sh python3-numpy python3-scipy
scripts/setup.sh >/dev/null
cmake --build "$build" --target gridtheory_python -j"$(nproc)" >/dev/null
PYTHONPATH="$build/python" /usr/bin/python3 - "$maps" "$peer_maps" "$threads" "$reps" "$peer" <<'PY'
import importlib.util
import statistics
import sys
import time

import numpy as np

import gridtheory

maps_count, peer_count, threads, reps = (int(a) for a in sys.argv[1:5])
spec = importlib.util.spec_from_file_location("numpy_gridscore", sys.argv[5])
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)

# Ratemaps: rectified sums of three plane waves at 60 degrees (random spacing 0.4-0.9 m,
# orientation and phase) plus uniform noise, in a 2.2 m box; 2% of the bins NaN (unvisited).
n, box = 44, 2.2
rng = np.random.default_rng(0)
c = -box / 2 + (np.arange(n) + 0.5) * box / n
x, y = np.meshgrid(c, c)
maps = np.empty((maps_count, n, n))
for u in range(maps_count):
    k = 4 * np.pi / (np.sqrt(3) * rng.uniform(0.4, 0.9))
    orient, phase = rng.uniform(0, np.pi / 3), rng.uniform(-0.5, 0.5, 2)
    m = sum(np.cos(k * (np.cos(orient + w * np.pi / 3) * (x - phase[0]) +
                        np.sin(orient + w * np.pi / 3) * (y - phase[1]))) for w in range(3))
    maps[u] = np.maximum(m, 0) + 0.3 * rng.random((n, n))
maps[rng.random(maps.shape) < 0.02] = np.nan

print("# %d ratemaps %dx%d (2%% NaN bins), numpy %s; gridtheory %s"
      % (maps_count, n, n, np.__version__, gridtheory.__version__))

# Ours: every map in one call, median of `reps` calls (conversion and result arrays included).
ours = {}
for sac in ("deepmind", "nan-aware"):
    gridtheory.score(maps[:64], box=box, sac=sac, threads=threads)  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        s = gridtheory.score(maps, box=box, sac=sac, threads=threads)
        times.append(time.perf_counter() - t0)
    ours[sac] = (1e3 * statistics.median(times) / maps_count, s)
    print("gridtheory.score  sac=%-9s threads=%d: %8.4f ms/map (%d maps, median of %d calls: "
          "%.3f s)" % (sac, threads, ours[sac][0], maps_count, reps, statistics.median(times)))

# The peer: the first `peer_count` maps, one get_scores() each, after 3 warm-up maps.
scorer = peer.GridScorer(n)
for m in maps[:3]:
    scorer.get_scores(m)
peer_scores = []
t0 = time.perf_counter()
for m in maps[:peer_count]:
    peer_scores.append(scorer.get_scores(m))
peer_ms = 1e3 * (time.perf_counter() - t0) / peer_count
print("numpy_gridscore   (DeepMind, 1 thread)  : %8.4f ms/map (timed on %d of the %d maps, "
      "extrapolated per map: %.1f s for all)" % (peer_ms, peer_count, maps_count,
                                                 peer_ms * maps_count / 1e3))

ref = ours["deepmind"][1]
diff = max(max(abs(p["score_60"] - ref["score_60"][i]), abs(p["score_90"] - ref["score_90"][i]),
               abs(p["score_60_minmax"] - ref["score_60_minmax"][i]))
           for i, p in enumerate(peer_scores))
print("agreement: max |ours - peer| over score_60, score_90, score_60_minmax of the %d maps: "
      "%.2e" % (peer_count, diff))
for sac in ("deepmind", "nan-aware"):
    print("ratio peer/ours (sac=%s, ours %d threads): %.0fx" % (sac, threads,
                                                                peer_ms / ours[sac][0]))
PY
