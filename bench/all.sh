#!/usr/bin/env bash
# Every benchmark, each with its peer in the same run, printing ratios (bench/README.md).
# Usage: bench/all.sh    (builds first; installs hyperfine/numpy/scipy if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== predict: process start to exit"
bench/predict_latency.sh
echo "== grid scores"
bench/gridscore.sh
echo "== pattern-forming dynamics"
bench/pattern.sh
echo "== NFL RNN training step"
bench/rnn_step.sh
echo "== grid scores from Python (the module)"
bench/python_score.sh
