#!/usr/bin/env bash
# Trains a tiny network for each cell / activation / loss and checks `gridtheory loss` against
# an independent PyTorch implementation (scripts/torch_crosscheck.py), in float64 (to 1e-10) and
# float32 (to 2e-4). Usage: crosscheck.sh GRIDTHEORY_BINARY SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--hidden 10 --steps 15 --batch 5 --seq-len 4 --lr 3e-3 --threads 1 --eval none)
i=0
while read -r label args; do
  [ -z "$label" ] && continue
  i=$((i + 1))
  run="$work/run$i"
  # shellcheck disable=SC2086
  "$bin" train "${common[@]}" $args --out "$run" >/dev/null 2>&1
  for precision in float64 float32; do
    echo "== $label ($precision)"
    mkdir -p "$work/x$i$precision"
    /usr/bin/python3 "$src/scripts/torch_crosscheck.py" "$bin" "$run" "$work/x$i$precision" \
      --precision "$precision"
  done
done <<'LIST'
rnn-relu-dos       --cells 20
rnn-tanh-dos       --cells 20 --activation tanh
rnn-sigmoid-gauss  --cells 20 --activation sigmoid --encoding gaussian
rnn-linear-sod     --cells 20 --activation linear --encoding sod
rnn-relu-truedog   --cells 20 --encoding true-dog
rnn-relu-cartesian --encoding cartesian
rnn-tanh-polar     --encoding polar --activation tanh
lstm-dos           --cells 20 --cell lstm
gru-dos            --cells 20 --cell gru
ugrnn-dos          --cells 20 --cell ugrnn
lstm-cartesian     --encoding cartesian --cell lstm
gru-truedog        --cells 20 --cell gru --encoding true-dog
LIST
