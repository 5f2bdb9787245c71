#!/usr/bin/env bash
# A small sweep run four ways — threads, `mpirun -np 2 gridtheory-mpi`, two --shard halves, and a
# two-task SLURM array through scripts/slurm_sweep.sbatch (its variables set by hand) — must give
# the same results.csv byte for byte (src/sweep/README.md).
# Usage: mpi_equals_threaded.sh GRIDTHEORY GRIDTHEORY_MPI SOURCE_DIR
set -euo pipefail
gridtheory=$1
gridtheory_mpi=$2
source_dir=$3
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

# The array template, task ids 3 and 4 of --array=3-4.
for id in 3 4; do
  SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_COUNT=2 SLURM_CPUS_PER_TASK=2 \
    THREADS_PER_RUN=1 GRIDTHEORY="$gridtheory" \
    bash "$source_dir/scripts/slurm_sweep.sbatch" "$work/spec.toml" "$work/slurm" 2>/dev/null
done
"$gridtheory" sweep collect "$work/slurm" >/dev/null

status=0
for other in mpi shards slurm; do
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
  n=$(grep -c "^sweep: rank $rank run [0-9]*/[0-9]* done " "$work/mpi.log" || true)
  if [ "$n" -lt 1 ]; then
    echo "rank $rank ran no run:" >&2
    cat "$work/mpi.log" >&2
    status=1
  fi
done
exit $status
