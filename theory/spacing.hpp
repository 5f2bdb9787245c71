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

// The step of the box's Fourier lattice, which is also its lowest nonzero wavenumber (rad/m)
// (theory/README.md, section 9). A periodic box holds the plane waves k = (2 pi / L)(n, m); a
// box with solid (Neumann-like) walls holds the standing waves cos(n pi x / L) cos(m pi y / L),
// k = (pi / L)(n, m): the lowest mode is pi / L and the lattice is twice as fine.
inline double lowest_box_mode_per_m(double side_m, bool periodic) {
  return (periodic ? 2.0 : 1.0) * std::numbers::pi / side_m;
}

// How outputs name that step: "2pi/L" (periodic) or "pi/L" (solid walls).
inline const char* box_mode_name(bool periodic) {
  return periodic ? "2pi/L" : "pi/L";
}

// The same for figures, the Greek letter drawn (UTF-8; the figures' text is not enhanced).
inline const char* box_mode_figure_name(bool periodic) {
  return periodic ? "2\u03c0/L" : "\u03c0/L";
}

} // namespace gridtheory
