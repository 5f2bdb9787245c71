// The box's Fourier lattice: in a periodic square box of side L only wavevectors
// k = (2 pi / L)(n, m) exist; with solid walls the modes are the standing waves
// cos(n pi x / L) cos(m pi y / L), k = (pi / L)(n, m) (theory/README.md, section 9). The lattice
// step is lowest_box_mode_per_m(L, periodic) (theory/spacing.hpp). Which lattice modes carry the
// most power, which hexagonal triad of them lies nearest the ring, and which grid spacing and
// orientation the box therefore forces.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gridtheory {

struct LatticeMode {
  int n = 0; // kx = n x the lattice step (2 pi / L periodic, pi / L solid walls)
  int m = 0; // ky = m x the lattice step
  double k_per_m = 0.0;
  double power = 0.0;
};

// Three lattice vectors summing to zero: the box's best approximation of a hexagonal triad.
struct Triad {
  std::array<LatticeMode, 3> modes;
  double mean_k_per_m = 0.0;
  double length_mismatch = 0.0;    // max_i | |k_i| - k* | / k*
  double angle_mismatch_deg = 0.0; // max over pairs of | angle between k_i and k_j - 120 deg |
  double grid_spacing_m = 0.0;     // mean nearest-neighbour distance of the pattern it makes
  double orientation_deg = 0.0;    // angle of its shortest real-space lattice vector, [0, 60)
  double min_power = 0.0;          // power of its weakest wave
};

struct BoxLattice {
  bool periodic = false;
  double lowest_mode_per_m = 0.0;     // the lattice step: 2 pi / L periodic, pi / L solid walls
  double ring_shells = 0.0;           // k* / lowest mode: how many lattice steps out the ring is
  std::vector<LatticeMode> top_modes; // one representative per shell (n >= m >= 0), by power
  std::optional<Triad> best_triad;    // none when no triad lies within the search window
  // Why the lattice was not searched (empty when it was): the ring lies more than
  // BoxLatticeOptions::max_ring_shells steps out, where top_modes and best_triad stay empty.
  std::string not_searched;
};

struct BoxLatticeOptions {
  int top_modes = 5;
  double window = 0.25; // triad lengths within (1 +- window) k*
  // The search visits ~(pi R^2)^2 pairs of lattice vectors for a ring R = k* / step lattice
  // steps out (0.1 s at R = 17 on this machine, growing as R^4; sigma = 1e-4 m in a periodic
  // 2.2 m box is R = 3366, which never finishes). Beyond 20 steps the lattice holds a triad within
  // a few percent of any hexagon on the ring, so the box imposes nothing there.
  double max_ring_shells = 20.0;
};

// `power` is the isotropic power spectrum (rad/m -> power); `k_star_per_m` the ring; `periodic`
// chooses the lattice step (2 pi / L periodic, pi / L solid walls).
// The best triad maximises the power of its weakest wave (a triad is as strong as its weakest
// member), ties broken by the smaller angle mismatch. A ring beyond options.max_ring_shells is
// not searched (not_searched says why).
BoxLattice analyse_box_lattice(const std::function<double(double)>& power, double k_star_per_m,
                               double box_m, bool periodic, const BoxLatticeOptions& options = {});

} // namespace gridtheory
