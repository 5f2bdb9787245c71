#!/usr/bin/env bash
# A sweep of 2 000 tiny runs (predict over a dense grid) completes with bounded memory and file
# handles, and its status and collect stay whole (issue: load). The open-file limit is lowered to
# 64, so a handle leaked per run would fail the sweep after a few dozen runs; the sweep's peak
# resident memory must stay under 64 MiB (the plan and the per-run records are small).
# Usage: many_runs.sh GRIDTHEORY
set -euo pipefail
gridtheory=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

toml_list() { # N values from A by step S, printed as a TOML list
  awk -v n="$1" -v a="$2" -v s="$3" 'BEGIN { printf "["; for (i = 0; i < n; i++) printf "%s%.4f", (i ? ", " : ""), a + i * s; printf "]" }'
}
cat >"$work/spec.toml" <<SPEC
name = "many"
command = "predict"
fixed = { encoding = "dos" }
grid = { sigma = $(toml_list 40 0.06 0.004), surround-ratio = $(toml_list 25 1.2 0.15), activation = ["relu", "tanh"] }
SPEC

(
  ulimit -n 64
  /usr/bin/time -f '%M' -o "$work/rss_kib" \
    "$gridtheory" sweep run "$work/spec.toml" --out "$work/out" --jobs 2 2>/dev/null >"$work/run.txt"
)
grep -q "2000 runs in shard 0/1: 0 already done, 2000 done now, 0 failed" "$work/run.txt" || {
  echo "the sweep did not finish all 2000 runs:" >&2
  cat "$work/run.txt" >&2
  exit 1
}
rss=$(cat "$work/rss_kib")
if [ "$rss" -gt 65536 ]; then
  echo "the sweep's peak resident memory was $rss KiB (limit 65536)" >&2
  exit 1
fi
status=$("$gridtheory" sweep status "$work/out")
[ "$status" = "planned 2000, done 2000, failed 0, pending 0" ] || {
  echo "status: $status" >&2
  exit 1
}
(
  ulimit -n 64
  "$gridtheory" sweep collect "$work/out" >/dev/null
)
rows=$(($(wc -l <"$work/out/results.csv") - 1))
[ "$rows" -eq 2000 ] || {
  echo "results.csv has $rows rows, not 2000" >&2
  exit 1
}
echo "2000 runs: peak RSS $rss KiB"
