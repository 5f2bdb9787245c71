#!/usr/bin/env bash
# `gridtheory figures` with no --results, from a folder that is not the source tree: it runs the
# shipped sweeps/figures.toml and draws every figure the README lists, each as PNG + CSV + .gp.
# Usage: default_figures.sh GRIDTHEORY
set -euo pipefail
gridtheory=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$gridtheory" figures --out "$work/figures" --jobs 2 >"$work/out.txt" 2>"$work/err.txt" || {
  cat "$work/out.txt" "$work/err.txt" >&2
  exit 1
}
status=0
for figure in spectra fig2_families fig3_spacing_vs_sigma fig4_emergence fig4_general_dog \
  fig5_multifield activations mosaic_ratemaps mosaic_sacs spacing_over_training; do
  for ext in png csv gp; do
    if [ ! -s "$work/figures/$figure.$ext" ]; then
      echo "missing or empty: $figure.$ext" >&2
      status=1
    fi
  done
done
if grep -q "^skipped" "$work/out.txt"; then
  echo "figures skipped by the default sweep:" >&2
  grep "^skipped" "$work/out.txt" >&2
  status=1
fi
# Every run of the default sweep finished.
"$gridtheory" sweep status "$work/figures/sweep" | grep -q "failed 0, pending 0" || {
  "$gridtheory" sweep status "$work/figures/sweep" >&2
  status=1
}
exit $status
