"""gridtheory.predict and the encodings: equal to `gridtheory predict`, same defaults, same
error messages as ValueError; the module's metadata, help texts and installation."""
import glob
import inspect
import os
import subprocess
import sys
import unittest

import numpy as np

import gridtheory
from gridtheory_testing import as_keywords, BUILD_DIR, TempDir, cli_error, cli_json, cli_text, run_cli


# (keyword arguments, the same options on the command line)
CASES = [
    ({}, []),
    ({"surround_variance_ratio": 2}, ["--surround-variance-ratio", "2"]),
    ({"sigma": 0.1, "box": 3, "periodic": True}, ["--sigma", "0.1", "--box", "3", "--periodic"]),
    ({"encoding": "gaussian"}, ["--encoding", "gaussian"]),
    ({"encoding": "general-dog", "alpha_e": 2, "alpha_i": 1},
     ["--encoding", "general-dog", "--alpha-e", "2", "--alpha-i", "1"]),
    ({"sigma": "uniform:0.1,0.14"}, ["--sigma", "uniform:0.1,0.14"]),
    ({"activation": "tanh"}, ["--activation", "tanh"]),
    ({"encoding": "cartesian"}, ["--encoding", "cartesian"]),
    ({"encoding": "polar"}, ["--encoding", "polar"]),
    ({"method": "sampled", "cells": 64, "res": 24, "seed": 3, "threads": 1},
     ["--method", "sampled", "--cells", "64", "--res", "24", "--seed", "3", "--threads", "1"]),
    ({"fields_per_cell": "poisson:1", "cells": 48, "res": 16, "threads": 2},
     ["--fields-per-cell", "poisson:1", "--cells", "48", "--res", "16", "--threads", "2"]),
]

# (keyword arguments, the same options on the command line): bad input
BAD = [
    ({"sigma": 0}, ["--sigma", "0"]),
    ({"sigma": float("nan")}, ["--sigma", "nan"]),
    ({"sigma": "uniform:0.2,0.1"}, ["--sigma", "uniform:0.2,0.1"]),
    ({"surround_ratio": 1}, ["--surround-ratio", "1"]),
    ({"surround_ratio": 2, "surround_variance_ratio": 4},
     ["--surround-ratio", "2", "--surround-variance-ratio", "4"]),
    ({"alpha_e": 2}, ["--alpha-e", "2"]),
    ({"encoding": "cartesian", "sigma": 0.1}, ["--encoding", "cartesian", "--sigma", "0.1"]),
    ({"encoding": "dogg"}, ["--encoding", "dogg"]),
    ({"activation": "softplus"}, ["--activation", "softplus"]),
    ({"box": 0}, ["--box", "0"]),
    ({"box": -1.5}, ["--box", "-1.5"]),
    ({"method": "exact"}, ["--method", "exact"]),
    ({"res": 4, "method": "sampled"}, ["--res", "4", "--method", "sampled"]),
    ({"res": 64}, ["--res", "64"]),  # the analytic spectrum: --res does not apply
    ({"threads": 0}, ["--threads", "0"]),
    ({"seed": -1}, ["--seed", "-1"]),
    ({"encoding": "cartesian", "plot": "x.png"}, ["--encoding", "cartesian", "--plot", "x.png"]),
    ({"plot": "missing/dir/x.png"}, ["--plot", "missing/dir/x.png"]),
]


class PredictEqualsCli(unittest.TestCase):
    def test_json_equals_the_cli(self):
        for kwargs, args in CASES:
            with self.subTest(kwargs=kwargs):
                self.assertEqual(gridtheory.predict(**kwargs).to_dict(),
                                 cli_json("predict", "--format", "json", *args))

    def test_text_equals_the_cli(self):
        for kwargs, args in CASES[:3]:
            with self.subTest(kwargs=kwargs):
                p = gridtheory.predict(**kwargs)
                self.assertEqual(p.text, cli_text("predict", *args))
                self.assertEqual(str(p), p.text)

    def test_defaults_are_nfls_ideal_target(self):
        p = gridtheory.predict()
        self.assertEqual(p.pattern, "hexagonal")
        self.assertAlmostEqual(p.k_star_per_m, 8.011, places=3)
        self.assertAlmostEqual(p.grid_spacing_m, 0.906, places=3)
        self.assertEqual(p.box_m, 2.2)
        self.assertEqual(p.activation, "relu")
        self.assertEqual(p.encoding.sigma_m, 0.12)
        self.assertEqual(p.to_dict(),
                         gridtheory.predict(encoding="dos", sigma=0.12, surround_ratio=2,
                                            box=2.2, activation="relu").to_dict())

    def test_numbers_and_text_forms_are_the_same_option(self):
        # A number is a number whatever its Python or numpy type; text only where the parameter
        # has a text form (a width: 'V' or 'uniform:LO,HI').
        a = gridtheory.predict(sigma=0.11, cells=256, box=2).to_dict()
        for kwargs in ({"sigma": "0.11", "cells": 256, "box": 2},
                       {"sigma": np.float64(0.11), "cells": np.int64(256), "box": np.int32(2)},
                       {"sigma": 0.11, "cells": 256, "box": 2.0}):
            self.assertEqual(gridtheory.predict(**kwargs).to_dict(), a)

    def test_plot_writes_the_figure(self):
        with TempDir() as d:
            png = os.path.join(d, "spectrum.png")
            gridtheory.predict(plot=png)
            for ext in (".png", ".csv", ".gp"):
                self.assertTrue(os.path.getsize(png[:-4] + ext) > 0)


class BadInput(unittest.TestCase):
    def test_value_errors_carry_the_cli_message(self):
        for kwargs, args in BAD:
            with self.subTest(kwargs=kwargs):
                with self.assertRaises(ValueError) as e:
                    gridtheory.predict(**kwargs)
                self.assertEqual(str(e.exception), as_keywords(cli_error("predict", *args)))

    def test_values_that_are_not_numbers(self):
        for value in (True, np.bool_(False), 1j, [0.1], None.__class__, object()):
            with self.subTest(value=value), self.assertRaises(ValueError) as e:
                gridtheory.predict(sigma=value)
            self.assertTrue(str(e.exception).startswith("sigma: "))
        with self.assertRaises(ValueError):
            gridtheory.predict(encoding=3)


class TypedInterface(unittest.TestCase):
    def test_signatures(self):
        encoding = ["encoding", "sigma", "surround_ratio", "surround_variance_ratio", "alpha_e",
                    "alpha_i", "fields_per_cell", "cells"]
        expected = {
            "make_encoding": encoding,
            "describe_encoding": encoding,
            "predict": encoding + ["box", "periodic", "activation", "method", "seed", "res",
                                   "threads", "plot", "log_power"],
        }
        for name, params in expected.items():
            with self.subTest(name=name):
                sig = inspect.signature(getattr(gridtheory, name))
                self.assertEqual(list(sig.parameters), params)
        sig = inspect.signature(gridtheory.predict)
        defaults = {k: v.default for k, v in sig.parameters.items()}
        self.assertEqual(defaults["encoding"], "dos")
        self.assertIsNone(defaults["sigma"])
        self.assertEqual(defaults["box"], 2.2)
        self.assertIs(defaults["periodic"], False)
        self.assertEqual(defaults["activation"], "relu")
        self.assertEqual(defaults["method"], "auto")
        self.assertEqual(defaults["seed"], 0)
        self.assertIsNone(defaults["plot"])
        self.assertEqual(sig.return_annotation, "Prediction")  # postponed annotations

    def test_result_types(self):
        p = gridtheory.predict()
        self.assertIsInstance(p, gridtheory.Prediction)
        self.assertIsInstance(p.k_star_per_m, float)
        self.assertIsInstance(p.caveats, list)
        self.assertIsInstance(p.box_lattice, dict)
        self.assertIsInstance(p.encoding, gridtheory.Encoding)
        self.assertIsInstance(p.seed, int)
        self.assertIn("hexagonal", repr(p))
        none = gridtheory.predict(encoding="gaussian")
        self.assertIsNone(none.k_star_per_m)
        self.assertIsNone(none.box_lattice)
        e = gridtheory.make_encoding(sigma="uniform:0.1,0.14")
        self.assertEqual(e.family, "dos")
        self.assertEqual(e.sigma_m, {"distribution": "uniform", "lo": 0.1, "hi": 0.14})
        self.assertEqual(e.cells, 512)
        self.assertIsNone(gridtheory.make_encoding(encoding="gaussian").surround_ratio)
        self.assertEqual(gridtheory.describe_encoding(), gridtheory.make_encoding().description)

    def test_wrong_types_name_the_keyword(self):
        for kwargs, keyword in (({"box": True}, "box"), ({"box": "2"}, "box"),
                                ({"cells": "256"}, "cells"), ({"seed": 1.5}, "seed"),
                                ({"alpha_e": "2", "encoding": "general-dog"}, "alpha_e"),
                                ({"res": np.bool_(True)}, "res"), ({"threads": "2"}, "threads"),
                                ({"periodic": 1}, "periodic"), ({"method": 1}, "method"),
                                ({"activation": None}, "activation"), ({"plot": 3}, "plot"),
                                ({"fields_per_cell": True}, "fields_per_cell")):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                gridtheory.predict(**kwargs)
            self.assertTrue(str(e.exception).startswith(keyword + ": "), str(e.exception))
        with self.assertRaises(ValueError) as e:
            gridtheory.predict(cells=2.5)  # a count is an int, as Python's own counts are
        self.assertEqual(str(e.exception),
                         "cells: '2.5' is not a whole number (allowed: a whole number (int))")
        with self.assertRaises(ValueError) as e:
            gridtheory.predict(box="2")
        self.assertEqual(str(e.exception),
                         "box: \'2\' is text, not a number (allowed: a real number (int or float))")


class Boxes(unittest.TestCase):
    def test_box_is_the_arena_a_prediction_used(self):
        self.assertEqual(gridtheory.predict().box, gridtheory.Box())
        p = gridtheory.predict(box=4.4, periodic=True)
        self.assertEqual(p.box, gridtheory.Box(4.4, periodic=True))
        self.assertEqual((p.box.side_m, p.box.periodic), (p.box_m, p.periodic))
        # The lattice step: pi / L with solid walls, 2 pi / L periodic.
        self.assertAlmostEqual(gridtheory.Box(2.2).lowest_mode_per_m, np.pi / 2.2, places=12)
        self.assertAlmostEqual(gridtheory.Box(2.2, periodic=True).lowest_mode_per_m,
                               2 * np.pi / 2.2, places=12)
        self.assertEqual(p.box.lowest_mode_per_m, p.box_lowest_mode_per_m)
        self.assertEqual(repr(gridtheory.Box(2.2)), "Box(side_m=2.2, periodic=False)")

    def test_a_bad_box_names_its_keyword(self):
        for kwargs, message in (({"side_m": 0}, "side_m: '0' is out of range"),
                                ({"side_m": "2"}, "side_m: '2' is text, not a number"),
                                ({"periodic": 1}, "periodic: '1' is not a truth value")):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                gridtheory.Box(**kwargs)
            self.assertTrue(str(e.exception).startswith(message), str(e.exception))


class Encodings(unittest.TestCase):
    def test_make_encoding_is_predicts_encoding(self):
        for kwargs, _ in CASES:
            kwargs = {k: v for k, v in kwargs.items()
                      if k in ("encoding", "sigma", "surround_ratio", "surround_variance_ratio",
                               "alpha_e", "alpha_i", "fields_per_cell", "cells")}
            with self.subTest(kwargs=kwargs):
                e = gridtheory.make_encoding(**kwargs)
                self.assertIsInstance(e, gridtheory.Encoding)
                self.assertEqual(e.to_dict(), gridtheory.predict(**kwargs).to_dict()["encoding"])
                self.assertEqual(e, gridtheory.predict(**kwargs).encoding)

    def test_describe_is_the_text_outputs_line(self):
        line = gridtheory.describe_encoding(surround_variance_ratio=2)
        text = gridtheory.predict(surround_variance_ratio=2).text
        self.assertIn("encoding      " + line + "\n", text)

    def test_errors(self):
        with self.assertRaises(ValueError) as e:
            gridtheory.make_encoding(sigma=-1)
        self.assertEqual(str(e.exception), as_keywords(cli_error("predict", "--sigma", "-1")))


class Module(unittest.TestCase):
    def test_metadata(self):
        version = cli_text("--version").splitlines()
        self.assertEqual("gridtheory " + gridtheory.__version__, version[0])
        self.assertTrue(any(line.startswith("blas ") for line in version[1:]))
        self.assertEqual(gridtheory.encodings, ("cartesian", "polar", "gaussian", "dos", "dog",
                                                "true-dog", "general-dog", "sod"))
        self.assertEqual(gridtheory.activations, ("relu", "tanh", "sigmoid", "linear"))
        self.assertEqual(gridtheory.defaults["box_m"], 2.2)
        self.assertEqual(gridtheory.defaults["sigma_m"], 0.12)
        self.assertEqual(set(gridtheory.score_definitions), set(gridtheory.score_columns))

    def test_help_is_useful_on_its_own(self):
        doc = gridtheory.predict.__doc__
        for words in ("predict(", "encoding", "sigma", "metres", "rad/m", "grid_spacing_m",
                      "surround_variance_ratio", "ValueError", "default 2.2", "box"):
            self.assertIn(words, doc)
        for f in ("make_encoding", "describe_encoding", "predict", "spectrum", "power", "scan",
                  "score", "autocorrelogram", "pattern", "pattern_kernel", "pattern_dynamics",
                  "read_run", "read_npy"):
            self.assertGreater(len(getattr(gridtheory, f).__doc__), 200, f)

    def test_installs_and_imports_from_the_install_tree(self):
        if not BUILD_DIR:
            self.skipTest("GRIDTHEORY_BUILD_DIR is not set (run through ctest)")
        with TempDir() as prefix:
            subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", prefix,
                            "--component", "python"], check=True, capture_output=True)
            package = os.path.join(prefix, "lib", "python*", "*-packages", "gridtheory")
            found = glob.glob(os.path.join(package, "_core*.so"))
            self.assertEqual(len(found), 1, found)
            for name in ("__init__.py", "py.typed"):
                self.assertTrue(os.path.isfile(os.path.join(os.path.dirname(found[0]), name)))
            env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(found[0])))
            out = subprocess.run([sys.executable, "-c",
                                  "import gridtheory; print(gridtheory.__file__, "
                                  "gridtheory.predict().pattern)"],
                                 check=True, capture_output=True, text=True, env=env,
                                 cwd=prefix).stdout
            self.assertTrue(out.startswith(prefix), out)
            self.assertTrue(out.strip().endswith("hexagonal"), out)


if __name__ == "__main__":
    unittest.main()
