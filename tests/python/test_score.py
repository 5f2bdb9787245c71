"""gridtheory.score and autocorrelogram on numpy arrays: equal to `gridtheory score` on the same
.npy; float32 / float64 / integer, non-contiguous and NaN-holding arrays accepted; wrong shapes
and dtypes raise ValueError with the CLI's message."""
import inspect
import math
import os
import threading
import unittest

import numpy as np

import gridtheory
from gridtheory_testing import as_keywords, TempDir, cli_error, cli_json, cli_text, lattice_maps

COLUMNS = gridtheory.score_columns


def g6(v):
    return "nan" if math.isnan(v) else "%.6g" % v


def as_csv(scores):
    n = len(scores)
    lines = ["unit," + ",".join(COLUMNS) + ",sac"]
    for u in range(n):
        lines.append(",".join([str(u)] + [g6(getattr(scores, c)[u]) for c in COLUMNS]
                              + [scores.sac]))
    return "\n".join(lines) + "\n"


class ScoreEqualsCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.maps = lattice_maps(5, 20, seed=1)
        cls.maps[1, :6, :7] = np.nan      # an unvisited corner
        cls.maps[2] = np.nan              # never visited
        cls.maps[3] = 1.5                 # constant

    def test_csv_and_json_equal_the_cli(self):
        with TempDir() as d:
            for dtype in (np.float64, np.float32):
                path = os.path.join(d, "maps_%s.npy" % np.dtype(dtype).name)
                maps = self.maps.astype(dtype)
                np.save(path, maps)
                for box, sac in ((2.2, "nan-aware"), (1.5, "deepmind")):
                    with self.subTest(dtype=dtype, box=box, sac=sac):
                        s = gridtheory.score(maps, box=box, sac=sac, threads=1)
                        self.assertEqual(s.sac, sac)
                        args = ["--ratemaps", path, "--box", box, "--sac", sac]
                        self.assertEqual(as_csv(s), cli_text("score", *args))
                        j = cli_json("score", "--format", "json", *args)
                        self.assertEqual(s.to_dict(), j)
                        for u, row in enumerate(j["units"]):
                            for c in COLUMNS:
                                v = getattr(s, c)[u]
                                self.assertEqual(row[c], None if math.isnan(v) else float(g6(v)))

    def test_one_map_and_defaults(self):
        s = gridtheory.score(self.maps[0])
        self.assertEqual(s.score_60.shape, (1,))
        self.assertEqual(s.score_60[0], gridtheory.score(self.maps).score_60[0])
        all_nan = gridtheory.score(self.maps[2])
        self.assertTrue(all(math.isnan(getattr(all_nan, c)[0]) for c in COLUMNS))
        # The default SAC is DeepMind's, as the CLI's and train's (unit 1 has unvisited bins).
        by_default, deepmind = gridtheory.score(self.maps), gridtheory.score(self.maps, sac="deepmind")
        self.assertEqual(by_default.sac, "deepmind")
        for c in COLUMNS:
            np.testing.assert_array_equal(getattr(by_default, c), getattr(deepmind, c))
        np.testing.assert_array_equal(gridtheory.autocorrelogram(self.maps[1]),
                                      gridtheory.autocorrelogram(self.maps[1], sac="deepmind"))

    def test_dtypes_and_layouts_give_the_same_scores(self):
        ref = gridtheory.score(self.maps, threads=1)
        big = np.zeros((5, 40, 41))
        big[:, ::2, 1::2] = self.maps
        variants = {
            "float32": (self.maps.astype(np.float32), gridtheory.score(
                self.maps.astype(np.float32).astype(np.float64), threads=1)),
            "fortran": (np.asfortranarray(self.maps), ref),
            "strided": (big[:, ::2, 1::2], ref),
            "transposed": (np.ascontiguousarray(self.maps.transpose(0, 2, 1)).transpose(0, 2, 1),
                           ref),
            "reversed": (self.maps[::-1][::-1], ref),
        }
        for name, (maps, expected) in variants.items():
            with self.subTest(layout=name):
                s = gridtheory.score(maps, threads=2)
                for c in COLUMNS:
                    np.testing.assert_array_equal(getattr(s, c), getattr(expected, c))
        ints = (self.maps[0] * 10).round().astype(np.int16)
        s = gridtheory.score(ints)
        self.assertEqual(s.score_60[0], gridtheory.score(ints.astype(float)).score_60[0])
        self.assertEqual(gridtheory.score(self.maps[0].tolist()).score_60[0],
                         ref.score_60[0])

    def test_threads_do_not_change_the_result(self):
        a = gridtheory.score(self.maps, threads=1)
        b = gridtheory.score(self.maps, threads=3)
        for c in COLUMNS:
            np.testing.assert_array_equal(getattr(a, c), getattr(b, c))

    def test_scores_from_python_threads(self):
        # The GIL is released while scoring: two Python threads score at once.
        maps = lattice_maps(16, 20, seed=2)
        results = [None, None]

        def work(i):
            results[i] = gridtheory.score(maps, threads=1)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for c in COLUMNS:
            np.testing.assert_array_equal(getattr(results[0], c), getattr(results[1], c))


class BadRatemaps(unittest.TestCase):
    def expect(self, maps, message_start):
        with self.assertRaises(ValueError) as e:
            gridtheory.score(maps)
        self.assertTrue(str(e.exception).startswith(message_start), str(e.exception))
        return str(e.exception)

    def test_shapes_give_the_cli_message(self):
        with TempDir() as d:
            for name, maps in (("1d", np.zeros(9)), ("4d", np.zeros((2, 2, 4, 4))),
                               ("nonsquare", np.zeros((4, 5))),
                               ("small", np.zeros((3, 2, 2))),
                               ("large", np.zeros((1, 513, 513))),
                               ("empty", np.zeros((0, 5, 5))),
                               ("infinite", np.where(np.eye(6) > 0, np.inf, 1.0)[None])):
                with self.subTest(shape=name):
                    path = os.path.join(d, name + ".npy")
                    np.save(path, maps)
                    expected = cli_error("score", "--ratemaps", path).replace(
                        "--ratemaps: '%s'" % path, "ratemaps: 'float64 array'")
                    self.assertEqual(self.expect(maps, "ratemaps: 'float64 array' "), expected)

    def test_dtypes_are_refused(self):
        for maps in (np.zeros((4, 4), dtype=complex), np.zeros((4, 4), dtype=bool),
                     np.array([["a"] * 4] * 4), np.full((4, 4), None, dtype=object),
                     np.zeros((4, 4), dtype="datetime64[s]")):
            with self.subTest(dtype=maps.dtype):
                self.expect(maps, "ratemaps: '%s array' has dtype" % maps.dtype)
        self.expect([[1, 2], [3]], "ratemaps: ")          # ragged
        self.expect("not an array", "ratemaps: ")
        self.expect(None, "ratemaps: ")

    def test_options_give_the_cli_message(self):
        maps = np.ones((2, 5, 5))
        with TempDir() as d:
            path = os.path.join(d, "maps.npy")
            np.save(path, maps)
            for kwargs, args in (({"box": 0}, ["--box", "0"]),
                                 ({"box": float("inf")}, ["--box", "inf"]),
                                 ({"sac": "scipy"}, ["--sac", "scipy"]),
                                 ({"threads": 0}, ["--threads", "0"]),
                                 ({"threads": 1000}, ["--threads", "1000"])):
                with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                    gridtheory.score(maps, **kwargs)
                self.assertEqual(str(e.exception),
                                 as_keywords(cli_error("score", "--ratemaps", path, *args)))


class TypedApi(unittest.TestCase):
    def test_signatures(self):
        for f, expected in (
                (gridtheory.score, [("ratemaps", inspect.Parameter.empty), ("box", 2.2),
                                    ("sac", "deepmind"), ("threads", None)]),
                (gridtheory.autocorrelogram, [("ratemap", inspect.Parameter.empty),
                                              ("sac", "deepmind")]),
                (gridtheory.ratemaps, [("positions", inspect.Parameter.empty),
                                       ("activity", inspect.Parameter.empty), ("box", 2.2),
                                       ("bins", 44), ("smooth", 0.0), ("min_occupancy", 1)])):
            with self.subTest(f=f.__name__):
                params = inspect.signature(f).parameters
                self.assertEqual([(p.name, p.default) for p in params.values()], expected)
                self.assertIn("bins" if f is gridtheory.autocorrelogram else "metres", f.__doc__)

    def test_result_types(self):
        maps = lattice_maps(3, 12, seed=5)
        s = gridtheory.score(maps, threads=1)
        self.assertIsInstance(s, gridtheory.Scores)
        self.assertEqual(len(s), 3)
        for c in COLUMNS:
            v = getattr(s, c)
            self.assertIsInstance(v, np.ndarray)
            self.assertEqual((v.shape, v.dtype), ((3,), np.float64))
        self.assertEqual((s.box_m, s.nbins, s.units_count), (2.2, 12, 3))
        self.assertEqual(len(s.field_centres_m), 3)
        for centres in s.field_centres_m:
            self.assertEqual(centres.shape[1:], (2,))
        self.assertIn("3 units", repr(s))
        with self.assertRaises(AttributeError):
            s.score_60 = None

    def test_wrong_types_name_the_keyword(self):
        maps = np.ones((2, 5, 5))
        for kwargs, start in (({"box": True}, "box: 'True' is a truth value"),
                              ({"box": "2.2"}, "box: '2.2' is text, not a number"),
                              ({"threads": 2.0}, "threads: '2.0' is not a whole number"),
                              ({"threads": False}, "threads: 'False' is a truth value"),
                              ({"sac": 1}, "sac: '1' is not a name")):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                gridtheory.score(maps, **kwargs)
            self.assertTrue(str(e.exception).startswith(start), str(e.exception))
        pos, act = np.zeros((3, 2)), np.ones((3, 1))
        for kwargs, start in (({"bins": 4.0}, "bins: '4.0' is not a whole number"),
                              ({"smooth": "0.1"}, "smooth: '0.1' is text, not a number"),
                              ({"min_occupancy": True}, "min_occupancy: 'True' is a truth")):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValueError) as e:
                gridtheory.ratemaps(pos, act, **kwargs)
            self.assertTrue(str(e.exception).startswith(start), str(e.exception))


class Autocorrelogram(unittest.TestCase):
    def test_shape_centre_and_symmetry(self):
        maps = lattice_maps(3, 12, seed=4, nan_fraction=0.05)
        for sac in ("nan-aware", "deepmind"):
            a = gridtheory.autocorrelogram(maps, sac=sac)
            self.assertEqual(a.shape, (3, 23, 23))
            np.testing.assert_allclose(a[:, 11, 11], 1.0, atol=1e-12)
            np.testing.assert_allclose(a, a[:, ::-1, ::-1], atol=1e-12, equal_nan=True)
            one = gridtheory.autocorrelogram(maps[1], sac=sac)
            self.assertEqual(one.shape, (23, 23))
            np.testing.assert_array_equal(one, a[1])

    def test_errors(self):
        with self.assertRaises(ValueError):
            gridtheory.autocorrelogram(np.zeros((4, 5)))
        with self.assertRaises(ValueError):
            gridtheory.autocorrelogram(np.zeros((4, 4)), sac="fft")


if __name__ == "__main__":
    unittest.main()
