// Lattice statistics of one unit, as opexebo's grid statistics report them (definitions only;
// docs/CONVENTIONS.md, "Ratemaps" and "Grid scores"): the ellipse through the six inner SAC
// peaks, the three lattice axes, and the field centres of the ratemap.
//
// Distances and angles follow the SAC's conventions (numerics/grid_scores.hpp): peaks in bins
// from the SAC centre, dx along the columns (+x) and dy along the rows (+y); angles in degrees
// from +x towards +y.
//
// - The peaks: the six SAC peaks nearest the centre that GridScorer picks for grid_spacing_m
//   (GridScorer::peaks(), sub-bin refined). They must form three opposite pairs: each peak's
//   partner is the peak nearest its mirror image -p, the partnership is mutual, and |p + q| is
//   at most kOppositeTolerance bins. Otherwise (fewer than six peaks, or no such pairing: a
//   square lattice's six nearest peaks, noise) every lattice statistic is NaN.
// - The three axes: per pair, v = (p - q) / 2 (the pair's half-difference, which is the peak's
//   position when the SAC is exactly symmetric). spacing_k_m = |v| x bin size; orientation_k_deg
//   = atan2(v_y, v_x) folded to [0, 180). The axes are ordered by orientation, smallest first.
//   A perfect hexagonal lattice gives three equal spacings (the grid spacing) at orientations 60
//   degrees apart.
// - The ellipse: the centred conic a x^2 + 2 b xy + c y^2 = 1 through the three axis vectors
//   (so through all six symmetrised peaks: any affine image of a regular hexagon lies on one).
//   Its semi-axes are 1 / sqrt(lambda) of the eigenvalues of [[a, b], [b, c]];
//   ellipse_aspect = major / minor >= 1, ellipse_angle_deg the major axis' angle folded to
//   [-90, 90). NaN when the conic is not an ellipse (the system is singular or not positive
//   definite). The angle means little when the aspect is near 1 (a circle has none).
// - Field centres: bins of the ratemap that are local maxima over their (up to 8) visited
//   neighbours (strictly above the neighbours before them in raster order, at least the ones
//   after: a plateau counts once) and whose rate exceeds kFieldThreshold of the way from the
//   map's lowest to its highest visited rate (min + 0.5 (max - min)). Each is refined to sub-bin
//   by a parabola along its row and its column (when both neighbours are visited) and reported
//   at its bin centre plus that offset, in metres from the arena's corner: x = (col + 0.5 + dx)
//   L / n, y = (row + 0.5 + dy) L / n. A map without two different visited rates has none.
#pragma once

#include "numerics/grid_scores.hpp"

#include <array>
#include <vector>

namespace gridtheory {

inline constexpr double kOppositeTolerance = 1.0; // bins: |p + q| for a pair of opposite peaks
inline constexpr double kFieldThreshold = 0.5;    // of the way from min to max rate

struct LatticeStats {
  double ellipse_aspect;
  double ellipse_angle_deg;
  std::array<double, 3> spacing_m;
  std::array<double, 3> orientation_deg;
};

// From the SAC peaks (bins from the centre) and the bin size in metres; NaN where undefined.
LatticeStats sac_lattice_stats(const std::vector<GridScorer::Peak>& peaks, double bin_m);

struct FieldCentre {
  double x_m;
  double y_m;
  double rate;
};

// The field centres of an nbins x nbins ratemap ([row = y][col = x], NaN unvisited) over a box
// of side box_m, in raster order of their bins.
std::vector<FieldCentre> field_centres(const double* ratemap, int nbins, double box_m);
// The same into `out` (cleared; no allocation once its capacity holds every centre).
void field_centres(const double* ratemap, int nbins, double box_m, std::vector<FieldCentre>& out);

} // namespace gridtheory
