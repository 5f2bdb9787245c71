#!/usr/bin/env bash
# The main job on its defaults: the analytic prediction for NFL's "ideal" target (DoS,
# sigma 0.12 m, surround ratio 2, 2.2 m box, ReLU), with its spectrum figure in
# figures/predict_default/. Sets up and builds first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
mkdir -p figures/predict_default
exec "${GRIDTHEORY_BUILD_DIR:-build}/gridtheory" predict --encoding dos --sigma 0.12 \
  --surround-ratio 2 --box 2.2 --activation relu --plot figures/predict_default/spectrum.png "$@"
