#!/usr/bin/env bash
# A small sweep run three ways — threads, `mpirun -np 2 gridtheory-mpi`, and two --shard halves
# — must give the same results.csv byte for byte (src/sweep/README.md).
# Usage: mpi_equals_threaded.sh GRIDTHEORY GRIDTHEORY_MPI
set -euo pipefail
gridtheory=$1
gridtheory_mpi=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/spec.toml" <<'SPEC'
name = "mpi-check"
[[block]]
name = "predict"
command = "predict"
grid = { encoding = ["dos", "gaussian", "true-dog"], sigma = [0.08, 0.12, 0.16] }
[[block]]
name = "pattern"
command = "pattern"
seeds = [0, 1, 2]
fixed = { encoding = "dos", maps = 2, steps = 100, res = 24, cells = 64 }
SPEC

"$gridtheory" sweep run "$work/spec.toml" --out "$work/threads" --jobs 2 --threads-per-run 1 \
  2>/dev/null
"$gridtheory" sweep collect "$work/threads" >/dev/null

# As root, OpenMPI needs both variables; two ranks on two cores need oversubscription allowed.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun -np 2 --oversubscribe "$gridtheory_mpi" sweep run "$work/spec.toml" --out "$work/mpi" \
  --jobs 1 --threads-per-run 1 2>"$work/mpi.log" || {
  cat "$work/mpi.log" >&2
  exit 1
}
"$gridtheory" sweep collect "$work/mpi" >/dev/null

for i in 0 1; do
  "$gridtheory" sweep run "$work/spec.toml" --out "$work/shards" --shard "$i/2" \
    --threads-per-run 1 2>/dev/null
done
"$gridtheory" sweep collect "$work/shards" >/dev/null

status=0
for other in mpi shards; do
  if ! cmp -s "$work/threads/results.csv" "$work/$other/results.csv"; then
    echo "results.csv of the $other sweep differs from the threaded one:" >&2
    diff "$work/threads/results.csv" "$work/$other/results.csv" | head -20 >&2
    status=1
  fi
done
rows=$(($(wc -l <"$work/threads/results.csv") - 1))
done_rows=$(grep -c ',done,' "$work/threads/results.csv" || true)
if [ "$rows" -ne 12 ] || [ "$done_rows" -ne 12 ]; then
  echo "expected 12 finished runs, got $done_rows of $rows" >&2
  status=1
fi
# Rank 0 handed the runs out on demand and both ranks ran some (each labels its progress lines).
for rank in 0 1; do
  n=$(grep -c "^sweep: rank $rank \[.*done" "$work/mpi.log" || true)
  if [ "$n" -lt 1 ]; then
    echo "rank $rank ran no run:" >&2
    cat "$work/mpi.log" >&2
    status=1
  fi
done
exit $status
