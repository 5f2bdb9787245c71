#!/usr/bin/env bash
# The CPU evidence for `--preset lightweight` (README, "The lightweight preset"): each run of
# the table one after another on this machine (2 threads each, nothing else running), then the
# table. Usage: scripts/preset_search/run_cpu_presets.sh OUTDIR [BINARY]
set -euo pipefail
out=${1:?output folder}
bin=${2:-build/gridtheory}
mkdir -p "$out"
# OpenMP threads spin at barriers instead of sleeping: a training job keeps its cores when other
# work (a compile) shares the machine. On an otherwise idle machine this changes nothing.
export OMP_WAIT_POLICY=active
run() { # name, then train options
  local name=$1
  shift
  if [ -f "$out/$name/summary.json" ]; then return; fi
  [ -d "$out/$name" ] && { "$bin" train --resume "$out/$name" >"$out/$name.log" 2>&1 || true; return; }
  /usr/bin/time -f "%e s wall" "$bin" train --preset lightweight "$@" --out "$out/$name" \
    >"$out/$name.log" 2>&1 || echo "$name failed: see $out/$name.log"
}
for seed in 0 1 2; do run "dos-nfl-s$seed" --seed "$seed"; done
run dos-sorscher-s0 --surround-variance-ratio 2 --seed 0
run gaussian-s0 --encoding gaussian --seed 0
run cartesian-s0 --encoding cartesian --seed 0
run true-dog-s0 --encoding true-dog --seed 0
for seed in 1 2; do run "dos-sorscher-s$seed" --surround-variance-ratio 2 --seed "$seed"; done
/usr/bin/python3 "$(dirname "$0")/preset_table.py" "$out"
