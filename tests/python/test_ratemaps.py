"""gridtheory.ratemaps on numpy arrays: the hand-computed 2 x 2 case, equal to `gridtheory
ratemaps` on the same .npy files, (T, B, ...) arrays flattened, the output scored by
gridtheory.score; bad values raise ValueError with the CLI's message."""
import math
import os
import unittest

import numpy as np

import gridtheory
from gridtheory_testing import as_keywords, TempDir, cli_error, cli_text

# 6 samples in a 2 m box of 2 x 2 bins (tests/numerics/test_ratemap.cpp): unit 0's rates are
# [[2, 4], [5, nan]] ([row = y][col = x]), unit 1 is -2 x unit 0.
POSITIONS = np.array([[0.2, 0.3], [0.7, 0.1], [1.5, 0.4], [1.2, 0.9], [1.9, 0.5], [0.5, 1.5]])
ACTIVITY = np.array([[1.0], [3.0], [2.0], [4.0], [6.0], [5.0]]) * np.array([1.0, -2.0])


def lattice(x, y, spacing):
    k = 4 * math.pi / (math.sqrt(3) * spacing)
    return sum(np.cos(k * (math.cos(t) * x + math.sin(t) * y))
               for t in np.deg2rad([10.0, 70.0, 130.0]))


class HandComputed(unittest.TestCase):
    def test_two_by_two(self):
        maps = gridtheory.ratemaps(POSITIONS, ACTIVITY, box=2, bins=2)
        self.assertEqual(maps.shape, (2, 2, 2))
        self.assertEqual(maps.dtype, np.float64)
        np.testing.assert_array_equal(maps[0], [[2.0, 4.0], [5.0, np.nan]])
        np.testing.assert_array_equal(maps[1], -2 * maps[0])

    def test_min_occupancy_and_smoothing(self):
        kept = gridtheory.ratemaps(POSITIONS, ACTIVITY, box=2, bins=2, min_occupancy=2)
        np.testing.assert_array_equal(kept[0], [[2.0, 4.0], [np.nan, np.nan]])
        w = math.exp(-0.5)
        smooth = gridtheory.ratemaps(POSITIONS, ACTIVITY, box=2, bins=2, smooth=1.0)
        self.assertAlmostEqual(smooth[0, 0, 0], (4 + 17 * w) / (2 + 4 * w), places=13)
        self.assertTrue(math.isnan(smooth[0, 1, 1]))

    def test_time_by_batch_is_flattened(self):
        flat = gridtheory.ratemaps(POSITIONS, ACTIVITY, box=2, bins=2)
        tb = gridtheory.ratemaps(POSITIONS.reshape(3, 2, 2), ACTIVITY.reshape(3, 2, 2), box=2,
                                 bins=2)
        np.testing.assert_array_equal(flat, tb)

    def test_dtypes_and_layouts(self):
        ref = gridtheory.ratemaps(POSITIONS, ACTIVITY, box=2, bins=2)
        for pos, act in ((POSITIONS.astype(np.float32), ACTIVITY.astype(np.float32)),
                         (np.asfortranarray(POSITIONS), np.asfortranarray(ACTIVITY)),
                         (POSITIONS.tolist(), ACTIVITY.tolist())):
            np.testing.assert_array_equal(
                gridtheory.ratemaps(pos, act, box=2, bins=2), ref)


class EqualsCli(unittest.TestCase):
    def test_cli_writes_the_same_maps(self):
        rng = np.random.default_rng(0)
        pos = rng.uniform(0, 2.2, (5000, 2))
        act = np.stack([lattice(pos[:, 0], pos[:, 1], 0.7), rng.normal(size=5000)], axis=1)
        with TempDir() as d:
            p, a, r = (os.path.join(d, n) for n in ("p.npy", "a.npy", "r.npy"))
            np.save(p, pos)
            np.save(a, act)
            for opts in ({}, {"bins": 20, "smooth": 0.08, "min_occupancy": 2}):
                with self.subTest(**opts):
                    args = []
                    for k, v in opts.items():
                        args += ["--" + k.replace("_", "-"), v]
                    cli_text("ratemaps", "--positions", p, "--activity", a, "--out", r, *args)
                    np.testing.assert_array_equal(np.load(r), gridtheory.ratemaps(pos, act,
                                                                                  **opts))

    def test_scored_as_a_lattice(self):
        rng = np.random.default_rng(1)
        pos = rng.uniform(0, 2.2, (20000, 2))
        maps = gridtheory.ratemaps(pos, lattice(pos[:, 0], pos[:, 1], 0.7)[:, None], bins=20)
        s = gridtheory.score(maps)
        self.assertGreater(s.score_60[0], 1.0)
        self.assertAlmostEqual(s.grid_spacing_m[0], 0.7, delta=0.02)


class BadInput(unittest.TestCase):
    def expect(self, message_start, *args, **kwargs):
        with self.assertRaises(ValueError) as e:
            gridtheory.ratemaps(*args, **kwargs)
        self.assertTrue(str(e.exception).startswith(message_start), str(e.exception))
        return str(e.exception)

    def test_options_give_the_cli_message(self):
        for key, value in (("bins", 1), ("smooth", -0.5), ("min_occupancy", 0), ("box", 0)):
            with self.subTest(key=key):
                option = "--" + key.replace("_", "-")
                msg = self.expect(key + ": '%s'" % value, POSITIONS, ACTIVITY,
                                  **{key: value})
                with TempDir() as d:
                    p, a = os.path.join(d, "p.npy"), os.path.join(d, "a.npy")
                    np.save(p, POSITIONS)
                    np.save(a, ACTIVITY)
                    self.assertEqual(msg, as_keywords(cli_error("ratemaps", "--positions", p, "--activity", a,
                                                    "--out", os.path.join(d, "r.npy"), option,
                                                    value)))

    def test_arrays(self):
        self.expect("positions: 'float64 array' has shape (6, 3)", np.zeros((6, 3)), ACTIVITY)
        self.expect("activity: 'float64 array' has shape (5, 2), which does not match",
                    POSITIONS, ACTIVITY[:5])
        bad = POSITIONS.copy()
        bad[3, 0] = np.nan
        msg = self.expect("positions: 'float64 array' has x = nan at row 3", bad, ACTIVITY)
        self.assertIn("finite positions", msg)
        outside = POSITIONS - 1.1
        msg = self.expect("positions: 'float64 array' has", outside, ACTIVITY)
        self.assertIn("outside the box [0, 2.2] m", msg)
        inf = ACTIVITY.copy()
        inf[2, 1] = np.inf
        self.expect("activity: 'float64 array' has activity inf at row 2, unit 1", POSITIONS, inf)
        self.expect("activity: 'complex128 array'", POSITIONS, ACTIVITY.astype(complex))

    def test_help(self):
        doc = gridtheory.ratemaps.__doc__
        for words in ("positions", "activity", "metres", "min_occupancy", "NaN", "score()"):
            self.assertIn(words, doc)


if __name__ == "__main__":
    unittest.main()
