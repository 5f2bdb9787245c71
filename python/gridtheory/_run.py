"""Training from Python (train, loss) and the run folders `gridtheory train` writes (read_run,
read_npy, training_batch), as typed results."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, Union

import numpy as np

from . import _core
from ._core import LossResult, TrainingProgress, TrainingResult

__all__ = [
    "train",
    "loss",
    "read_run",
    "read_npy",
    "training_batch",
    "Run",
    "Metrics",
    "Checkpoint",
    "TrainingBatch",
    "TrainingResult",
    "TrainingProgress",
    "LossResult",
]

PathLike = Union[str, "os.PathLike[str]"]
Number = Union[int, float]


def train(
    out: Optional[PathLike] = None,
    *,
    encoding: Optional[str] = None,
    sigma: Union[Number, str, None] = None,
    surround_ratio: Union[Number, str, None] = None,
    surround_variance_ratio: Union[Number, str, None] = None,
    alpha_e: Optional[Number] = None,
    alpha_i: Optional[Number] = None,
    fields_per_cell: Union[int, str, None] = None,
    cells: Optional[int] = None,
    box: Optional[Number] = None,
    periodic: bool = False,
    hidden: Optional[int] = None,
    cell: Optional[str] = None,
    activation: Optional[str] = None,
    loss: Optional[str] = None,
    steps: Optional[int] = None,
    batch: Optional[int] = None,
    seq_len: Optional[int] = None,
    lr: Optional[Number] = None,
    optimizer: Optional[str] = None,
    weight_decay: Optional[Number] = None,
    input_dropout: Optional[Number] = None,
    recurrent_dropout: Optional[Number] = None,
    clip: Optional[Number] = None,
    seed: Optional[int] = None,
    checkpoint_every: Optional[int] = None,
    log_every: Optional[int] = None,
    eval: Optional[str] = None,
    eval_batches: Optional[int] = None,
    eval_bins: Optional[int] = None,
    eval_every: Optional[int] = None,
    threads: Optional[int] = None,
    preset: Optional[str] = None,
    resume: Optional[PathLike] = None,
    init_from: Optional[PathLike] = None,
    progress: Optional[Callable[[TrainingProgress], Any]] = None,
) -> TrainingResult:
    """Train a path-integrating recurrent network on an encoding's targets, as
    `gridtheory train` does, and write its run folder (config.json, metrics.csv, checkpoint/,
    ratemaps.npy, scores.csv, figures, summary.json last).

    Each keyword is the CLI option of the same name (`seq_len` is --seq-len); None means "not
    given": the preset's value, else the documented default. Units: metres (sigma, box),
    seconds.

    out: a new run folder (its parent must exist); required unless resume is given.
    encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e, alpha_i,
        fields_per_cell, cells: the target code (default dos, sigma 0.12 m, 512 cells); sigma
        and the ratios also as "uniform:LO,HI", fields_per_cell as "poisson:MEAN".
    box: arena side, m (2.2). periodic: periodic arena (default solid walls).
    hidden: recurrent units (1024). cell: "rnn" (default), "lstm", "gru", "ugrnn".
    activation: the rnn cell's nonlinearity ("relu"). loss: "cross-entropy" or "mse".
    steps: optimiser steps (200000). batch: trajectories per batch (200). seq_len: time steps
        per trajectory (20). lr: learning rate (1e-4). optimizer: "adam", "sgd", "rmsprop".
    weight_decay: coefficient of sum(W_hh^2) (1e-4). input_dropout, recurrent_dropout:
        probabilities in [0, 1) (0). clip: gradient norm clip (0: off). seed: (0).
    checkpoint_every (1000), log_every (100): steps. eval: "default" or "none".
    eval_batches (50), eval_bins (44), eval_every (0: only at the end).
    threads: default all cores. preset: "lightweight" or "reference" fills options not given.
    resume: continue this run folder from its latest checkpoint (no other option); a finished
        run is returned as it is (already_finished).
    init_from: start from the weights of a checkpoint folder or run folder.
    progress: None, or a callable receiving a TrainingProgress at each logged step (step,
        steps, loss, decoding_error_cm, seconds). An exception it raises (KeyboardInterrupt
        included: Ctrl-C is checked at each logged step) stops training and propagates; the
        run folder keeps its last checkpoint and can be resumed.

    Returns a TrainingResult (to_dict(): summary.json, what `--format json` prints).
    Raises ValueError naming the keyword for a bad value, RuntimeError if training diverges.
    The GIL is released while training.
    """
    options = dict(locals())
    callback = options.pop("progress")
    return _core._train(options, callback)


def loss(
    checkpoint: PathLike,
    batch: PathLike,
    gradients: Optional[PathLike] = None,
    precision: str = "float32",
) -> LossResult:
    """The loss (weight decay included), decoding error and gradients of a checkpoint on one
    batch of .npy files, as `gridtheory loss` computes them (dropout off).

    checkpoint: a checkpoint folder, or a run folder (its latest checkpoint).
    batch: a folder with velocity.npy (T, B, 2; m/s), init_targets.npy (B, n_p), targets.npy
        (T, B, n_p), positions.npy (T, B, 2; metres), as `gridtheory batch` writes.
    gradients: an existing folder: each parameter's gradient written as NAME.npy.
    precision: "float32" (as training) or "float64".

    Returns a LossResult (to_dict(): what `gridtheory loss --format json` prints).
    Raises ValueError naming the keyword for a bad value or file.
    """
    return _core._loss(checkpoint, batch, gradients, precision)


@dataclass(frozen=True)
class Metrics:
    """metrics.csv: one row per logged step."""

    step: np.ndarray  #: int64, 1-based steps
    loss: np.ndarray  #: float64, the training batch's loss
    decoding_error_cm: np.ndarray  #: float64, cm, on the training batch
    seconds: np.ndarray  #: float64, s, wall time since the run started


@dataclass(frozen=True)
class Checkpoint:
    """The run's latest checkpoint folder."""

    path: str
    state: Dict[str, Any]  #: state.json: step, seconds, optimizer_steps
    #: with parameters=True: PyTorch's names -> float32 arrays; else None
    parameters: Optional[Dict[str, np.ndarray]]


@dataclass(frozen=True)
class Run:
    """A run folder written by `gridtheory train` (finished or not); a file the run has not
    written yet is None. to_dict() gives the dict read_run returned before it was typed."""

    path: str
    config: Dict[str, Any]  #: config.json (validated)
    finished: bool  #: summary.json exists (written last)
    summary: Optional[Dict[str, Any]]  #: summary.json, None while unfinished
    metrics: Optional[Metrics]
    #: ratemaps.npy, float32 (units, nbins, nbins), [y][x], NaN unvisited
    ratemaps: Optional[np.ndarray]
    #: scores.csv columns: 'unit' (int64), gridtheory.score_columns, 'sac' (str or None)
    scores: Optional[Dict[str, Any]]
    checkpoint: Optional[Checkpoint]
    _dict: Dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def to_dict(self) -> Dict[str, Any]:
        return self._dict


@dataclass(frozen=True)
class TrainingBatch:
    """The batch of one training step (T = seq_len, B = batch, n_p = the code's outputs)."""

    velocity: np.ndarray  #: float32 (T, B, 2), m/s
    init_targets: np.ndarray  #: float32 (B, n_p), the code at start_positions
    targets: np.ndarray  #: float32 (T, B, n_p), the code at positions
    positions: np.ndarray  #: float64 (T, B, 2), m, after each step
    start_positions: np.ndarray  #: float64 (B, 2), m

    def to_dict(self) -> Dict[str, np.ndarray]:
        return {
            "velocity": self.velocity,
            "init_targets": self.init_targets,
            "targets": self.targets,
            "positions": self.positions,
            "start_positions": self.start_positions,
        }


def read_npy(path: PathLike) -> np.ndarray:
    """Read a .npy file the tool wrote (ratemaps, maps, place cells, checkpoint weights) as a
    NumPy array of its dtype and shape (float32 or float64, C order).

    path: the file (str or os.PathLike). Raises ValueError naming 'path' when the file is
    missing or is not a .npy file of a dtype and layout the tool writes.
    """
    return _core.read_npy(path)


def read_run(path: PathLike, parameters: bool = False) -> Run:
    """Read a run folder written by `gridtheory train --out DIR` (finished or not).

    path: the folder (str or os.PathLike). parameters: also read the latest checkpoint's
    weights (float32 arrays under PyTorch's names).

    Returns a Run: path, config (config.json), finished, summary (summary.json or None),
    metrics (Metrics: step, loss, decoding_error_cm (cm), seconds), ratemaps (float32
    (units, nbins, nbins)), scores (scores.csv columns), checkpoint (Checkpoint or None).
    Raises ValueError naming 'run' when the folder or a file in it is missing or malformed.
    """
    d = _core.read_run(path, parameters)
    m = d["metrics"]
    c = d["checkpoint"]
    return Run(
        path=d["path"],
        config=d["config"],
        finished=d["finished"],
        summary=d["summary"],
        metrics=None if m is None else Metrics(**m),
        ratemaps=d["ratemaps"],
        scores=d["scores"],
        checkpoint=None
        if c is None
        else Checkpoint(path=c["path"], state=c["state"], parameters=c.get("parameters")),
        _dict=d,
    )


def training_batch(run: PathLike, step: int = 1) -> TrainingBatch:
    """The batch a `gridtheory train` run used at one training step, as `gridtheory batch`
    writes it (the layout `gridtheory loss --batch` reads).

    run: the run folder (its config.json). step: 1-based as in metrics.csv: the batch fed to
    the weights after step - 1 updates.

    Returns a TrainingBatch: velocity float32 (T, B, 2) m/s, init_targets float32 (B, n_p),
    targets float32 (T, B, n_p), positions float64 (T, B, 2) m, start_positions float64
    (B, 2) m. Raises ValueError naming 'run' or 'step'.
    """
    return TrainingBatch(**_core.training_batch(run, step))
