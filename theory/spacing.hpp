// Wavenumber, wavelength and grid spacing: the "magic 1.155" in one place (docs/CONVENTIONS.md,
// "Wavelength and grid spacing").
#pragma once

#include <cmath>
#include <numbers>

namespace gridtheory {

// Wavelength (m) of a plane wave of wavenumber k (rad/m).
inline double wavelength_m(double k_per_m) {
  return 2.0 * std::numbers::pi / k_per_m;
}

// Nearest-field spacing (m) of the triangular lattice made by three waves of wavenumber k at
// 60 degrees: 4 pi / (sqrt(3) k) = (2 / sqrt(3)) * wavelength.
inline double grid_spacing_m(double k_per_m) {
  return 4.0 * std::numbers::pi / (std::sqrt(3.0) * k_per_m);
}

// Lowest nonzero wavenumber (rad/m) of a box of side L (m): 2 pi / L.
inline double lowest_box_mode_per_m(double side_m) {
  return 2.0 * std::numbers::pi / side_m;
}

} // namespace gridtheory
