"""gridtheory.read_run and read_npy on what `gridtheory train` writes: every file read back
equal to numpy's own reading of it; the run's scores reproduced by gridtheory.score."""
import csv
import inspect
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
        self.assertIsInstance(r, gridtheory.Run)
        self.assertEqual(r.path, self.dir)
        self.assertTrue(r.finished)
        with open(os.path.join(self.dir, "config.json")) as f:
            self.assertEqual(r.config, json.load(f))
        with open(os.path.join(self.dir, "summary.json")) as f:
            self.assertEqual(r.summary, json.load(f))
        header, rows = read_csv(os.path.join(self.dir, "metrics.csv"))
        self.assertEqual(list(r.to_dict()["metrics"]), header)
        self.assertEqual(r.metrics.step.dtype, np.int64)
        for i, name in enumerate(header):
            np.testing.assert_array_equal(getattr(r.metrics, name),
                                          [float(row[i]) for row in rows])
        ratemaps = np.load(os.path.join(self.dir, "ratemaps.npy"))
        self.assertEqual(r.ratemaps.dtype, np.float32)
        np.testing.assert_array_equal(r.ratemaps, ratemaps)
        header, rows = read_csv(os.path.join(self.dir, "scores.csv"))
        self.assertEqual(list(r.scores), header)
        self.assertEqual(header[-1], "sac")  # every row names the SAC: train's is DeepMind's
        self.assertEqual({row[-1] for row in rows}, {"deepmind"})
        self.assertEqual(r.scores["sac"], "deepmind")
        for i, name in enumerate(header[:-1]):
            np.testing.assert_array_equal(r.scores[name], [float(row[i]) for row in rows])
        c = r.checkpoint
        self.assertEqual(c.path, os.path.join(self.dir, "checkpoint"))
        self.assertEqual(c.state["step"], 6)
        self.assertIsNone(c.parameters)
        self.assertNotIn("parameters", r.to_dict()["checkpoint"])

    def test_parameters(self):
        params = gridtheory.read_run(self.dir, parameters=True).checkpoint.parameters
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
        s = gridtheory.score(r.ratemaps, box=r.config["box_m"], sac="deepmind")
        for c in gridtheory.score_columns:
            np.testing.assert_allclose(getattr(s, c), r.scores[c], rtol=1e-4, atol=1e-5,
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
                    np.testing.assert_array_equal(before.scores[c], now.scores[c])
                else:
                    self.assertTrue(np.isnan(before.scores[c]).all(), c)
            self.assertIsNone(before.scores["sac"])
            # ... and one written before the `sac` column: every score, no SAC named.
            with open(os.path.join(old, "scores.csv"), "w") as f:
                for row in [header] + rows:
                    f.write(",".join(row[:-1]) + "\n")
            before = gridtheory.read_run(old)
            for c in gridtheory.score_columns:
                np.testing.assert_array_equal(before.scores[c], now.scores[c])
            self.assertIsNone(before.scores["sac"])

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
            self.assertFalse(r.finished)
            for key in ("summary", "metrics", "ratemaps", "scores", "checkpoint"):
                self.assertIsNone(getattr(r, key), key)
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
            self.assertIsInstance(b, gridtheory.TrainingBatch)
            self.assertEqual(sorted(b.to_dict()), sorted(f[:-4] for f in os.listdir(out)))
            for name, arr in b.to_dict().items():
                want = np.load(os.path.join(out, name + ".npy"))
                self.assertEqual(arr.dtype, want.dtype, name)
                np.testing.assert_array_equal(arr, want, name)
            self.assertEqual(b.targets.shape, (4, 4, 20))  # seq-len, batch, cells
            other = gridtheory.training_batch(self.dir, step=6)
            self.assertFalse(np.array_equal(other.positions, b.positions))
            with self.assertRaisesRegex(ValueError, "step"):
                gridtheory.training_batch(self.dir, step=0)
            with self.assertRaisesRegex(ValueError, "run"):
                gridtheory.training_batch(d)


# The keywords of TRAIN, for gridtheory.train.
TRAIN_KW = dict(hidden=12, steps=6, batch=4, seq_len=4, cells=20, threads=1, eval_batches=2,
                eval_bins=8, checkpoint_every=3, log_every=2)


def comparable(summary):
    """summary.json without what differs between two runs of one config (timing)."""
    return {k: v for k, v in summary.items() if k not in ("seconds", "ms_per_step")}


class TrainFromPython(unittest.TestCase):
    def test_signatures(self):
        sig = inspect.signature(gridtheory.train)
        names = list(sig.parameters)
        self.assertEqual(names[:3], ["out", "encoding", "sigma"])
        self.assertEqual(names[-4:], ["preset", "resume", "init_from", "progress"])
        self.assertIn("seq_len", names)
        self.assertIsNone(sig.parameters["hidden"].default)
        self.assertIs(sig.parameters["periodic"].default, False)
        sig = inspect.signature(gridtheory.loss)
        self.assertEqual(list(sig.parameters), ["checkpoint", "batch", "gradients", "precision"])
        self.assertEqual(sig.parameters["precision"].default, "float32")
        self.assertEqual(list(inspect.signature(gridtheory.read_run).parameters),
                         ["path", "parameters"])
        self.assertEqual(inspect.signature(gridtheory.training_batch).parameters["step"].default, 1)

    def test_train_equals_the_cli_and_calls_back(self):
        with TempDir() as d:
            cli = os.path.join(d, "cli")
            printed = json.loads(cli_text(*TRAIN, "--out", cli, "--format", "json"))
            seen = []
            r = gridtheory.train(os.path.join(d, "py"), progress=seen.append, **TRAIN_KW)
            self.assertIsInstance(r, gridtheory.TrainingResult)
            self.assertEqual(r.path, os.path.join(d, "py"))
            self.assertEqual(r.steps, 6)
            self.assertIsInstance(r.final_loss, float)
            self.assertEqual(comparable(r.to_dict()), comparable(printed))
            self.assertEqual(r.final_loss, printed["final_loss"])
            self.assertEqual(r.max_score_60, printed["max_score_60"])
            self.assertIn("TrainingResult(", repr(r))
            # Logged at steps 2, 4, 6 (--log-every 2), as metrics.csv holds them.
            self.assertEqual([p.step for p in seen], [2, 4, 6])
            self.assertIsInstance(seen[0], gridtheory.TrainingProgress)
            run = gridtheory.read_run(r.path)
            np.testing.assert_array_equal([p.loss for p in seen], run.metrics.loss)
            self.assertEqual(seen[-1].steps, 6)
            # A finished run resumed: returned as it is.
            again = gridtheory.train(resume=r.path)
            self.assertTrue(again.already_finished)
            self.assertEqual(again.to_dict(), r.to_dict())

    def test_an_exception_in_the_callback_stops_training(self):
        class Stop(Exception):
            pass

        for error in (Stop, KeyboardInterrupt):
            with TempDir() as d:
                out = os.path.join(d, "run")

                def callback(p, error=error):
                    if p.step == 4:
                        raise error("enough")

                with self.assertRaises(error):
                    gridtheory.train(out, progress=callback, **TRAIN_KW)
                self.assertFalse(os.path.exists(os.path.join(out, "summary.json")))
                # The checkpoint of step 3 was kept: the run resumes to its end.
                r = gridtheory.train(resume=out)
                self.assertEqual(r.steps, 6)
                self.assertFalse(r.already_finished)

    def test_bad_values_name_the_keyword(self):
        with TempDir() as d:
            out = os.path.join(d, "run")
            for kw, message in [(dict(hidden=True), "hidden: 'True' is a truth value"),
                                (dict(hidden="12"), "hidden: '12' is text, not a whole number"),
                                (dict(hidden=2.0), "hidden: '2.0' is not a whole number"),
                                (dict(lr="0.1"), "lr: '0.1' is text, not a number"),
                                (dict(hidden=0), "hidden: '0' is out of range"),
                                (dict(lr=20.0), "lr: '20' is out of range"),
                                (dict(eval="none", eval_bins=8),
                                 "eval_bins: '8' does not apply with eval none"),
                                (dict(cell="lstm", activation="tanh"),
                                 "activation: 'tanh' applies to cell rnn only"),
                                (dict(sigma=True), "sigma: 'True' is a truth value")]:
                with self.assertRaises(ValueError) as e:
                    gridtheory.train(out, **{**TRAIN_KW, **kw})
                self.assertTrue(str(e.exception).startswith(message),
                                "%s: %s" % (kw, e.exception))
            with self.assertRaisesRegex(ValueError, "^out is required"):
                gridtheory.train(**TRAIN_KW)
            with self.assertRaisesRegex(ValueError, "^progress: "):
                gridtheory.train(out, progress=3, **TRAIN_KW)
            self.assertEqual(os.listdir(d), [])
        with self.assertRaisesRegex(ValueError, "^step: 'True' is a truth value"):
            gridtheory.training_batch(".", step=True)

    def test_loss_equals_the_cli(self):
        with TempDir() as d:
            run = os.path.join(d, "run")
            gridtheory.train(run, **TRAIN_KW)
            batch = os.path.join(d, "batch")
            cli_text("batch", "--run", run, "--step", "2", "--out", batch)
            grads = os.path.join(d, "grads")
            os.mkdir(grads)
            printed = json.loads(cli_text("loss", "--checkpoint", run, "--batch", batch,
                                          "--precision", "float64", "--format", "json"))
            r = gridtheory.loss(run, batch, precision="float64")
            self.assertIsInstance(r, gridtheory.LossResult)
            self.assertEqual(r.to_dict(), printed)
            self.assertEqual((r.steps, r.batch, r.precision), (4, 4, "float64"))
            g = gridtheory.loss(run, batch, gradients=grads)
            self.assertEqual(sorted(g.gradients), sorted(os.listdir(grads)))
            self.assertEqual(g.to_dict()["gradients"], g.gradients)
            with self.assertRaisesRegex(ValueError, "^precision: 'half' is not a known"):
                gridtheory.loss(run, batch, precision="half")
            with self.assertRaisesRegex(ValueError, "^batch: "):
                gridtheory.loss(run, os.path.join(d, "none"))


if __name__ == "__main__":
    unittest.main()
