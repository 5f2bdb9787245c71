"""gridtheory.pattern, pattern_kernel and pattern_dynamics: equal to `gridtheory pattern`
(summary.json, maps.npy, metrics.csv), with the CLI's error messages."""
import csv
import inspect
import math
import os
import unittest

import numpy as np

import gridtheory
from gridtheory_testing import as_keywords, TempDir, cli_error, cli_json

SMALL = {"maps": 4, "steps": 150, "res": 20, "cells": 128, "threads": 1}
SMALL_ARGS = ["--maps", "4", "--steps", "150", "--res", "20", "--cells", "128", "--threads", "1"]


def g6(v):
    return "nan" if math.isnan(v) else "%.6g" % v


class PatternEqualsCli(unittest.TestCase):
    def test_default_cells_keep_nfl_density_and_the_box_is_periodic(self):
        # 512 cells in the 2.2 m box; round(512 (box / 2.2)^2) elsewhere; cells= wins.
        tiny = {"maps": 1, "steps": 2, "res": 24, "threads": 1}
        self.assertEqual(gridtheory.pattern(**tiny).cells, 512)
        big = gridtheory.pattern(box=4.4, **tiny)
        self.assertEqual(big.cells, 2048)
        self.assertEqual(big.encoding["cells"], 2048)
        self.assertIs(big.periodic, True)
        self.assertEqual(gridtheory.pattern(box=4.4, cells=300, **tiny).cells, 300)

    def test_summary_maps_and_metrics_equal_the_cli(self):
        for kwargs, args in (({}, []),
                             ({"kernel": "analytic", "activation": "tanh", "box": 3},
                              ["--kernel", "analytic", "--activation", "tanh", "--box", "3"]),
                             ({"multi": True, "lr": 0.2, "gain": 0.5},
                              ["--multi", "--lr", "0.2", "--gain", "0.5"])):
            small, small_args = dict(SMALL), list(SMALL_ARGS)
            if kwargs.get("kernel") == "analytic":  # cells draw the sampled kernel only
                del small["cells"]
                del small_args[6:8]
            with self.subTest(kwargs=kwargs), TempDir() as d:
                r = gridtheory.pattern(**small, **kwargs)
                summary = cli_json("pattern", "--format", "json", "--out", d, *small_args, *args)
                maps = r.maps
                scores = r.scores
                self.assertEqual(r.to_dict(), summary)
                np.testing.assert_array_equal(maps, np.load(os.path.join(d, "maps.npy")))
                with open(os.path.join(d, "metrics.csv")) as f:
                    rows = list(csv.reader(f))
                self.assertEqual(rows[0], ["unit"] + list(gridtheory.score_columns) + ["sac"])
                self.assertEqual(scores.sac, "deepmind")
                self.assertEqual(summary["sac"], "deepmind")
                for m, row in enumerate(rows[1:]):
                    self.assertEqual(row[1:], [g6(getattr(scores, c)[m]) for c in gridtheory.score_columns]
                                     + ["deepmind"])

    def test_kernel_and_dynamics_are_the_pattern_run(self):
        r = gridtheory.pattern(**SMALL)
        kernel = gridtheory.pattern_kernel(cells=128, res=20, threads=1)
        sigma_hat = kernel.sigma_hat
        self.assertEqual(sigma_hat.shape, (20, 11))
        self.assertEqual(sigma_hat.max(), 1.0)
        maps = gridtheory.pattern_dynamics(sigma_hat, maps=4, steps=150, threads=2).maps
        np.testing.assert_array_equal(maps, r.maps)
        # The kernel object is its sigma_hat.
        np.testing.assert_array_equal(
            gridtheory.pattern_dynamics(kernel, maps=4, steps=150, threads=1).maps, r.maps)
        # From given initial maps: zero steps return them; float32 input is accepted.
        start = np.random.default_rng(0).normal(size=(3, 20, 20)).astype(np.float32)
        np.testing.assert_array_equal(gridtheory.pattern_dynamics(sigma_hat, steps=0,
                                                                  initial=start).maps, start)
        # Non-contiguous kernel.
        wide = np.zeros((20, 22))
        wide[:, ::2] = sigma_hat
        np.testing.assert_array_equal(
            gridtheory.pattern_dynamics(wide[:, ::2], maps=2, steps=20).maps,
            gridtheory.pattern_dynamics(sigma_hat, maps=2, steps=20).maps)


class BadInput(unittest.TestCase):
    def test_options_give_the_cli_message(self):
        for kwargs, args in (({"encoding": "cartesian"}, ["--encoding", "cartesian"]),
                             ({"kernel": "fft"}, ["--kernel", "fft"]),
                             ({"kernel": "analytic", "fields_per_cell": 2},
                              ["--kernel", "analytic", "--fields-per-cell", "2"]),
                             ({"lr": 2}, ["--lr", "2"]),
                             ({"maps": 0}, ["--maps", "0"]),
                             ({"res": 4}, ["--res", "4"]),
                             ({"gain": -1, "multi": True}, ["--gain", "-1", "--multi"]),
                             # Options that do not apply are refused, not ignored.
                             ({"gain": 2}, ["--gain", "2"]),
                             ({"kernel": "analytic", "cells": 5},
                              ["--kernel", "analytic", "--cells", "5"]),
                             ({"steps": -3}, ["--steps", "-3"])):
            with self.subTest(kwargs=kwargs), TempDir() as d:
                with self.assertRaises(ValueError) as e:
                    gridtheory.pattern(**kwargs)
                self.assertEqual(str(e.exception),
                                 as_keywords(cli_error("pattern", "--out", os.path.join(d, "x"), *args)))

    def test_arrays_of_the_wrong_shape(self):
        k = gridtheory.pattern_kernel(res=16, kernel="analytic").sigma_hat
        for bad in (np.zeros((16, 16)), np.zeros(9), k.astype(complex), -k, k * np.nan):
            with self.subTest(shape=bad.shape, dtype=bad.dtype), self.assertRaises(ValueError):
                gridtheory.pattern_dynamics(bad)
        for bad in (np.zeros((2, 16, 15)), np.zeros((16, 16)), np.full((1, 16, 16), np.inf)):
            with self.subTest(initial=bad.shape), self.assertRaises(ValueError):
                gridtheory.pattern_dynamics(k, initial=bad)
        with self.assertRaises(ValueError):
            gridtheory.pattern_dynamics(k, maps=3, initial=np.zeros((2, 16, 16)))


class TypedApi(unittest.TestCase):
    def test_signatures_keep_the_keywords_and_defaults(self):
        encoding = [("encoding", "dos"), ("sigma", None), ("surround_ratio", None),
                    ("surround_variance_ratio", None), ("alpha_e", None), ("alpha_i", None),
                    ("fields_per_cell", None), ("cells", None)]
        for f, expected in (
                (gridtheory.pattern, encoding + [
                    ("box", 2.2), ("activation", "relu"), ("seed", 0), ("maps", 16),
                    ("steps", None), ("res", 55), ("lr", None), ("gain", None),
                    ("threads", None), ("multi", False), ("kernel", "sampled")]),
                (gridtheory.pattern_kernel, encoding + [
                    ("box", 2.2), ("activation", "relu"), ("seed", 0), ("res", 55),
                    ("kernel", "sampled"), ("threads", None)]),
                (gridtheory.pattern_dynamics, [
                    ("sigma_hat", inspect.Parameter.empty), ("maps", None), ("steps", None),
                    ("lr", None), ("activation", "relu"), ("multi", False),
                    ("normalise", True), ("gain", None), ("init_scale", 1e-8), ("seed", 0),
                    ("threads", None), ("initial", None)])):
            with self.subTest(f=f.__name__):
                params = inspect.signature(f).parameters.values()
                self.assertEqual([(p.name, p.default) for p in params], expected)

    def test_result_types(self):
        r = gridtheory.pattern(maps=3, steps=5, res=16, threads=1, kernel="analytic")
        self.assertIsInstance(r, gridtheory.Pattern)
        self.assertEqual((type(r.maps), r.maps.shape, r.maps.dtype),
                         (np.ndarray, (3, 16, 16), np.float64))
        self.assertIsInstance(r.scores, gridtheory.Scores)
        self.assertEqual(r.scores.score_60.shape, (3,))
        d = r.to_dict()
        self.assertEqual(d["maps"], 3)
        self.assertEqual((r.res, r.steps, r.kernel, r.box_m), (16, 5, "analytic", 2.2))
        self.assertEqual(r.fraction_score_60_above_0_8, d["fraction_score_60_above_0.8"])
        self.assertEqual(r.predicted_grid_spacing_m, d["predicted_grid_spacing_m"])
        self.assertIn("3 maps", repr(r))
        k = gridtheory.pattern_kernel(res=16, kernel="analytic")
        self.assertIsInstance(k, gridtheory.PatternKernel)
        self.assertEqual((k.sigma_hat.shape, k.res, k.kernel), ((16, 9), 16, "analytic"))
        np.testing.assert_array_equal(np.asarray(k), k.sigma_hat)
        dyn = gridtheory.pattern_dynamics(k, maps=2, steps=3, threads=1)
        self.assertIsInstance(dyn, gridtheory.PatternDynamics)
        self.assertEqual((dyn.maps.shape, dyn.steps, dyn.multi), ((2, 16, 16), 3, False))

    def test_wrong_types_name_the_keyword(self):
        for kwargs, start in (({"lr": True}, "lr: 'True' is a truth value"),
                              ({"lr": "0.3"}, "lr: '0.3' is text, not a number"),
                              ({"maps": 2.0}, "maps: '2.0' is not a whole number"),
                              ({"box": [2.2]}, "box: '[2.2]' is not a number"),
                              ({"multi": 1}, "multi: '1' is not a truth value"),
                              ({"sigma": True}, "sigma: 'True' is a truth value"),
                              ({"cells": 12.5}, "cells: '12.5' is not a whole number")):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                gridtheory.pattern(**kwargs)
            self.assertTrue(str(e.exception).startswith(start), str(e.exception))
        # A distribution keeps its text form.
        r = gridtheory.pattern_kernel(sigma="uniform:0.11,0.13", res=16, threads=1)
        self.assertEqual(r.encoding["sigma_m"], {"distribution": "uniform", "lo": 0.11, "hi": 0.13})


if __name__ == "__main__":
    unittest.main()
