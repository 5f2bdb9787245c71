// NFL's grid period (Schaeffer, Khona & Fiete 2022, their scorer's
// calculate_grid_cell_periodicity_and_orientation), reproduced exactly:
//   1. unvisited (non-finite) bins are set to 0;
//   2. A = the raw full 2-D autocorrelation of the map, sum_j x[j] x[j + d] over the overlapping
//      bins: (2n-1) x (2n-1), not mean-subtracted and not normalised (scipy's
//      correlate2d(map, map, mode='full'));
//   3. its peaks as scikit-image's peak_local_max(A) with its defaults (0.19 and later): a pixel
//      equal to the maximum of its 3 x 3 neighbourhood (edges replicated), strictly above the
//      minimum of A, and not in the outermost row or column;
//   4. the peaks sorted by distance from the centre (n-1, n-1); the nearest (the centre itself) is
//      dropped and the next six kept;
//   5. period = the mean of their six distances, period_err = their standard deviation (NumPy's,
//      over 6), in bins, times the bin size L / n for metres here.
// Fewer than 7 peaks: NaN. The raw autocorrelation's triangular envelope pulls the peaks towards
// the centre, so this period runs short of the lattice's spacing on small maps (README,
// "Spacing estimators", has the calibration). A is computed with FFTs; values within 1e-12 of
// A's largest |value| of each other count as equal (the direct sum's exact ties, such as the
// all-zero lags of a map with empty regions, stay ties).
#pragma once

#include "numerics/fft2.hpp"

#include <complex>
#include <vector>

namespace gridtheory {

struct NflPeriod {
  double period_m;
  double period_err_m;
};

// One instance per thread; estimate() allocates nothing.
class NflPeriodEstimator {
public:
  NflPeriodEstimator(int nbins, double box_m); // nbins >= 3, box_m > 0
  NflPeriodEstimator(const NflPeriodEstimator&) = delete;
  NflPeriodEstimator& operator=(const NflPeriodEstimator&) = delete;

  // `ratemap`: nbins * nbins values, row-major [y][x].
  NflPeriod estimate(const double* ratemap);

  // The raw autocorrelation of the last estimate(), (2n-1)^2, row-major, centre at (n-1, n-1).
  const std::vector<double>& autocorrelation() const { return corr_; }

private:
  int n_;
  double bin_m_;
  RealFft2 fft_;
  std::vector<double> padded_, corr_, distances_;
  std::vector<std::complex<double>> spectrum_;
};

} // namespace gridtheory
