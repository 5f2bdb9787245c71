"""gridtheory.read_run and read_npy on what `gridtheory train` writes: every file read back
equal to numpy's own reading of it; the run's scores reproduced by gridtheory.score."""
import csv
import json
import os
import unittest

import numpy as np

import gridtheory
from gridtheory_testing import TempDir, cli_text

TRAIN = ["train", "--hidden", "12", "--steps", "6", "--batch", "4", "--seq-len", "4",
         "--cells", "20", "--threads", "1", "--eval-batches", "2", "--eval-bins", "8",
         "--checkpoint-every", "3", "--log-every", "2"]


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


class ReadRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.dir = os.path.join(cls.tmp.__enter__(), "run")
        cli_text(*TRAIN, "--out", cls.dir)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__(None, None, None)

    def test_every_file_is_read_back(self):
        r = gridtheory.read_run(self.dir)
        self.assertEqual(r["path"], self.dir)
        self.assertTrue(r["finished"])
        with open(os.path.join(self.dir, "config.json")) as f:
            self.assertEqual(r["config"], json.load(f))
        with open(os.path.join(self.dir, "summary.json")) as f:
            self.assertEqual(r["summary"], json.load(f))
        header, rows = read_csv(os.path.join(self.dir, "metrics.csv"))
        self.assertEqual(list(r["metrics"]), header)
        self.assertEqual(r["metrics"]["step"].dtype, np.int64)
        for i, name in enumerate(header):
            np.testing.assert_array_equal(r["metrics"][name], [float(row[i]) for row in rows])
        ratemaps = np.load(os.path.join(self.dir, "ratemaps.npy"))
        self.assertEqual(r["ratemaps"].dtype, np.float32)
        np.testing.assert_array_equal(r["ratemaps"], ratemaps)
        header, rows = read_csv(os.path.join(self.dir, "scores.csv"))
        self.assertEqual(list(r["scores"]), header)
        self.assertEqual(header[-1], "sac")  # every row names the SAC: train's is DeepMind's
        self.assertEqual({row[-1] for row in rows}, {"deepmind"})
        self.assertEqual(r["scores"]["sac"], "deepmind")
        for i, name in enumerate(header[:-1]):
            np.testing.assert_array_equal(r["scores"][name], [float(row[i]) for row in rows])
        c = r["checkpoint"]
        self.assertEqual(c["path"], os.path.join(self.dir, "checkpoint"))
        self.assertEqual(c["state"]["step"], 6)
        self.assertNotIn("parameters", c)

    def test_parameters(self):
        params = gridtheory.read_run(self.dir, parameters=True)["checkpoint"]["parameters"]
        self.assertEqual(sorted(params), ["decoder.weight", "encoder.weight", "rnn.weight_hh",
                                          "rnn.weight_ih"])
        for name, value in params.items():
            np.testing.assert_array_equal(
                value, np.load(os.path.join(self.dir, "checkpoint", name + ".npy")))
        self.assertEqual(params["rnn.weight_hh"].shape, (12, 12))

    def test_scores_are_the_deepmind_scores_of_the_ratemaps(self):
        # The run scored its ratemaps before they were stored as float32 and printed its scores
        # to six digits: equal to that precision.
        r = gridtheory.read_run(self.dir)
        s = gridtheory.score(r["ratemaps"], box=r["config"]["box_m"], sac="deepmind")
        for c in gridtheory.score_columns:
            np.testing.assert_allclose(getattr(s, c), r["scores"][c], rtol=1e-4, atol=1e-5,
                                       equal_nan=True, err_msg=c)

    def test_scores_of_an_earlier_version(self):
        # A scores.csv written before the lattice statistics were appended (its first 11 score
        # columns) reads with those columns NaN.
        import shutil
        with TempDir() as d:
            old = os.path.join(d, "run")
            shutil.copytree(self.dir, old)
            header, rows = read_csv(os.path.join(old, "scores.csv"))
            keep = header.index("spacing_disagree") + 1
            with open(os.path.join(old, "scores.csv"), "w") as f:
                for row in [header] + rows:
                    f.write(",".join(row[:keep]) + "\n")
            now, before = gridtheory.read_run(self.dir), gridtheory.read_run(old)
            for c in gridtheory.score_columns:
                if c in header[:keep]:
                    np.testing.assert_array_equal(before["scores"][c], now["scores"][c])
                else:
                    self.assertTrue(np.isnan(before["scores"][c]).all(), c)
            self.assertIsNone(before["scores"]["sac"])
            # ... and one written before the `sac` column: every score, no SAC named.
            with open(os.path.join(old, "scores.csv"), "w") as f:
                for row in [header] + rows:
                    f.write(",".join(row[:-1]) + "\n")
            before = gridtheory.read_run(old)
            for c in gridtheory.score_columns:
                np.testing.assert_array_equal(before["scores"][c], now["scores"][c])
            self.assertIsNone(before["scores"]["sac"])

    def test_read_npy(self):
        with TempDir() as d:
            for dtype in (np.float32, np.float64):
                a = np.arange(24, dtype=dtype).reshape(2, 3, 4) / 7
                path = os.path.join(d, "a.npy")
                np.save(path, a)
                b = gridtheory.read_npy(path)
                self.assertEqual(b.dtype, a.dtype)
                np.testing.assert_array_equal(a, b)
            np.save(path, np.arange(3))
            with self.assertRaises(ValueError) as e:
                gridtheory.read_npy(path)
            self.assertTrue(str(e.exception).startswith("path: '%s'" % path))

    def test_unfinished_and_bad_folders(self):
        with TempDir() as d:
            with self.assertRaises(ValueError) as e:
                gridtheory.read_run(os.path.join(d, "missing"))
            self.assertIn("is not a folder", str(e.exception))
            with self.assertRaises(ValueError) as e:
                gridtheory.read_run(d)
            self.assertIn("config.json", str(e.exception))
            with open(os.path.join(d, "config.json"), "w") as f:
                f.write("{not json")
            with self.assertRaises(ValueError):
                gridtheory.read_run(d)
            # An unfinished run: a config only.
            with open(os.path.join(self.dir, "config.json")) as f:
                config = f.read()
            with open(os.path.join(d, "config.json"), "w") as f:
                f.write(config)
            r = gridtheory.read_run(d)
            self.assertFalse(r["finished"])
            for key in ("summary", "metrics", "ratemaps", "scores", "checkpoint"):
                self.assertIsNone(r[key], key)
            with open(os.path.join(d, "metrics.csv"), "w") as f:
                f.write("step,loss\n1,2\n")
            with self.assertRaises(ValueError):
                gridtheory.read_run(d)

    def test_training_batch_equals_the_cli_batch(self):
        # The arrays `gridtheory batch` writes for the same run and step, bit for bit.
        with TempDir() as d:
            out = os.path.join(d, "b")
            cli_text("batch", "--run", self.dir, "--step", "5", "--out", out)
            b = gridtheory.training_batch(self.dir, step=5)
            self.assertEqual(sorted(b), sorted(f[:-4] for f in os.listdir(out)))
            for name, arr in b.items():
                want = np.load(os.path.join(out, name + ".npy"))
                self.assertEqual(arr.dtype, want.dtype, name)
                np.testing.assert_array_equal(arr, want, name)
            self.assertEqual(b["targets"].shape, (4, 4, 20))  # seq-len, batch, cells
            other = gridtheory.training_batch(self.dir, step=6)
            self.assertFalse(np.array_equal(other["positions"], b["positions"]))
            with self.assertRaisesRegex(ValueError, "step"):
                gridtheory.training_batch(self.dir, step=0)
            with self.assertRaisesRegex(ValueError, "run"):
                gridtheory.training_batch(d)


if __name__ == "__main__":
    unittest.main()
