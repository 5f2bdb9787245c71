#!/usr/bin/env python3
"""The screen preset's agreement table: each screen run against the lightweight run of the same
configuration and seed (sweeps/screen_preset.toml, after `gridtheory sweep collect`).

Per pair: both decoding errors, grids yes/no at score_60 0.8 and 0.3 (NFL's rule: a network has
grids when it path-integrates, decoding error < 10 cm, and a unit's score_60 exceeds the
threshold), and the median grid spacing (SAC peaks of the grid-like units whose SAC and Fourier
spacings agree) when both networks have one. Then the agreement over pairs with 95% Wilson
intervals and the cost (median wall-clock seconds per run of each preset, from summary.json).

Usage: scripts/screen_table.py RESULTS.csv OUT.md      (Debian's python3, standard library only)
"""
import csv
import math
import statistics
import sys

KEY = ("opt.encoding", "opt.sigma", "opt.surround-ratio", "opt.alpha-e", "opt.alpha-i",
       "opt.activation", "opt.seed")
ERROR_CM = 10.0


def number(row, name):
    try:
        v = float(row.get(name, ""))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def grids(row, threshold):
    err, best = number(row, "decoding_error_cm"), number(row, "max_score_60")
    if err is None or best is None:
        return None
    return err < ERROR_CM and best > threshold


def wilson(k, n, z=1.959964):
    if n == 0:
        return "n/a"
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return f"{k}/{n} ({100 * max(0, centre - half):.0f}-{100 * min(1, centre + half):.0f}%)"


def label(row):
    parts = [row["opt.encoding"]]
    for name in ("opt.sigma", "opt.surround-ratio", "opt.alpha-e", "opt.alpha-i"):
        if row.get(name):
            parts.append(f"{name[4:]} {row[name]}")
    parts.append(row.get("opt.activation") or "relu")
    return ", ".join(parts)


def main():
    rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["status"] == "done"]
    screen = {tuple(r.get(k, "") for k in KEY): r for r in rows if r["block"].startswith("screen")}
    light = {tuple(r.get(k, "") for k in KEY): r for r in rows
             if r["block"].startswith("lightweight")}
    lines = ["| configuration | seed | error (cm) screen / light | grids 0.8 | grids 0.3 | "
             "spacing (m) screen / light | spacing within 10% |",
             "|---|---|---|---|---|---|---|"]
    agree08 = agree03 = pairs = spaced = spaced_ok = 0
    for key in sorted(screen, key=lambda k: (label(screen[k]), k[-1])):
        if key not in light:
            continue
        s, l = screen[key], light[key]
        pairs += 1
        g = [(grids(s, t), grids(l, t)) for t in (0.8, 0.3)]
        agree08 += g[0][0] == g[0][1]
        agree03 += g[1][0] == g[1][1]
        ss, ls = number(s, "median_grid_spacing_m"), number(l, "median_grid_spacing_m")
        within = ""
        if ss is not None and ls is not None and g[1][0] and g[1][1]:
            spaced += 1
            ok = abs(ss - ls) <= 0.1 * ls
            spaced_ok += ok
            within = "yes" if ok else "no"
        yn = lambda b: "n/a" if b is None else ("yes" if b else "no")
        fmt = lambda v: "n/a" if v is None else f"{v:.3g}"
        lines.append(f"| {label(s)} | {key[-1]} | {fmt(number(s, 'decoding_error_cm'))} / "
                     f"{fmt(number(l, 'decoding_error_cm'))} | {yn(g[0][0])} / {yn(g[0][1])} | "
                     f"{yn(g[1][0])} / {yn(g[1][1])} | {fmt(ss)} / {fmt(ls)} | {within} |")
    cost = lambda runs: statistics.median([number(r, "seconds") for r in runs
                                           if number(r, "seconds") is not None] or [float("nan")])
    place = lambda r: r["opt.encoding"] not in ("cartesian", "polar")
    cs = cost([r for r in screen.values() if place(r)])
    cl = cost([r for r in light.values() if place(r)])
    text = (f"Screen candidate vs lightweight preset: {pairs} pairs (same configuration and seed) of "
            f"{len(screen)} screen and {len(light)} lightweight runs done.\n\n"
            f"- grids yes/no agree at 0.8: {wilson(agree08, pairs)}; at 0.3: "
            f"{wilson(agree03, pairs)} (95% Wilson intervals)\n"
            f"- spacing within 10% where both have grid-like units at 0.3: "
            f"{wilson(spaced_ok, spaced)}\n"
            f"- median seconds per place-code run: screen {cs:.0f}, lightweight {cl:.0f} "
            f"(ratio {cs / cl if cl == cl and cl else float('nan'):.2f}; wall clock on 2 shared "
            f"cores, so only indicative)\n\n" + "\n".join(lines) + "\n")
    open(sys.argv[2], "w").write(text)
    print(text)


if __name__ == "__main__":
    main()
