"""Grid scores, autocorrelograms, ratemaps and the pattern-forming dynamics.

Each function converts its keywords straight to the library's typed values (a number is a
float or an int, never text; a bool or a str where a number belongs raises ValueError naming
the keyword) and calls the application layer the command line calls (src/app/).
"""

from typing import Optional, Union

import numpy as np

from . import _core
from ._core import Pattern, PatternDynamics, PatternKernel, Scores

__all__ = ["score", "autocorrelogram", "ratemaps", "pattern", "pattern_kernel",
           "pattern_dynamics", "Scores", "Pattern", "PatternKernel", "PatternDynamics"]

Width = Union[float, str]


def score(ratemaps: np.ndarray, box: float = 2.2, sac: str = "deepmind",
          threads: Optional[int] = None) -> Scores:
    """Grid scores of ratemaps (`gridtheory score`), one value per unit.

    ratemaps: a real numpy array (float32, float64 or integers; any strides) of shape
        (units, nbins, nbins), or (nbins, nbins) for one map; [row][col] = [y][x], NaN for an
        unvisited bin; 3 to 512 bins per side; no infinite rates.
    box: the square arena's side L in metres (default 2.2); a bin is box / nbins metres.
    sac: how unvisited bins enter the spatial autocorrelogram: 'deepmind' (default, as the CLI
        and train: counted as rate 0, as DeepMind's scores.py) or 'nan-aware' (left out of every
        lag's correlation).
    threads: units scored in parallel (default None: all cores); the result does not depend on
        it. The GIL is released while scoring.

    Returns a Scores: each column of gridtheory.score_columns as a float64 array (units,)
    ('score_60', 'score_60_minmax', 'score_90', 'gridness_bnt', 'grid_spacing_m' in metres,
    'orientation_deg' in degrees in [0, 60) from +x towards +y, 'fourier_spacing_m', ...) at
    full precision, NaN where undefined; .sac, .box_m, .nbins, .field_centres_m; to_dict() is
    `gridtheory score --format json` (six significant digits, NaN as None).

    Raises ValueError naming the keyword for a bad box, sac or threads, or a ratemaps array of
    the wrong shape or dtype.

    Example:
      >>> s = gridtheory.score(maps, box=2.2)
      >>> (s.score_60 > 0.3).mean()
    """
    return _core.score(ratemaps, box, sac, threads)


def autocorrelogram(ratemap: np.ndarray, sac: str = "deepmind") -> np.ndarray:
    """The Pearson spatial autocorrelogram (SAC) of a ratemap, as the grid scores use it.

    ratemap: (nbins, nbins) or (units, nbins, nbins), the same rules as score()'s ratemaps.
    sac: 'deepmind' (default; unvisited bins as 0) or 'nan-aware' (unvisited bins left out).

    Returns float64 (2 nbins - 1, 2 nbins - 1) (or (units, ...)): the value at lag (dy, dx), in
    bins, is at [nbins - 1 + dy, nbins - 1 + dx]; the centre is 1. A lag without a correlation
    is NaN (nan-aware) or 0 (deepmind); a degenerate map gives all NaN / all 0.
    """
    return _core.autocorrelogram(ratemap, sac)


def ratemaps(positions: np.ndarray, activity: np.ndarray, box: float = 2.2, bins: int = 44,
             smooth: float = 0.0, min_occupancy: int = 1) -> np.ndarray:
    """Ratemaps from positions and activity (`gridtheory ratemaps`), binned as the trainer's
    evaluation bins its own, in the layout score() reads.

    positions: a real numpy array of shape (T, 2) or (T, B, 2): (x, y) in metres from the
        arena's corner, in [0, box] (up to 1e-6 box beyond a wall, float32 rounding, counts as
        the edge bin; further out, or non-finite, raises ValueError naming the sample).
    activity: a real numpy array of shape (T, units) or (T, B, units), sample for sample with
        positions; finite.
    box: the square arena's side L in metres (default 2.2).
    bins: bins per side, 2 to 512 (default 44: 5 cm in the 2.2 m box, the trainer's).
    smooth: Gaussian standard deviation in metres (default 0: none); the summed activity and the
        occupancy are smoothed separately and divided: unvisited bins stay NaN.
    min_occupancy: samples a bin needs to get a rate (default 1); fewer gives NaN.

    Returns float64 (units, bins, bins), [unit][row = y][col = x], the mean activity per bin.

    Example:
      >>> maps = gridtheory.ratemaps(xy, h, box=2.2, bins=44)
      >>> gridtheory.score(maps).score_60
    """
    return _core.ratemaps(positions, activity, box, bins, smooth, min_occupancy)


def pattern(encoding: str = "dos", sigma: Optional[Width] = None,
            surround_ratio: Optional[Width] = None,
            surround_variance_ratio: Optional[Width] = None, alpha_e: Optional[float] = None,
            alpha_i: Optional[float] = None, fields_per_cell: Optional[Union[int, str]] = None,
            cells: Optional[int] = None, box: float = 2.2, activation: str = "relu",
            seed: int = 0, maps: int = 16, steps: Optional[int] = None, res: int = 55,
            lr: Optional[float] = None, gain: Optional[float] = None,
            threads: Optional[int] = None, multi: bool = False,
            kernel: str = "sampled") -> Pattern:
    """Run the theory's pattern-forming dynamics (Sorscher et al.) on an encoding's covariance
    in a periodic box and score the maps (`gridtheory pattern`, without the files).

    Encoding: encoding (a place code), sigma (metres, or 'uniform:LO,HI'), surround_ratio
        (sigma_I / sigma_E) or surround_variance_ratio (sigma_I^2 / sigma_E^2), alpha_e, alpha_i
        (general-dog), fields_per_cell (N or 'poisson:MEAN'), cells (default NFL's density,
        round(512 (box / 2.2)^2): 512 at 2.2 m, 2048 at 4.4 m), as in predict().
    box: side of the periodic box in metres (default 2.2).
    activation: 'relu' (default), 'tanh', 'sigmoid', 'linear'.
    seed: seed of the sampled population and of the initial maps (default 0).
    maps: number of maps (default 16). steps: update steps (default 1500).
    res: grid points per side (default 55). lr: step size in (0, 1] on the unit-peak kernel
        (default 0.3). gain: multi only, r in f(r G), >= 0 (default 1).
    threads: worker threads (default None: all cores; bit-identical results for any).
    multi: all maps with the Oja/Sanger orthogonalising term (default False: single maps).
    kernel: 'sampled' (default: the spectrum of `cells` cells drawn with seed) or 'analytic'
        (the closed form).
    The GIL is released while the dynamics run.

    Returns a Pattern: .maps float64 (maps, res, res), [row][col] = [y][x] (the CLI's
    maps.npy); .scores, the maps' Scores (the CLI's metrics.csv); the configuration and the
    statistics (.cells, .fraction_score_60_above_0_8, .median_grid_spacing_m in metres,
    .predicted_grid_spacing_m, ...); to_dict() is the CLI's summary.json.

    Raises ValueError naming the keyword for a bad value, or lr when the maps overflowed.
    """
    return _core.pattern(encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                         alpha_i, fields_per_cell, cells, box, activation, seed, maps, steps, res,
                         lr, gain, threads, multi, kernel)


def pattern_kernel(encoding: str = "dos", sigma: Optional[Width] = None,
                   surround_ratio: Optional[Width] = None,
                   surround_variance_ratio: Optional[Width] = None,
                   alpha_e: Optional[float] = None, alpha_i: Optional[float] = None,
                   fields_per_cell: Optional[Union[int, str]] = None,
                   cells: Optional[int] = None, box: float = 2.2, activation: str = "relu",
                   seed: int = 0, res: int = 55, kernel: str = "sampled",
                   threads: Optional[int] = None) -> PatternKernel:
    """The covariance kernel `gridtheory pattern` runs its dynamics on: sigma_hat, the
    eigenvalue of every wavevector k = 2 pi (kx, ky) / box (rad/m) of the res x res periodic
    grid, scaled so its largest value is 1.

    The encoding keywords, box (metres), seed, kernel and threads as in pattern(); activation is
    recorded in the prediction only; res: grid points per side, 8 to 1024 (default 55).

    Returns a PatternKernel: .sigma_hat float64 (res, res // 2 + 1), [ky][kx] with ky the
    unsigned DFT row (the half spectrum of numerics/fft2.hpp); .res, .box_m, .kernel, .cells,
    .encoding. pattern_dynamics() takes it (or its sigma_hat); numpy.asarray(k) is sigma_hat.
    """
    return _core.pattern_kernel(encoding, sigma, surround_ratio, surround_variance_ratio,
                                alpha_e, alpha_i, fields_per_cell, cells, box, activation, seed,
                                res, kernel, threads)


def pattern_dynamics(sigma_hat: Union[np.ndarray, PatternKernel], maps: Optional[int] = None,
                     steps: Optional[int] = None, lr: Optional[float] = None,
                     activation: str = "relu", multi: bool = False, normalise: bool = True,
                     gain: Optional[float] = None, init_scale: float = 1e-8, seed: int = 0,
                     threads: Optional[int] = None,
                     initial: Optional[np.ndarray] = None) -> PatternDynamics:
    """The pattern-forming dynamics on a given kernel (numerics/pattern_dynamics.hpp).

    sigma_hat: a PatternKernel, or a real array (res, res // 2 + 1), finite and >= 0, even in k.
    maps: number of maps (default 16, or the number of initial maps).
    steps: update steps (default 1500; 0 returns the initial maps).
    lr: step size in (0, 1] (default 0.3).
    activation: 'relu' (default), 'tanh', 'sigmoid', 'linear'.
    multi: the Oja/Sanger rule over all maps (default False: each map on its own).
    normalise: single maps: rescale the activation's input to RMS 1 every step (default True;
        False is the reference rule of Sorscher et al.'s notebook).
    gain: multi only, r in f(r G), >= 0 (default 1).
    init_scale: initial maps are init_scale * N(0, 1) drawn with seed (default 1e-8).
    seed: default 0. threads: default None (all cores); results are bit-identical for any.
    initial: optional starting maps, real array (maps, res, res), finite.

    Returns a PatternDynamics: .maps float64 (maps, res, res), [row][col] = [y][x], and the
    options run (.steps, .lr, .gain, .multi, ...). Raises ValueError naming the keyword for a
    bad value or shape, or lr when the maps overflow.
    """
    return _core.pattern_dynamics(sigma_hat, maps, steps, lr, activation, multi, normalise, gain,
                                  init_scale, seed, threads, initial)
