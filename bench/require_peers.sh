#!/usr/bin/env bash
# Sourced by the benchmarks: the peers they compare against live outside this repository, in
# ../shared/peers/ (optional). A benchmark whose peer files are absent says so and stops with
# exit 0 before building anything.
# Usage (from the repository root): source bench/require_peers.sh FILE...
for peer_file in "$@"; do
  if [ ! -f "$peer_file" ]; then
    echo "$(basename "$0"): skipped: its optional peer $peer_file is absent" >&2
    exit 0
  fi
done
