"""Grid scores, autocorrelograms, ratemaps and the pattern-forming dynamics."""

from ._core import autocorrelogram, pattern, pattern_dynamics, pattern_kernel, ratemaps, score

__all__ = ["score", "autocorrelogram", "ratemaps", "pattern", "pattern_kernel", "pattern_dynamics"]
