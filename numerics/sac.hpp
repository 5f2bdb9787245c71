// The Pearson spatial autocorrelogram (SAC) of a square ratemap, computed with FFTs.
//
// For an n x n ratemap x (row-major, [row][col] = [y][x]), the SAC is (2n-1) x (2n-1): the value
// at lag (dy, dx), |dy|, |dx| <= n-1, stored at [(n-1+dy)*(2n-1) + (n-1+dx)], is the Pearson
// correlation between x[y][x] and x[y+dy][x+dx] over the bin pairs where both bins are valid
// (each side centred by its own mean over those pairs, population variances). The SAC is
// symmetric, S(-d) = S(d), and S(0) = 1.
//
// Two modes, named in every output (docs/CONVENTIONS.md, "Grid scores"):
//  - SacMode::deepmind: non-finite (unvisited) bins are replaced by 0 and count as valid, exactly
//    as DeepMind's scores.py (and the peer numpy_gridscore.py) do.
//  - SacMode::nan_aware: non-finite bins are left out: only pairs of visited bins enter a lag.
// A lag with fewer than 2 valid pairs has no correlation: 0 in deepmind mode (the reference's
// nan_to_num), NaN in nan_aware mode. deepmind mode reproduces the reference on every finite map,
// near-zero regions included: a lag where either side's variance over its pairs is under 1e-4 of
// the map's is summed directly (two passes over the raw values, O(pairs)), and only an exactly
// constant side gives 0. nan_aware mode is the robust one: either side's variance at most 1e-10
// of the map's (zero up to the FFT's rounding) gives NaN.
// A map with fewer than 2 valid bins, or whose valid bins all hold the same value, is degenerate:
// compute() returns false and the SAC is all 0 (deepmind) or all NaN (nan_aware).
// The SAC does not depend on the map's scale: the map is first multiplied by the power of two
// that brings its largest |value| into [1, 2) (exact), so rates of 1e300 or denormal rates give
// the SAC of the same map at rate ~1 (denormals only to the precision they were stored with).
//
// Method: with a = (x - mean)/std on valid bins (0 elsewhere), m the valid mask and q = a^2, all
// zero-padded to P x P (P >= 2n-1, even, a product of 2, 3, 5, 7), the six sums of every lag are
// correlations: pairs = m*m, sum_1 = a*m, sum_2 = m*a, sumsq_1 = q*m, sumsq_2 = m*q, cross = a*a
// (corr(u, v)(d) = sum_j u[j] v[j+d] = IFFT(conj(U) V)); sum_2 and sumsq_2 are sum_1 and sumsq_1
// at -d. A map with unvisited bins in nan_aware mode costs 3 forward and 4 inverse real FFTs,
// O(n^2 log n). When every bin is valid (deepmind mode, or no unvisited bin) the mask is all
// ones: the pair counts are (n-|dy|)(n-|dx|) and the one-sided sums are rectangle sums of
// summed-area tables, so only cross needs FFTs (1 forward, 1 inverse).
#pragma once

#include "numerics/fft2.hpp"

#include <complex>
#include <string_view>
#include <vector>

namespace gridtheory {

enum class SacMode { deepmind, nan_aware };

// The SAC every command scores with unless told otherwise (score, train, evaluate, pattern, the
// Python module): DeepMind's, the convention of the reference scorer (scores.py) as Banino et al.,
// Sorscher et al. and NFL used it, so a score compares with published ones. On a map with
// unvisited bins it counts them as rate 0 (what the reference does); `score` says so on stderr
// and `--sac nan-aware` leaves them out instead (docs/CONVENTIONS.md, "Grid scores").
inline constexpr SacMode default_sac = SacMode::deepmind;

// "deepmind" or "nan-aware" (the CLI's spelling).
std::string_view sac_mode_name(SacMode mode);

// Smallest even P >= n whose only prime factors are 2, 3, 5 and 7.
int fast_fft_size(int n);

// The FFT autocorrelogram of n x n maps, with its plans and buffers allocated once.
// One instance per thread.
class Autocorrelogram {
public:
  Autocorrelogram(int nbins, SacMode mode); // nbins >= 2
  Autocorrelogram(const Autocorrelogram&) = delete;
  Autocorrelogram& operator=(const Autocorrelogram&) = delete;

  int nbins() const { return n_; }
  int size() const { return 2 * n_ - 1; }
  int fft_size() const { return fft_.n(); }
  SacMode mode() const { return mode_; }

  // Writes size()^2 values to `sac`. Returns false for a degenerate map (see above).
  bool compute(const double* map, double* sac);

  // After a successful compute(): the half spectrum (fft_size() rows of fft_size()/2+1) of the
  // map with unvisited bins set to the mean of the visited ones, minus that mean, zero-padded to
  // fft_size(), times an arbitrary positive factor. Reuses the SAC's transform when it is the
  // same array (nan_aware mode, or a map without unvisited bins).
  const std::complex<double>* filled_spectrum();

private:
  double direct_lag(int dy, int dx) const; // deepmind mode: one lag by direct sums

  int n_;
  SacMode mode_;
  RealFft2 fft_;
  bool had_invalid_ = false;
  bool filled_ready_ = false;
  double mean_ = 0.0; // of the valid bins (deepmind: of all bins, unvisited = 0)
  double std_ = 1.0;
  std::vector<double> real_;                          // P x P padded input / inverse output
  std::vector<double> pairs_, sum1_, sumsq1_, cross_; // P x P inverse transforms
  std::vector<double> table_a_, table_q_;             // (n+1)^2 summed-area tables
  std::vector<std::complex<double>> a_hat_, m_hat_, q_hat_, product_, filled_hat_;
  std::vector<double> values_; // the map with unvisited bins as NaN
};

// Convenience (allocates): the SAC of one map.
std::vector<double> spatial_autocorrelogram(const double* map, int nbins, SacMode mode);

} // namespace gridtheory
