// Ratemaps from positions and activity: the binning the trainer's evaluation uses
// (src/train/evaluation.hpp, RatemapAccumulator), so a user's ratemaps and ours are the same maps
// of the same samples (docs/CONVENTIONS.md, "Ratemaps").
//
// - The arena is the square [0, L] x [0, L], positions measured from its corner in metres, x the
//   first coordinate and y the second. With nbins bins per side a position goes to bin
//   (row, col) = (floor(y / L * nbins), floor(x / L * nbins)), each clamped to [0, nbins - 1]
//   (ratemap_bin, shared with the trainer: a position on the far wall, x = L, is in the last
//   bin).
// - For each bin, the count of samples that fell in it (the occupancy) and each unit's summed
//   activity over them. rate = sum / count. A bin whose count is below min_occupancy is NaN
//   (with min_occupancy 1, exactly the unvisited bins: the trainer's maps).
// - Smoothing (smooth_m > 0, a Gaussian's standard deviation in metres, sigma = smooth_m /
//   (L / nbins) in bins): a normalised convolution. The sums and the counts of the kept bins
//   (count >= min_occupancy; the others contribute nothing) are each convolved with the same
//   Gaussian, separable, truncated at radius round(4 sigma) bins and cut at the walls (no
//   padding, no wrap), and the rate is the smoothed sum over the smoothed count: an
//   occupancy-weighted average of the neighbouring samples' activity, so an unvisited bin near a
//   visited one does not pull the rate to 0 and the walls do not darken the edge. Bins that were
//   NaN before smoothing stay NaN after it (smoothing fills nothing in).
// Output: units x nbins x nbins, row-major [unit][row = y][col = x], what `gridtheory score`
// reads.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace gridtheory {

// The bin of a coordinate v in [0, L]: floor(v / L * nbins) clamped to [0, nbins - 1]. The one
// rule of the trainer's evaluation and of `gridtheory ratemaps`.
inline int ratemap_bin(double v_m, double side_m, int nbins) {
  const int i = static_cast<int>(std::floor(v_m / side_m * nbins));
  return std::clamp(i, 0, nbins - 1);
}

struct RatemapOptions {
  double side_m = 2.2;         // L, metres
  int nbins = 44;              // bins per side, >= 1
  double smooth_m = 0.0;       // Gaussian standard deviation in metres; 0: no smoothing
  long long min_occupancy = 1; // samples a bin needs to get a rate, >= 1
};

// `positions`: samples x 2 (x, y in metres, finite); `activity`: samples x units. Positions
// outside the box are clamped to it by ratemap_bin (the CLI refuses them first). Returns units x
// nbins x nbins. Throws InternalError for sizes or options out of range.
std::vector<double> bin_ratemaps(const double* positions, const double* activity,
                                 std::size_t samples, std::size_t units,
                                 const RatemapOptions& options);

// The occupancy (samples per bin) of the same binning, nbins x nbins [row = y][col = x].
std::vector<long long> bin_occupancy(const double* positions, std::size_t samples,
                                     const RatemapOptions& options);

} // namespace gridtheory
