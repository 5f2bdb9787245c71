"""gridtheory.spectrum, power and scan: equal to `gridtheory spectrum` and `gridtheory scan`,
with the CLI's error messages."""
import csv
import inspect
import io
import math
import unittest

import numpy as np

import gridtheory
from gridtheory_testing import as_keywords, cli_error, cli_json, cli_text


def rows_of(csv_text):
    return list(csv.reader(io.StringIO(csv_text)))


def g10(v):
    return "%.10g" % v


class Spectrum(unittest.TestCase):
    def assert_equals_cli_csv(self, d, args):
        rows = rows_of(cli_text("spectrum", *args))
        self.assertEqual(rows[0], ["k_per_m", "power"])
        self.assertEqual(len(rows) - 1, len(d.k_per_m))
        self.assertEqual([[g10(k), g10(p)] for k, p in zip(d.k_per_m, d.power)], rows[1:])
        self.assertEqual(d.csv, cli_text("spectrum", *args))

    def test_analytic_equals_the_cli(self):
        for kwargs, args in (({}, []),
                             ({"surround_variance_ratio": 2, "points": 50},
                              ["--surround-variance-ratio", "2", "--points", "50"]),
                             ({"sigma": "uniform:0.1,0.14", "k_max": 30},
                              ["--sigma", "uniform:0.1,0.14", "--k-max", "30"])):
            with self.subTest(kwargs=kwargs):
                d = gridtheory.spectrum(**kwargs)
                self.assertEqual(d.method, "analytic")
                self.assert_equals_cli_csv(d, args)
        d = gridtheory.spectrum()
        self.assertEqual(len(d.k_per_m), 401)
        self.assertEqual(d.k_per_m[0], 0.0)
        self.assertAlmostEqual(d.k_star_per_m, 8.011, places=3)
        # Solid walls (the default): the lowest mode is pi / L (standing waves); it was 2 pi / L
        # before the convention change, which the periodic box keeps.
        self.assertAlmostEqual(d.box_mode_per_m, math.pi / 2.2, places=12)
        self.assertAlmostEqual(gridtheory.spectrum(periodic=True).box_mode_per_m,
                               2 * math.pi / 2.2, places=12)

    def test_sampled_equals_the_cli(self):
        kwargs = {"method": "sampled", "cells": 64, "res": 24, "seed": 2, "threads": 1}
        args = ["--method", "sampled", "--cells", "64", "--res", "24", "--seed", "2",
                "--threads", "1"]
        d = gridtheory.spectrum(**kwargs)
        self.assertEqual(d.method, "sampled")
        self.assert_equals_cli_csv(d, args)
        self.assertEqual(d.fft_size, 48)  # solid walls: zero-padded to 2 res
        self.assertEqual(d.half_spectrum.shape, (48, 25))
        p = gridtheory.spectrum(periodic=True, **kwargs)
        self.assertEqual(p.half_spectrum.shape, (24, 13))
        self.assertAlmostEqual(p.k_step_per_m, 2 * math.pi / 2.2, places=12)

    def test_power_is_the_spectrums_power(self):
        d = gridtheory.spectrum(surround_variance_ratio=2)
        np.testing.assert_array_equal(gridtheory.power(d.k_per_m, surround_variance_ratio=2),
                                      d.power)
        k = np.array([[1.0, 8.0], [9.8, 20.0]], dtype=np.float32)
        self.assertEqual(gridtheory.power(k).shape, (2, 2))
        self.assertEqual(gridtheory.power(8.0).shape, ())
        self.assertEqual(float(gridtheory.power(0.0, encoding="gaussian")), 1.0)

    def test_errors(self):
        for kwargs, args in (({"encoding": "polar"}, ["--encoding", "polar"]),
                             ({"fields_per_cell": 2, "method": "analytic"},
                              ["--fields-per-cell", "2", "--method", "analytic"]),
                             ({"method": "sampled", "points": 10},
                              ["--method", "sampled", "--points", "10"]),
                             ({"k_max": 0}, ["--k-max", "0"]),
                             ({"points": 1}, ["--points", "1"]),
                             # The analytic spectrum draws nothing: these do not apply.
                             ({"res": 32}, ["--res", "32"]),
                             ({"seed": 3}, ["--seed", "3"]),
                             ({"cells": 64, "method": "analytic"},
                              ["--cells", "64", "--method", "analytic"])):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                gridtheory.spectrum(**kwargs)
            self.assertEqual(str(e.exception), as_keywords(cli_error("spectrum", *args)))
        with self.assertRaises(ValueError):
            gridtheory.power(np.array([1j]))
        with self.assertRaises(ValueError):
            gridtheory.power(1.0, encoding="cartesian")


class Scan(unittest.TestCase):
    def test_json_and_csv_equal_the_cli(self):
        for kwargs, args in (({"sigma": "0.10:0.14:0.02"}, ["--sigma", "0.10:0.14:0.02"]),
                             ({"box": "2:3:0.5", "periodic": True, "activation": "tanh"},
                              ["--box", "2:3:0.5", "--periodic", "--activation", "tanh"]),
                             ({"surround_variance_ratio": "1.5:2.5:0.5", "method": "sampled",
                               "cells": 32, "res": 16, "threads": 1},
                              ["--surround-variance-ratio", "1.5:2.5:0.5", "--method", "sampled",
                               "--cells", "32", "--res", "16", "--threads", "1"])):
            with self.subTest(kwargs=kwargs):
                s = gridtheory.scan(**kwargs)
                self.assertEqual(s.to_dict(), cli_json("scan", "--format", "json", *args))
                self.assertEqual(s.csv, cli_text("scan", *args))

    def test_a_list_of_values_is_the_same_scan(self):
        by_range = gridtheory.scan(sigma="0.10:0.14:0.02")
        by_list = gridtheory.scan(sigma=[0.10, 0.12, 0.14])
        by_array = gridtheory.scan(sigma=np.array([0.10, 0.12, 0.14], dtype=np.float32))
        self.assertEqual(by_list.parameter, "sigma")
        for a, b in zip(by_range.to_dict()["rows"], by_list.to_dict()["rows"]):
            self.assertAlmostEqual(a.pop("value"), b.pop("value"), places=12)
            self.assertEqual(a, b)
        self.assertEqual(len(by_array), 3)

    def test_table_holds_the_csv_columns(self):
        s = gridtheory.scan(sigma="0.10:0.14:0.02")
        t = s.table()
        rows = rows_of(s.csv)
        self.assertEqual(list(t), rows[0])
        for i, row in enumerate(rows[1:]):
            for name, cell in zip(rows[0], row):
                v = t[name][i]
                if isinstance(v, str) or v is None:
                    self.assertEqual(cell, v or "")
                elif cell == "":
                    self.assertTrue(math.isnan(v))
                else:
                    self.assertEqual(cell, g10(v), name)

    def test_columns_are_attributes(self):
        s = gridtheory.scan(sigma=[0.1, 0.12])
        t = s.table()
        np.testing.assert_array_equal(s.values, t["sigma"])
        for name in list(t)[1:]:
            if isinstance(t[name], np.ndarray):
                np.testing.assert_array_equal(getattr(s, name), t[name], name)
            else:
                self.assertEqual(getattr(s, name), t[name], name)

    def test_errors(self):
        for kwargs, args in (({}, []),
                             ({"sigma": "0.1:0.2:0.05", "box": "2:3:1"},
                              ["--sigma", "0.1:0.2:0.05", "--box", "2:3:1"]),
                             ({"sigma": "0.2:0.1:0.05"}, ["--sigma", "0.2:0.1:0.05"]),
                             ({"sigma": "-0.1:0.1:0.1"}, ["--sigma", "-0.1:0.1:0.1"]),
                             ({"sigma": "0.1:0.2"}, ["--sigma", "0.1:0.2"]),
                             ({"sigma": "0.1:0.2:0.05", "res": 32},
                              ["--sigma", "0.1:0.2:0.05", "--res", "32"])):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                gridtheory.scan(**kwargs)
            self.assertEqual(str(e.exception), as_keywords(cli_error("scan", *args)))
        with self.assertRaises(ValueError):
            gridtheory.scan(sigma=[])
        with self.assertRaises(ValueError):
            gridtheory.scan(sigma=[0.1, 0.0])
        with self.assertRaises(ValueError):
            gridtheory.scan(sigma=[0.1], box=[2, 3])


class TypedInterface(unittest.TestCase):
    def test_signatures(self):
        encoding = ["encoding", "sigma", "surround_ratio", "surround_variance_ratio", "alpha_e",
                    "alpha_i", "fields_per_cell", "cells"]
        expected = {
            "spectrum": (encoding + ["box", "periodic", "method", "seed", "res", "threads",
                                     "k_max", "points", "plot", "log_power"],
                         {"box": 2.2, "periodic": False, "method": "auto", "seed": None,
                          "k_max": None, "points": None}),
            "scan": (encoding + ["box", "periodic", "activation", "method", "seed", "res",
                                 "threads", "plot"],
                     {"box": 2.2, "activation": "relu", "seed": None, "plot": None}),
            "power": (["k_per_m"] + encoding, {"encoding": "dos", "cells": None}),
        }
        for name, (params, defaults) in expected.items():
            with self.subTest(name=name):
                sig = inspect.signature(getattr(gridtheory, name))
                self.assertEqual(list(sig.parameters), params)
                for k, v in defaults.items():
                    self.assertEqual(sig.parameters[k].default, v, k)

    def test_result_types(self):
        d = gridtheory.spectrum(points=50)
        self.assertIsInstance(d, gridtheory.Spectrum)
        for a in (d.k_per_m, d.power):
            self.assertIsInstance(a, np.ndarray)
            self.assertEqual(a.dtype, np.float64)
            self.assertEqual(a.shape, (50,))
        self.assertIsNone(d.half_spectrum)
        self.assertIsNone(d.fft_size)
        self.assertEqual(len(d), 50)
        self.assertEqual(set(d.to_dict()), {"k_per_m", "power", "method", "k_star_per_m",
                                            "box_mode_per_m", "power_at_box_mode"})
        s = gridtheory.scan(box=[2.0, 2.5])
        self.assertIsInstance(s, gridtheory.Scan)
        self.assertEqual(s.parameter, "box")
        self.assertEqual(s.values.dtype, np.float64)
        self.assertEqual(s.values.shape, (2,))
        self.assertEqual(s.grid_spacing_m.shape, (2,))
        self.assertEqual(s.pattern, ["hexagonal", "hexagonal"])
        self.assertIn("box", repr(s))

    def test_wrong_types_name_the_keyword(self):
        for f, kwargs, keyword in ((gridtheory.spectrum, {"k_max": "30"}, "k_max"),
                                   (gridtheory.spectrum, {"points": 2.5}, "points"),
                                   (gridtheory.spectrum, {"periodic": "yes"}, "periodic"),
                                   (gridtheory.scan, {"sigma": [0.1, True]}, "sigma"),
                                   (gridtheory.scan, {"sigma": "0.1:0.2:0.1", "seed": "1"}, "seed"),
                                   (gridtheory.power, {"k_per_m": 1.0, "cells": "3"}, "cells")):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                f(**kwargs)
            self.assertTrue(str(e.exception).startswith(keyword + ": "), str(e.exception))


if __name__ == "__main__":
    unittest.main()
