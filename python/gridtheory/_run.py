"""Run folders written by `gridtheory train`."""

from ._core import read_npy, read_run, training_batch

__all__ = ["read_run", "read_npy", "training_batch"]
