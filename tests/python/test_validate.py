"""`gridtheory validate`: the report's numbers recompute from results.csv.

A seeded results.csv with several configurations, trainer and solver runs (some that do not
path-integrate, some failed or pending; options sometimes left at their defaults) is validated;
the configurations, confusion counts (grids or not, and observed against predicted pattern),
agreement, spacing regression and failure lists are recomputed here from the CSV alone (csv
module + NumPy, written from the README's criteria, not from the C++), and compared with
summary.json and the CSV tables.
"""
import csv
import json
import os
import random
import unittest

import numpy as np

from gridtheory_testing import TempDir, cli_error, cli_text

THRESHOLDS = [0.3, 0.8, 1.2]
HEADLINE = 0.8
ERROR_CM = 10.0
TOLERANCE = 0.25
SQUARE = 0.8  # max_score_90 above: square (numerics/observed_pattern.hpp)
STRIPES = 0.6  # max_stripe_score above: stripes
HEADER = ["run_id", "index", "block", "command", "status", "error", "opt.activation",
          "opt.encoding", "opt.seed", "opt.sigma", "opt.steps", "decoding_error_cm",
          "grid_spacing_m", "max_score_60", "max_score_90", "max_stripe_score",
          "median_grid_spacing_m", "pattern", "predicted_grid_spacing_m", "predicted_pattern",
          "seconds"]


def key(t):
    return repr(float(t))


def make_results(path, seed=6):
    """A results.csv as `sweep collect` writes it (the columns validate reads)."""
    rng = random.Random(seed)
    configs = [  # (encoding, sigma, activation, predicted pattern, predicted spacing, has predict)
        ("dos", "0.12", "relu", "hexagonal", 0.906, True),
        ("dos", "0.1", "relu", "hexagonal", 0.755, True),
        ("dos", "0.12", "tanh", "stripes", 0.784, True),
        ("gaussian", "0.12", "relu", "square", None, False),
        ("sod", "0.12", "relu", "amorphous", None, True),
    ]
    rows = []

    def add(command, status, enc, sigma, act, seed_, **summary):
        row = dict.fromkeys(HEADER, "")
        # Every other run leaves the activation relu and the width 0.12 m to the defaults: the
        # join is on what the run resolved, not on what was typed.
        typed_default = seed_ % 2 == 1
        row.update({"run_id": "%s-%04d" % (command, len(rows)), "index": str(len(rows)),
                    "block": "b", "command": command, "status": status,
                    "opt.activation": "" if typed_default and act == "relu" else act,
                    "opt.encoding": enc, "opt.seed": str(seed_),
                    "opt.sigma": "" if typed_default and sigma == "0.12" else sigma})
        row.update({k: v if isinstance(v, str) else repr(v) for k, v in summary.items()})
        rows.append(row)

    for enc, sigma, act, pattern, spacing, has_predict in configs:
        if has_predict:
            add("predict", "done", enc, sigma, act, 0, pattern=pattern,
                grid_spacing_m="" if spacing is None else spacing)
        for s in range(10):
            err = rng.choice([rng.uniform(1, 9.5), rng.uniform(1, 9.5), rng.uniform(10.5, 40),
                              10.0])
            score = rng.uniform(-0.3, 1.6) if rng.random() > 0.1 else 0.8
            measured = (spacing or 1.0) * rng.uniform(0.8, 1.6) if score > 0.3 else ""
            # "0.1" written as "0.10" by hand: the join must not care.
            add("train", "done", enc, "0.10" if sigma == "0.1" and s % 2 else sigma, act, s,
                decoding_error_cm=err, max_score_60=score, median_grid_spacing_m=measured,
                max_score_90=rng.uniform(0.0, 1.2) if rng.random() > 0.1 else "",
                max_stripe_score=rng.uniform(0.0, 1.0) if rng.random() > 0.1 else "",
                predicted_pattern=pattern,
                predicted_grid_spacing_m="" if spacing is None else spacing,
                seconds=rng.uniform(1, 2))
        for s in range(4):
            score = rng.uniform(0.0, 1.5)
            measured = (spacing or 1.0) * rng.uniform(0.9, 1.2) if score > 0.3 else ""
            add("pattern", "done", enc, sigma, act, s, max_score_60=score,
                max_score_90=rng.uniform(0.0, 1.2), max_stripe_score=rng.uniform(0.0, 1.0),
                median_grid_spacing_m=measured, predicted_pattern=pattern,
                predicted_grid_spacing_m="" if spacing is None else spacing)
    add("train", "failed", "dos", "0.12", "relu", 99, error="exit 4: the loss became NaN, stop")
    add("pattern", "pending", "dos", "0.12", "relu", 98)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def number(text):
    return float(text) if text not in ("", None) else None


def recompute(path):
    """Everything validate reports, from the CSV and the written criteria alone."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))

    def config_key(r):
        # The resolved target (defaults: dos, sigma 0.12 m), activation (default relu) and box
        # (pattern runs are periodic; the others here are not).
        return (r["opt.encoding"] or "dos", float(r["opt.sigma"] or 0.12),
                r["opt.activation"] or "relu", r["command"] == "pattern")

    done = [r for r in rows if r["status"] == "done"]
    order, predict_votes, run_votes = [], {}, {}
    for r in done:
        k = config_key(r)
        if k not in order:
            order.append(k)
        if r["command"] == "predict":
            predict_votes.setdefault(k, []).append(r["pattern"])
        else:
            run_votes.setdefault(k, []).append(r["predicted_pattern"])

    def majority(votes):
        counts = {}
        for v in votes:
            counts[v] = counts.get(v, 0) + 1  # dicts keep first-seen order
        return max(counts, key=lambda p: (counts[p], -list(counts).index(p)))

    prediction = {k: majority(predict_votes.get(k) or run_votes[k]) for k in order}

    def observed(r, t):
        if r["command"] == "train" and float(r["decoding_error_cm"]) >= ERROR_CM:
            return "not_path_integrating"
        return "hexagonal" if float(r["max_score_60"]) > t else "no_grids"

    def observed_pattern(r):
        o = observed(r, HEADLINE)
        if o != "no_grids":
            return o
        s90, stripe = number(r["max_score_90"]), number(r["max_stripe_score"])
        if s90 is not None and s90 > SQUARE:
            return "square"
        if stripe is not None and stripe > STRIPES:
            return "stripes"
        return "none"

    def predicted_class(p):
        return "none" if p in ("amorphous", "none") else p

    runs = [r for r in done if r["command"] in ("train", "pattern")]
    source = {"train": "trainer", "pattern": "solver"}
    confusion, agreement = {}, {}
    for r in runs:
        s, p = source[r["command"]], prediction[config_key(r)]
        for t in THRESHOLDS:
            o = observed(r, t)
            cell = confusion.setdefault(s, {}).setdefault(key(t), {}).setdefault(p, {})
            cell[o] = cell.get(o, 0) + 1
            if o != "not_path_integrating":
                a = agreement.setdefault(s, {}).setdefault(key(t), [0, 0])
                a[0] += 1
                a[1] += (p == "hexagonal") == (o == "hexagonal")
    patterns, pattern_agreement = {}, {}
    for r in runs:
        s, p = source[r["command"]], predicted_class(prediction[config_key(r)])
        o = observed_pattern(r)
        cell = patterns.setdefault(s, {}).setdefault(p, {})
        cell[o] = cell.get(o, 0) + 1
        classes = ("hexagonal", "square", "stripes", "none")
        if p in classes and o in classes:
            a = pattern_agreement.setdefault(s, [0, 0])
            a[0] += 1
            a[1] += p == o

    spacing, points = {}, {"trainer": [], "solver": []}
    for r in runs:
        m, p = number(r["median_grid_spacing_m"]), number(r["predicted_grid_spacing_m"])
        if observed(r, HEADLINE) == "hexagonal" and m is not None and p is not None:
            points[source[r["command"]]].append((p, m, r["run_id"]))
    for s, pts in points.items():
        x = np.array([p for p, _, _ in pts])
        y = np.array([m for _, m, _ in pts])
        slope, intercept = np.polyfit(x, y, 1)
        residual = y - (intercept + slope * x)
        spacing[s] = {"n": len(pts), "slope": slope, "intercept_m": intercept,
                      "slope_through_origin": float(x @ y / (x @ x)),
                      "r_squared": 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean())),
                      "median_relative_error": float(np.median(np.abs(y - x) / x))}

    config_failures = []
    for k in order:
        for s, command in (("trainer", "train"), ("solver", "pattern")):
            obs = [observed(r, HEADLINE) for r in runs
                   if r["command"] == command and config_key(r) == k]
            scored = [o for o in obs if o != "not_path_integrating"]
            hexagonal = scored.count("hexagonal")
            if scored and (prediction[k] == "hexagonal") != (hexagonal > 0):
                config_failures.append((order.index(k) + 1, s, len(scored), hexagonal))
    spacing_failures = sorted(run_id for pts in points.values() for p, m, run_id in pts
                              if abs(m - p) / p > TOLERANCE)
    counts = {"total": len(rows), "done": len(done),
              "failed": sum(r["status"] == "failed" for r in rows),
              "pending": sum(r["status"] == "pending" for r in rows)}
    return dict(counts=counts, configs=len(order), confusion=confusion, agreement=agreement,
                patterns=patterns, pattern_agreement=pattern_agreement, spacing=spacing,
                config_failures=config_failures, spacing_failures=spacing_failures)


class Validate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        d = cls.tmp.__enter__()
        cls.results = os.path.join(d, "results.csv")
        make_results(cls.results)
        cls.out = os.path.join(d, "validation")
        cls.text = cli_text("validate", "--results", cls.results, "--out", cls.out)
        with open(os.path.join(cls.out, "summary.json")) as f:
            cls.summary = json.load(f)
        cls.expected = recompute(cls.results)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def test_counts(self):
        e, s = self.expected, self.summary
        for name, value in e["counts"].items():
            self.assertEqual(s["rows"][name], value, name)
        self.assertEqual(len(s["configs"]), e["configs"])
        self.assertEqual(s["criteria"]["score_60_thresholds"], THRESHOLDS)
        self.assertEqual(s["criteria"]["headline_threshold"], HEADLINE)
        self.assertEqual(s["criteria"]["error_threshold_cm"], ERROR_CM)

    def test_confusion_matrices(self):
        got = self.summary["confusion"]
        want = self.expected["confusion"]
        self.assertEqual(sorted(got), sorted(want))
        for source, by_threshold in want.items():
            for t, by_predicted in by_threshold.items():
                self.assertEqual(sorted(got[source][t]), sorted(by_predicted), (source, t))
                for p, by_observed in by_predicted.items():
                    for o in got[source][t][p]:
                        self.assertEqual(got[source][t][p][o], by_observed.get(o, 0),
                                         (source, t, p, o))
                    self.assertEqual(set(by_observed) - set(got[source][t][p]), set())
        # confusion.csv holds the same counts.
        with open(os.path.join(self.out, "confusion.csv"), newline="") as f:
            for r in csv.DictReader(f):
                self.assertEqual(int(r["count"]),
                                 want[r["source"]][key(r["threshold"])][r["predicted"]]
                                 .get(r["observed"], 0), r)

    def test_pattern_confusion(self):
        got = self.summary["pattern_confusion"]
        self.assertEqual(got["threshold"], HEADLINE)
        want = self.expected["patterns"]
        self.assertEqual(sorted(got["counts"]), sorted(want))
        observed_seen = set()
        for source, by_predicted in want.items():
            for p, by_observed in by_predicted.items():
                for o, n in by_observed.items():
                    self.assertEqual(got["counts"][source][p][o], n, (source, p, o))
                    observed_seen.add(o)
            # Every other cell is 0; the four classes always have their rows.
            for p, by_observed in got["counts"][source].items():
                for o, n in by_observed.items():
                    self.assertEqual(n, want[source].get(p, {}).get(o, 0), (source, p, o))
            for p in ("hexagonal", "square", "stripes", "none"):
                self.assertIn(p, got["counts"][source])
            self.assertNotIn("amorphous", got["counts"][source])
        # The fixture exercises every observed class.
        self.assertTrue({"hexagonal", "square", "stripes", "none",
                         "not_path_integrating"} <= observed_seen, observed_seen)
        for source, (runs, agree) in self.expected["pattern_agreement"].items():
            a = self.summary["pattern_agreement"][source]
            self.assertEqual((a["runs"], a["agree"]), (runs, agree), source)
        with open(os.path.join(self.out, "pattern_confusion.csv"), newline="") as f:
            for r in csv.DictReader(f):
                self.assertEqual(int(r["count"]), want[r["source"]].get(r["predicted"], {})
                                 .get(r["observed"], 0), r)

    def test_agreement(self):
        for source, by_threshold in self.expected["agreement"].items():
            for t, (runs, agree) in by_threshold.items():
                got = self.summary["agreement"][source][t]
                self.assertEqual((got["runs"], got["agree"]), (runs, agree), (source, t))

    def test_spacing_statistics(self):
        for source, want in self.expected["spacing"].items():
            got = self.summary["spacing"][source]
            self.assertEqual(got["n"], want["n"], source)
            self.assertGreaterEqual(got["n"], 3, "the fixture should give a real regression")
            for name in ("slope", "intercept_m", "slope_through_origin", "r_squared",
                         "median_relative_error"):
                self.assertAlmostEqual(got[name], want[name], places=9, msg=(source, name))
        with open(os.path.join(self.out, "spacing.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), sum(w["n"] for w in self.expected["spacing"].values()))

    def test_failures(self):
        got = self.summary["failures"]
        config = [(f["config"], f["source"], f["runs"], f["hexagonal"]) for f in got
                  if f["kind"] != "spacing"]
        self.assertEqual(sorted(config), sorted(self.expected["config_failures"]))
        spacing = sorted(f["run_id"] for f in got if f["kind"] == "spacing")
        self.assertEqual(spacing, self.expected["spacing_failures"])
        with open(os.path.join(self.out, "failures.csv"), newline="") as f:
            self.assertEqual(len(list(csv.DictReader(f))), len(got))

    def test_files(self):
        for name in ("report.md", "summary.json", "configs.csv", "confusion.csv",
                     "pattern_confusion.csv", "failures.csv", "spacing.png", "spacing.csv",
                     "spacing.gp"):
            self.assertGreater(os.path.getsize(os.path.join(self.out, name)), 0, name)
        with open(os.path.join(self.out, "configs.csv"), newline="") as f:
            self.assertEqual(len(list(csv.DictReader(f))), self.expected["configs"])
        with open(os.path.join(self.out, "report.md")) as f:
            report = f.read()
        self.assertIn("## Where the theory fails", report)
        self.assertIn("decoding_error_cm >= 10", report)
        self.assertIn("written", self.text)

    def test_bad_input(self):
        with TempDir() as d:
            out = os.path.join(d, "out")
            msg = cli_error("validate", "--results", os.path.join(d, "nope.csv"), "--out", out)
            self.assertIn("--results", msg)
            bad = os.path.join(d, "bad.csv")
            with open(bad, "w") as f:
                f.write("run_id,command\na,train\n")
            self.assertIn("has no column 'status'",
                          cli_error("validate", "--results", bad, "--out", out))
            with open(bad, "w") as f:
                f.write("run_id,command,status\na,train,failed\n")
            self.assertIn("has no row with status done",
                          cli_error("validate", "--results", bad, "--out", out))
            self.assertIn("--error-threshold-cm",
                          cli_error("validate", "--results", self.results, "--out", out,
                                    "--error-threshold-cm", "-3"))
            self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
