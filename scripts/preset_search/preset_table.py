#!/usr/bin/env python3
"""The preset table (Markdown) from the run folders under OUTDIR."""
import json
import os
import sys

out = sys.argv[1]
print("| run | encoding | surround | seed | steps | decoding error (cm) | units > 0.3 | > 0.8 "
      "(count) | max score_60 | median spacing (m) | predicted (m) | ms/step | minutes | pass |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for name in sorted(os.listdir(out)):
    path = os.path.join(out, name, "summary.json")
    if not os.path.isfile(path):
        continue
    s = json.load(open(path))
    c = s["config"]
    e = c["encoding_options"]
    surround = ("sigma_I/sigma_E " + e["surround_ratio"] if e.get("surround_ratio") else
                "sigma_I^2/sigma_E^2 " + e["surround_variance_ratio"]
                if e.get("surround_variance_ratio") else
                ("default (ratio 2)" if e["encoding"] in ("dos", "true-dog") else "-"))
    f = lambda v, fmt="%.3g": "n/a" if v is None else fmt % v
    ok = (s["decoding_error_cm"] < 10 and s["count_score_60_above_0.8"] >= 1
          and s["fraction_score_60_above_0.3"] >= 0.10)
    print("| %s | %s | %s | %d | %d | %.1f | %.0f%% | %.0f%% (%d) | %s | %s | %s | %.1f | %.1f | %s |" % (
        name, e["encoding"], surround, c["seed"], s["steps"], s["decoding_error_cm"],
        100 * s["fraction_score_60_above_0.3"], 100 * s["fraction_score_60_above_0.8"],
        s["count_score_60_above_0.8"], f(s["max_score_60"]), f(s["median_grid_spacing_m"]),
        f(s["predicted_grid_spacing_m"]), s["ms_per_step"], s["seconds"] / 60,
        "yes" if ok else "no"))
