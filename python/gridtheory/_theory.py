"""Encodings, predictions, spectra and the box-lattice scan.

Units: metres, radians; wavenumbers in rad/m. Every function validates its arguments as the
matching `gridtheory` subcommand does (the same checks, in the same order, in src/app/) and
raises ValueError with the command line's one-line message, each parameter named by its keyword.
A value of the wrong type (True for a number, a str where the parameter has no text form) is a
ValueError naming the keyword.
"""

from __future__ import annotations

import os
from typing import Optional, Sequence, Union

import numpy as np

from . import _core
from ._core import Box, Encoding, Prediction, Scan, Spectrum

__all__ = ["make_encoding", "describe_encoding", "predict", "spectrum", "power", "scan",
           "Box", "Encoding", "Prediction", "Spectrum", "Scan"]

Number = Union[int, float]
# A fixed value, or the library's text form of a distributed one ('uniform:LO,HI').
Distributed = Union[int, float, str]
Path = Union[str, "os.PathLike[str]"]
Values = Union[str, Sequence[float], np.ndarray]

_ENCODING_DOC = """
    Encoding arguments (None: the documented default):
      encoding: 'cartesian', 'polar', 'gaussian', 'dos' (NFL's difference of softmaxes,
          default), 'dog', 'true-dog', 'general-dog' (amplitudes alpha_e, alpha_i), 'sod'.
      sigma: centre width sigma_E in metres, a number or 'uniform:LO,HI' drawn per field
          (default 0.12 m, NFL).
      surround_ratio: sigma_I / sigma_E > 1 (NFL's convention), a number or 'uniform:LO,HI'
          (default 2 when neither surround option is given).
      surround_variance_ratio: sigma_I^2 / sigma_E^2 > 1 (Sorscher's convention); not with
          surround_ratio.
      alpha_e, alpha_i: general-dog amplitudes (dimensionless numbers, default 1 and 1).
      fields_per_cell: an int N, or 'poisson:MEAN' for 1 + Poisson(MEAN) fields (default 1).
      cells: number of place cells n_p, an int (default: NFL's density, round(512 (box / 2.2)^2),
          512 in the 2.2 m box; 512 where there is no box).
    A value given for a parameter that does not apply (alpha_e without 'general-dog', sigma
    with 'cartesian', ...) is a ValueError, as on the command line."""


def _doc(text):
    def apply(f):
        f.__doc__ = text.replace("{encoding}", _ENCODING_DOC)
        return f
    return apply


@_doc("""The fully resolved target encoding: an Encoding (family, sigma_m in metres, both
    surround conventions, sigma_i_m in metres, fields_per_cell, cells, ...; to_dict() is the
    'encoding' object of every JSON output).
{encoding}

    Raises ValueError for a bad value, e.g. for sigma=0:
    sigma: '0' is out of range (allowed: a width in metres >= 1e-09 and <= 1e+09, or
    uniform:LO,HI with LO < HI).""")
def make_encoding(encoding: str = "dos", sigma: Optional[Distributed] = None,
                  surround_ratio: Optional[Distributed] = None,
                  surround_variance_ratio: Optional[Distributed] = None,
                  alpha_e: Optional[Number] = None, alpha_i: Optional[Number] = None,
                  fields_per_cell: Optional[Union[int, str]] = None,
                  cells: Optional[int] = None) -> Encoding:
    return _core.make_encoding(encoding, sigma, surround_ratio, surround_variance_ratio,
                               alpha_e, alpha_i, fields_per_cell, cells)


@_doc("""The resolved encoding as one line of text (as in predict's text output).
{encoding}

    Raises ValueError for a bad value.""")
def describe_encoding(encoding: str = "dos", sigma: Optional[Distributed] = None,
                      surround_ratio: Optional[Distributed] = None,
                      surround_variance_ratio: Optional[Distributed] = None,
                      alpha_e: Optional[Number] = None, alpha_i: Optional[Number] = None,
                      fields_per_cell: Optional[Union[int, str]] = None,
                      cells: Optional[int] = None) -> str:
    return make_encoding(encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                         alpha_i, fields_per_cell, cells).description


@_doc("""predict(...) -> Prediction: the pattern a path integrator trained on a target encoding
    forms, and its grid spacing, from the encoding's power spectrum (`gridtheory predict`).

    Returns a Prediction:
      pattern: 'hexagonal', 'square', 'stripes', 'amorphous', 'none' or 'not_applicable';
      reason: one sentence; method: 'analytic' or 'sampled';
      k_star_per_m: the ring k* in rad/m (None without a ring);
      wavelength_m = 2 pi / k* and grid_spacing_m = 4 pi / (sqrt(3) k*), in metres;
      box_lowest_mode_per_m (rad/m: pi / box with solid walls, 2 pi / box periodic),
      box_lattice (dict: the box's strongest modes and best hexagonal triad), caveats,
      encoding (an Encoding), activation, box_m, periodic, seed, ...
      text (and str()): the text `gridtheory predict` prints;
      to_dict(): the dict `gridtheory predict --format json` prints.
{encoding}

    Other arguments:
      box: square arena side L in metres (default 2.2, NFL).
      periodic: periodic walls, box lattice 2 pi (n, m) / L (default False: solid walls, whose
          standing waves make the lattice pi (n, m) / L).
      activation: hidden nonlinearity 'relu' (default), 'tanh', 'sigmoid', 'linear'.
      method: 'analytic' (closed-form spectrum), 'sampled' (a drawn population's spectrum) or
          'auto' (default: analytic where a closed form exists, else sampled).
      seed: random seed of the sampled population, an int (default 0; recorded by every method).
      res: sampled solver grid bins per side, an int (default None: 64); the sampled spectrum
          only, a ValueError with the analytic one.
      threads: sampled solver threads (default None: all cores; the result does not depend on
          it).
      plot: also write the spectrum figure to this .png path (with .csv and .gp beside it).
      log_power: with plot, draw the power on a log axis.

    Raises ValueError with the CLI's one-line message for any bad value (checked before any
    work), each parameter named by its keyword.

    Example:
      >>> gridtheory.predict(sigma=0.12, surround_ratio=2).grid_spacing_m
      0.906...""")
def predict(encoding: str = "dos", sigma: Optional[Distributed] = None,
            surround_ratio: Optional[Distributed] = None,
            surround_variance_ratio: Optional[Distributed] = None,
            alpha_e: Optional[Number] = None, alpha_i: Optional[Number] = None,
            fields_per_cell: Optional[Union[int, str]] = None, cells: Optional[int] = None,
            box: Number = 2.2, periodic: bool = False, activation: str = "relu",
            method: str = "auto", seed: int = 0, res: Optional[int] = None,
            threads: Optional[int] = None, plot: Optional[Path] = None,
            log_power: bool = False) -> Prediction:
    return _core.predict(encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                         alpha_i, fields_per_cell, cells, box, periodic, activation, method, seed,
                         res, threads, plot, log_power)


@_doc("""The radial power spectrum E|p~(k)|^2 of an encoding's tuning curve (analytic) or of a
    sampled population (`gridtheory spectrum`).

    Returns a Spectrum:
      k_per_m, power: float64 arrays (n,), the rows of the CLI's CSV at full precision
          (analytic: `points` values from k = 0 to k_max; sampled: one per lattice radius
          |k| > 0 up to k_max). Power normalisation: theory/spectrum.hpp (unit-mass encodings:
          dimensionless, the centre term 1 at k = 0).
      method: 'analytic' or 'sampled'.
      k_star_per_m: the ring k* (rad/m) when the box can realise it, else None.
      box_mode_per_m: the box's lowest mode (pi / box solid walls, 2 pi / box periodic);
          power_at_box_mode: the power there.
      sampled only (else None): half_spectrum (float64 (fft_size, fft_size // 2 + 1), [ky][kx],
          the 2-D power on the DFT lattice), fft_size (res periodic, 2 res solid walls),
          k_step_per_m (the lattice spacing in rad/m).
      csv: the CLI's CSV text; to_dict(): the fields as a dict.
{encoding}

    Other arguments:
      box, periodic, method, res, threads: as in predict.
      seed: as in predict, but default None (0), and seed and cells are errors with the
          analytic spectrum, which draws nothing.
      k_max: largest wavenumber in rad/m (default 5 / the smallest width, at least
          2 x 2 pi / box).
      points: analytic rows from k = 0 to k_max, an int (default 401); an error with the
          sampled method.
      plot: also write the figure to this .png path (with .csv and .gp beside it);
      log_power: with plot, draw the power on a log axis.

    Raises ValueError (the CLI's message) for a bad value or an encoding without a spectrum
    (cartesian, polar; multi-field or distributed codes analytically: use method='sampled').""")
def spectrum(encoding: str = "dos", sigma: Optional[Distributed] = None,
             surround_ratio: Optional[Distributed] = None,
             surround_variance_ratio: Optional[Distributed] = None,
             alpha_e: Optional[Number] = None, alpha_i: Optional[Number] = None,
             fields_per_cell: Optional[Union[int, str]] = None, cells: Optional[int] = None,
             box: Number = 2.2, periodic: bool = False, method: str = "auto",
             seed: Optional[int] = None, res: Optional[int] = None,
             threads: Optional[int] = None, k_max: Optional[Number] = None,
             points: Optional[int] = None, plot: Optional[Path] = None,
             log_power: bool = False) -> Spectrum:
    return _core.spectrum(encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                          alpha_i, fields_per_cell, cells, box, periodic, method, seed, res,
                          threads, k_max, points, plot, log_power)


@_doc("""The closed-form power spectrum E|p~(k)|^2 at wavenumbers k_per_m (rad/m).

    k_per_m: a number or a real array of any shape; returns a float64 array of the same shape
    (a 0-d array for a number). Same normalisation as spectrum().
{encoding}

    Raises ValueError for a bad value, a non-real k_per_m, or an encoding without a closed-form
    spectrum.""")
def power(k_per_m: Union[Number, np.ndarray, Sequence[float]], encoding: str = "dos",
          sigma: Optional[Distributed] = None, surround_ratio: Optional[Distributed] = None,
          surround_variance_ratio: Optional[Distributed] = None,
          alpha_e: Optional[Number] = None, alpha_i: Optional[Number] = None,
          fields_per_cell: Optional[Union[int, str]] = None,
          cells: Optional[int] = None) -> np.ndarray:
    return _core.power(k_per_m, encoding, sigma, surround_ratio, surround_variance_ratio,
                       alpha_e, alpha_i, fields_per_cell, cells)


@_doc("""The prediction and the box lattice's best hexagonal triad over one parameter's values
    (`gridtheory scan`).

    Exactly one of sigma, surround_ratio, surround_variance_ratio, alpha_e, alpha_i or box is
    scanned: given as the CLI's 'LO:HI:STEP' text (e.g. sigma='0.08:0.20:0.005'; HI included
    when on the grid; each value computed at the 10 digits its CSV row prints) or as a list,
    tuple or 1-D array of values (e.g. sigma=[0.11, 0.12]). Every value is validated before any
    is computed.

    Returns a Scan, one row per value: parameter (e.g. 'sigma', 'surround_ratio', 'box'),
    values (float64 (rows,)), and each CSV column as an attribute at full precision: numbers as
    float64 arrays (NaN where the CSV cell is empty) -- k_star_per_m (rad/m), wavelength_m,
    grid_spacing_m, ring_to_box_power_ratio, triad_mean_k_per_m, triad_length_mismatch
    (max |k_i - k*| / k*), triad_angle_mismatch_deg, triad_min_power_ratio,
    box_grid_spacing_m, box_orientation_deg -- and pattern, method, triad_k1, triad_k2,
    triad_k3, top_mode as lists of str ('n:m' in lattice steps: k = pi (n, m) / box with solid
    walls, 2 pi (n, m) / box periodic; None where empty). table(): those columns as a dict;
    csv: the CLI's CSV text; to_dict(): the dict `gridtheory scan --format json` prints.
{encoding}

    Other arguments: box, periodic, activation, method, res, threads as in predict; seed
    (default None: 0) and cells are errors when every value uses the analytic spectrum, as in
    spectrum; plot: also write the CLI's scan figure to this .png path.

    Raises ValueError (the CLI's message) for no or two scanned parameters, a malformed range,
    or any bad value.""")
def scan(encoding: str = "dos", sigma: Optional[Union[Distributed, Values]] = None,
         surround_ratio: Optional[Union[Distributed, Values]] = None,
         surround_variance_ratio: Optional[Union[Distributed, Values]] = None,
         alpha_e: Optional[Union[Number, Values]] = None,
         alpha_i: Optional[Union[Number, Values]] = None,
         fields_per_cell: Optional[Union[int, str]] = None, cells: Optional[int] = None,
         box: Union[Number, Values] = 2.2, periodic: bool = False, activation: str = "relu",
         method: str = "auto", seed: Optional[int] = None, res: Optional[int] = None,
         threads: Optional[int] = None, plot: Optional[Path] = None) -> Scan:
    return _core.scan(encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e, alpha_i,
                      fields_per_cell, cells, box, periodic, activation, method, seed, res,
                      threads, plot)
