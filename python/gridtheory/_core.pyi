# Stubs of gridtheory._core, the compiled half of the package. One section per area; the public
# functions with their full signatures are in _theory.py, _numerics.py and _run.py.
from typing import Any, Callable, Dict, List, Optional, Union
import os

import numpy as np

__version__: str
encodings: tuple[str, ...]
activations: tuple[str, ...]
score_columns: tuple[str, ...]
score_definitions: Dict[str, Any]
defaults: Dict[str, Any]

_Path = Union[str, "os.PathLike[str]"]

# --- theory

# --- numerics

class Scores:
    """Grid scores of ratemaps, one value per unit; to_dict() is `gridtheory score --format json`."""
    score_60: np.ndarray
    score_60_minmax: np.ndarray
    score_90: np.ndarray
    gridness_bnt: np.ndarray
    grid_spacing_m: np.ndarray  # metres
    orientation_deg: np.ndarray  # degrees in [0, 60)
    fourier_spacing_m: np.ndarray  # metres
    stripe_score: np.ndarray
    nfl_period_m: np.ndarray  # metres
    nfl_period_err_m: np.ndarray  # metres
    spacing_disagree: np.ndarray
    ellipse_aspect: np.ndarray
    ellipse_angle_deg: np.ndarray  # degrees
    spacing_1_m: np.ndarray  # metres
    spacing_2_m: np.ndarray
    spacing_3_m: np.ndarray
    orientation_1_deg: np.ndarray  # degrees
    orientation_2_deg: np.ndarray
    orientation_3_deg: np.ndarray
    field_count: np.ndarray
    @property
    def sac(self) -> str: ...
    @property
    def box_m(self) -> float: ...
    @property
    def nbins(self) -> int: ...
    @property
    def bin_m(self) -> float: ...
    @property
    def units_count(self) -> int: ...
    @property
    def unvisited_bins(self) -> int: ...
    @property
    def units_with_unvisited_bins(self) -> int: ...
    @property
    def field_centres_m(self) -> list[np.ndarray]: ...
    def __len__(self) -> int: ...
    def to_dict(self) -> dict[str, Any]: ...

class Pattern:
    """gridtheory.pattern's result; to_dict() is the CLI's summary.json."""
    @property
    def maps(self) -> np.ndarray: ...  # float64 (maps, res, res)
    @property
    def scores(self) -> Scores: ...
    encoding: dict[str, Any]
    activation: str
    box_m: float
    periodic: bool
    cells: int
    kernel: str
    res: int
    steps: int
    lr: float
    multi: bool
    normalise: bool
    seed: int
    threads: int
    sac: str
    max_score_60: Optional[float]
    max_score_90: Optional[float]
    max_stripe_score: Optional[float]
    observed_pattern: str
    fraction_score_60_above_0_3: float
    fraction_score_60_above_0_8: float
    median_grid_spacing_m: Optional[float]
    predicted_pattern: str
    predicted_grid_spacing_m: Optional[float]
    prediction_method: str
    def to_dict(self) -> dict[str, Any]: ...

class PatternKernel:
    """gridtheory.pattern_kernel's result: the unit-peak kernel sigma_hat."""
    @property
    def sigma_hat(self) -> np.ndarray: ...  # float64 (res, res // 2 + 1)
    @property
    def res(self) -> int: ...
    @property
    def box_m(self) -> float: ...
    @property
    def kernel(self) -> str: ...
    @property
    def cells(self) -> int: ...
    @property
    def encoding(self) -> dict[str, Any]: ...
    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray: ...

class PatternDynamics:
    """gridtheory.pattern_dynamics's result: the maps and the options run."""
    @property
    def maps(self) -> np.ndarray: ...  # float64 (maps, res, res)
    res: int
    steps: int
    lr: float
    gain: float
    multi: bool
    normalise: bool
    init_scale: float
    seed: int
    activation: str

def score(ratemaps: Any, box: Optional[float], sac: Optional[str],
          threads: Optional[int]) -> Scores: ...
def ratemaps(positions: Any, activity: Any, box: Optional[float], bins: Optional[int],
             smooth: Optional[float], min_occupancy: Optional[int]) -> np.ndarray: ...
def autocorrelogram(ratemap: Any, sac: str) -> np.ndarray: ...
def pattern(encoding: str, sigma: Optional[Union[float, str]],
            surround_ratio: Optional[Union[float, str]],
            surround_variance_ratio: Optional[Union[float, str]], alpha_e: Optional[float],
            alpha_i: Optional[float], fields_per_cell: Optional[Union[int, str]],
            cells: Optional[int], box: Optional[float], activation: str, seed: Optional[int],
            maps: Optional[int], steps: Optional[int], res: Optional[int], lr: Optional[float],
            gain: Optional[float], threads: Optional[int], multi: bool, kernel: str) -> Pattern: ...
def pattern_kernel(encoding: str, sigma: Optional[Union[float, str]],
                   surround_ratio: Optional[Union[float, str]],
                   surround_variance_ratio: Optional[Union[float, str]],
                   alpha_e: Optional[float], alpha_i: Optional[float],
                   fields_per_cell: Optional[Union[int, str]], cells: Optional[int],
                   box: Optional[float], activation: str, seed: Optional[int],
                   res: Optional[int], kernel: str, threads: Optional[int]) -> PatternKernel: ...
def pattern_dynamics(sigma_hat: Any, maps: Optional[int], steps: Optional[int],
                     lr: Optional[float], activation: str, multi: bool, normalise: bool,
                     gain: Optional[float], init_scale: Optional[float], seed: Optional[int],
                     threads: Optional[int], initial: Any) -> PatternDynamics: ...

# --- run

class TrainingProgress:
    """One logged training step, as train's progress callback receives it."""
    @property
    def step(self) -> int: ...
    @property
    def steps(self) -> int: ...
    @property
    def loss(self) -> float: ...
    @property
    def decoding_error_cm(self) -> float: ...
    @property
    def seconds(self) -> float: ...

class TrainingResult:
    """A finished train run: summary.json's numbers (NaN where none) and its folder."""
    @property
    def path(self) -> str: ...
    @property
    def already_finished(self) -> bool: ...
    @property
    def steps(self) -> int: ...
    @property
    def seconds(self) -> float: ...
    @property
    def ms_per_step(self) -> float: ...
    @property
    def final_loss(self) -> float: ...
    @property
    def train_decoding_error_cm(self) -> float: ...
    @property
    def decoding_error_cm(self) -> float: ...
    @property
    def evaluated(self) -> bool: ...
    @property
    def max_score_60(self) -> float: ...
    @property
    def fraction_score_60_above_0_3(self) -> float: ...
    @property
    def median_grid_spacing_m(self) -> float: ...
    @property
    def predicted_grid_spacing_m(self) -> float: ...
    @property
    def predicted_pattern(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

class LossResult:
    """A checkpoint's loss, decoding error and gradients on one batch."""
    @property
    def loss(self) -> float: ...
    @property
    def decoding_error_cm(self) -> float: ...
    @property
    def precision(self) -> str: ...
    @property
    def steps(self) -> int: ...
    @property
    def batch(self) -> int: ...
    @property
    def gradients(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...

def _train(
    options: Dict[str, Any], progress: Optional[Callable[[TrainingProgress], Any]] = None
) -> TrainingResult: ...
def _loss(
    checkpoint: _Path, batch: _Path, gradients: Optional[_Path] = None, precision: str = "float32"
) -> LossResult: ...
def read_run(path: _Path, parameters: bool = False) -> Dict[str, Any]: ...
def read_npy(path: _Path) -> np.ndarray: ...
def training_batch(run: _Path, step: int = 1) -> Dict[str, np.ndarray]: ...
