#!/usr/bin/python3
"""The peer for `gridtheory predict`: what a user writes today with NumPy/SciPy.

No peer project predicts a pattern from a spectrum, so this is the closest stand-in: evaluate
the 2-D DoG power spectrum on a fine k grid, take the highest peak away from k = 0, refine it
with SciPy, and print k*, wavelength and grid spacing. Same inputs as `gridtheory predict`'s
defaults (DoS, sigma 0.12 m, surround ratio 2, 2.2 m box).
"""
import sys

import numpy as np
from scipy.optimize import minimize_scalar

sigma, s, box = 0.12, 2.0, 2.2


def power(k):
    a = 0.5 * sigma**2 * k**2
    return (np.exp(-a) - np.exp(-s * s * a)) ** 2


k = np.linspace(0.0, 6.0 / sigma, 600)
p = power(k)
i = int(np.argmax(p[1:]) + 1)
res = minimize_scalar(lambda x: -power(x), bracket=(k[i - 1], k[i], k[i + 1]))
k_star = res.x
k_box = 2 * np.pi / box
hexagonal = k_star >= k_box and power(k_star) > power(k_box)
print(f"pattern {'hexagonal' if hexagonal else 'square'} k* {k_star:.3f} rad/m "
      f"wavelength {2*np.pi/k_star:.3f} m spacing {4*np.pi/(np.sqrt(3)*k_star):.3f} m")
sys.exit(0)
