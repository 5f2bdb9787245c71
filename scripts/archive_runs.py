#!/usr/bin/env python3
"""Copies what a finished sweep run leaves worth keeping into the repository, so a sweep can be
committed as it goes and resumed on a fresh machine (`sweep run` skips runs whose folder has a
summary.json; weights are never kept).

For every run folder under SWEEP/runs/ with a summary.json and not yet archived, DEST/runs/RUN_ID/
gets: summary.json,
config.json, run.json, metrics.csv, scores.csv, evals.csv (if any), ratemaps_top.png, and
top_ratemaps.npy (float32, the 16 units with the highest score_60, in that order; their unit
numbers in top_units.txt). SWEEP/results.csv and SWEEP/sweep.json are copied to DEST. DEST is
laid out as a sweep folder, so `gridtheory figures --results DEST/results.csv` finds each run's
scores.csv and evals.csv beside the table.

On a fresh machine, `--restore` puts the archived files back as run folders, so that
`gridtheory sweep run SPEC --out SWEEP` skips the archived runs and `sweep collect` sees them:

Usage: scripts/archive_runs.py SWEEP DEST              (Debian's python3 with NumPy)
       scripts/archive_runs.py --restore DEST SWEEP
"""
import csv
import json
import os
import shutil
import sys

import numpy as np

KEEP = ("summary.json", "config.json", "run.json", "metrics.csv", "scores.csv", "evals.csv",
        "ratemaps_top.png")
TOP = 16


def archive(run, dest):
    os.makedirs(dest, exist_ok=True)
    for name in KEEP:
        if os.path.exists(os.path.join(run, name)):
            shutil.copy2(os.path.join(run, name), os.path.join(dest, name))
    maps_path, scores_path = os.path.join(run, "ratemaps.npy"), os.path.join(run, "scores.csv")
    if os.path.exists(maps_path) and os.path.exists(scores_path):
        scores = [(float(r["score_60"]) if r["score_60"] != "nan" else -1e300, int(r["unit"]))
                  for r in csv.DictReader(open(scores_path))]
        top = [u for _, u in sorted(scores, key=lambda s: (-s[0], s[1]))[:TOP]]
        maps = np.load(maps_path)
        np.save(os.path.join(dest, "top_ratemaps.npy"), maps[top].astype(np.float32))
        with open(os.path.join(dest, "top_units.txt"), "w") as f:
            f.write(" ".join(str(u) for u in top) + "\n")


def restore(dest, sweep):
    runs = os.path.join(sweep, "runs")
    os.makedirs(runs, exist_ok=True)
    if not os.path.exists(os.path.join(sweep, "sweep.json")):
        shutil.copy2(os.path.join(dest, "sweep.json"), os.path.join(sweep, "sweep.json"))
    restored = 0
    for run_id in sorted(os.listdir(os.path.join(dest, "runs"))):
        src = os.path.join(dest, "runs", run_id)
        target = os.path.join(runs, run_id)
        if not os.path.isdir(src) or os.path.exists(os.path.join(target, "summary.json")):
            continue
        os.makedirs(target, exist_ok=True)
        for name in os.listdir(src):
            shutil.copy2(os.path.join(src, name), os.path.join(target, name))
        restored += 1
    print(f"restored {restored} runs into {runs}")


def main():
    if sys.argv[1] == "--restore":
        restore(sys.argv[2], sys.argv[3])
        return
    sweep, dest = sys.argv[1], sys.argv[2]
    os.makedirs(dest, exist_ok=True)
    done = 0
    runs = os.path.join(sweep, "runs")
    # Only the runs of this sweep's plan: a folder restored from another sweep is not its own.
    planned = None
    if os.path.exists(os.path.join(sweep, "sweep.json")):
        with open(os.path.join(sweep, "sweep.json")) as f:
            planned = {r["id"] for r in json.load(f)["runs"]}
    for run_id in sorted(os.listdir(runs)):
        if planned is not None and run_id not in planned:
            continue
        run, kept = os.path.join(runs, run_id), os.path.join(dest, "runs", run_id)
        # A finished run never changes: one already archived keeps its archived files (which may
        # have been redrawn since, e.g. ratemaps_top.png by `score --plot`).
        if os.path.exists(os.path.join(run, "summary.json")) and not os.path.exists(
                os.path.join(kept, "summary.json")):
            archive(run, kept)
            done += 1
    for name in ("results.csv", "sweep.json"):
        if os.path.exists(os.path.join(sweep, name)):
            shutil.copy2(os.path.join(sweep, name), os.path.join(dest, name))
    print(f"archived {done} newly finished runs into {dest}")


if __name__ == "__main__":
    main()
