#include "numerics/nfl_period.hpp"

#include "numerics/sac.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gridtheory {

namespace {

size_t sz(long long v) {
  return static_cast<size_t>(v);
}

// Ties of the direct sum are exact; the FFT's sums differ from it by ~1e-16 of the largest value.
constexpr double kTie = 1e-12;

} // namespace

NflPeriodEstimator::NflPeriodEstimator(int nbins, double box_m)
    : n_(nbins), bin_m_(box_m / nbins), fft_(fast_fft_size(2 * nbins - 1)) {
  if (nbins < 3) throw InternalError("NflPeriodEstimator: nbins must be at least 3");
  if (!(box_m > 0.0) || !std::isfinite(box_m))
    throw InternalError("NflPeriodEstimator: the box side must be finite and > 0");
  const int p = fft_.n();
  padded_.assign(sz(p) * sz(p), 0.0);
  spectrum_.assign(sz(p) * sz(fft_.half()), {});
  corr_.assign(sz(2 * nbins - 1) * sz(2 * nbins - 1), 0.0);
  distances_.reserve(corr_.size());
}

NflPeriod NflPeriodEstimator::estimate(const double* map) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const int n = n_, p = fft_.n(), s = 2 * n - 1, c = n - 1;
  // The map (unvisited = 0), scaled by a power of two so that squares neither overflow nor
  // underflow: exact, and the peaks' positions do not depend on the scale.
  double largest = 0.0;
  for (size_t i = 0; i < sz(n) * sz(n); ++i)
    if (std::isfinite(map[i])) largest = std::max(largest, std::abs(map[i]));
  if (!(largest > 0.0)) return {nan, nan};
  const int shift = -std::ilogb(largest);
  std::fill(padded_.begin(), padded_.end(), 0.0);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const double v = map[sz(y) * sz(n) + sz(x)];
      padded_[sz(y) * sz(p) + sz(x)] = std::isfinite(v) ? std::ldexp(v, shift) : 0.0;
    }
  fft_.forward(padded_.data(), spectrum_.data());
  for (auto& z : spectrum_)
    z = std::norm(z);
  fft_.inverse(spectrum_.data(), padded_.data());
  // Lag d sits at index d mod P; A[c + dy][c + dx] = sum_j x[j] x[j + d].
  const double scale = 1.0 / (static_cast<double>(p) * static_cast<double>(p));
  double top = 0.0;
  for (int dy = -c; dy <= c; ++dy)
    for (int dx = -c; dx <= c; ++dx) {
      const double v = padded_[sz((dy + p) % p) * sz(p) + sz((dx + p) % p)] * scale;
      corr_[sz(dy + c) * sz(s) + sz(dx + c)] = v;
      top = std::max(top, std::abs(v));
    }
  // Snap values to the nearest multiple of kTie * top: FFT rounding cannot split an exact tie.
  const double step = kTie * top;
  for (double& v : corr_)
    v = std::round(v / step) * step;
  const double low = *std::min_element(corr_.begin(), corr_.end());

  distances_.clear();
  const auto at = [&](int y, int x) {
    y = std::clamp(y, 0, s - 1);
    x = std::clamp(x, 0, s - 1);
    return corr_[sz(y) * sz(s) + sz(x)];
  };
  for (int y = 1; y < s - 1; ++y)
    for (int x = 1; x < s - 1; ++x) {
      const double v = at(y, x);
      if (!(v > low)) continue;
      bool peak = true;
      for (int dy = -1; dy <= 1 && peak; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
          if (at(y + dy, x + dx) > v) {
            peak = false;
            break;
          }
      if (peak) distances_.push_back(std::hypot(y - c, x - c));
    }
  if (distances_.size() < 7) return {nan, nan};
  std::partial_sort(distances_.begin(), distances_.begin() + 7, distances_.end());
  double mean = 0.0;
  for (size_t i = 1; i < 7; ++i)
    mean += distances_[i];
  mean /= 6.0;
  double var = 0.0;
  for (size_t i = 1; i < 7; ++i)
    var += (distances_[i] - mean) * (distances_[i] - mean);
  return {mean * bin_m_, std::sqrt(var / 6.0) * bin_m_};
}

} // namespace gridtheory
