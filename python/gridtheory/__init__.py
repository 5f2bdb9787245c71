"""gridtheory: will a path integrator trained on a target code grow hexagonal grid cells, and at
what spacing?

The C++ toolkit as a Python package: encodings (make_encoding, describe_encoding), predict,
spectra (spectrum, power), the box-lattice scan (scan), the pattern-forming dynamics (pattern,
pattern_kernel, pattern_dynamics), ratemaps of positions and activity (ratemaps), grid metrics of
any ratemap array (score, autocorrelogram) and run folders written by `gridtheory train`
(read_run, read_npy, training_batch).

Units: metres, seconds, radians; wavenumbers in rad/m. Ratemaps are [row][col] = [y][x], NaN for
an unvisited bin.

Errors: a bad value raises ValueError with the command line's one-line message, naming the
keyword where the command line names its option (sigma: '0' ... where the CLI says --sigma:
'0' ...); a bug raises RuntimeError.

The compiled library is gridtheory._core; the functions here give it real signatures
(inspect.signature works) and docstrings with units. Typed stubs ship beside it (py.typed).
"""

from ._core import (
    __version__,
    activations,
    defaults,
    encodings,
    score_columns,
    score_definitions,
)
from ._numerics import *  # noqa: F401,F403
from ._numerics import __all__ as _numerics_all
from ._run import *  # noqa: F401,F403
from ._run import __all__ as _run_all
from ._theory import *  # noqa: F401,F403
from ._theory import __all__ as _theory_all

__all__ = [
    "__version__",
    "activations",
    "defaults",
    "encodings",
    "score_columns",
    "score_definitions",
    *_theory_all,
    *_numerics_all,
    *_run_all,
]
