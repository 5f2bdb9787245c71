"""Encodings, predictions, spectra and the box-lattice scan."""

from ._core import describe_encoding, make_encoding, power, predict, scan, spectrum

__all__ = ["make_encoding", "describe_encoding", "predict", "spectrum", "power", "scan"]
