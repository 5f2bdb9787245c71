#include "numerics/sac.hpp"

#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace gridtheory {

namespace {

size_t sz(long long v) {
  return static_cast<size_t>(v);
}

// nan_aware: either side's variance over a lag's pairs at or below this fraction of the whole
// map's variance counts as zero (the FFT sums carry rounding of ~1e-15 of the map's total).
constexpr double kZeroVariance = 1e-10;
// deepmind: below this fraction the FFT sums are too coarse for the reference's answer (their
// absolute rounding, ~1e-13, is over 1e-9 of such a variance), so the lag is summed directly.
constexpr double kDirectBelow = 1e-4;

} // namespace

std::string_view sac_mode_name(SacMode mode) {
  return mode == SacMode::deepmind ? "deepmind" : "nan-aware";
}

int fast_fft_size(int n) {
  for (int p = std::max(n, 2);; ++p) {
    if (p % 2) continue; // even sizes: FFTW's real transforms are much faster (64 vs 63: 2x)
    int r = p;
    for (int f : {2, 3, 5, 7})
      while (r % f == 0)
        r /= f;
    if (r == 1) return p;
  }
}

Autocorrelogram::Autocorrelogram(int nbins, SacMode mode)
    : n_(nbins), mode_(mode), fft_(fast_fft_size(2 * std::max(nbins, 2) - 1)) {
  if (nbins < 2) throw InternalError("Autocorrelogram: nbins must be at least 2");
  const int p = fft_.n();
  const size_t real_count = sz(p) * sz(p);
  const size_t half_count = sz(p) * sz(fft_.half());
  real_.assign(real_count, 0.0);
  pairs_.assign(real_count, 0.0);
  sum1_.assign(real_count, 0.0);
  sumsq1_.assign(real_count, 0.0);
  cross_.assign(real_count, 0.0);
  a_hat_.assign(half_count, 0.0);
  m_hat_.assign(half_count, 0.0);
  q_hat_.assign(half_count, 0.0);
  product_.assign(half_count, 0.0);
  filled_hat_.assign(half_count, 0.0);
  values_.assign(sz(nbins) * sz(nbins), 0.0);
  table_a_.assign((sz(nbins) + 1) * (sz(nbins) + 1), 0.0);
  table_q_.assign((sz(nbins) + 1) * (sz(nbins) + 1), 0.0);
}

bool Autocorrelogram::compute(const double* map, double* sac) {
  const int n = n_;
  const int p = fft_.n();
  const int h = fft_.half();
  const size_t cells = sz(n) * sz(n);
  const size_t half_count = sz(p) * sz(h);
  const bool deepmind = mode_ == SacMode::deepmind;
  const int s = size();
  const double invalid = deepmind ? 0.0 : std::numeric_limits<double>::quiet_NaN();
  filled_ready_ = false;

  // The map scaled by a power of two that brings its largest |value| into [1, 2): exact, so
  // the correlations are bit for bit those of the map as given, but rates of 1e300 (whose
  // squares overflow) or denormals (whose squares underflow) keep their pattern.
  double largest = 0.0;
  for (size_t i = 0; i < cells; ++i)
    if (std::isfinite(map[i])) largest = std::max(largest, std::abs(map[i]));
  const int shift = largest > 0.0 ? -std::ilogb(largest) : 0;
  for (size_t i = 0; i < cells; ++i)
    values_[i] = std::isfinite(map[i]) ? std::ldexp(map[i], shift)
                                       : std::numeric_limits<double>::quiet_NaN();

  // Valid values (deepmind: unvisited -> 0 and valid), their mean and spread.
  had_invalid_ = false;
  size_t valid = 0;
  double sum = 0.0;
  bool all_equal = true;
  double first = 0.0;
  for (size_t i = 0; i < cells; ++i) {
    double v = values_[i];
    if (std::isnan(v)) {
      had_invalid_ = true;
      if (!deepmind) continue;
      v = 0.0;
    }
    if (valid == 0) first = v;
    all_equal = all_equal && v == first;
    sum += v;
    ++valid;
  }
  double ss = 0.0;
  const double mean = valid ? sum / static_cast<double>(valid) : 0.0;
  for (size_t i = 0; i < cells; ++i) {
    const double v = !std::isnan(values_[i]) ? values_[i] : (deepmind ? 0.0 : mean);
    ss += (v - mean) * (v - mean);
  }
  const double variance = valid ? ss / static_cast<double>(valid) : 0.0;
  mean_ = mean;
  std_ = std::sqrt(variance);
  if (valid < 2 || all_equal || !(variance > 0.0) || !std::isfinite(variance)) {
    std::fill(sac, sac + sz(s) * sz(s), invalid);
    return false;
  }

  // a = standardised values (0 where unvisited in nan_aware mode), q = a^2, m = valid mask.
  std::fill(real_.begin(), real_.end(), 0.0);
  const double inv_std = 1.0 / std_;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const double v = values_[sz(y) * sz(n) + sz(x)];
      const bool ok = !std::isnan(v);
      real_[sz(y) * sz(p) + sz(x)] =
          ok ? (v - mean) * inv_std : (deepmind ? (0.0 - mean) * inv_std : 0.0);
    }
  fft_.forward(real_.data(), a_hat_.data());
  const bool full_mask = deepmind || !had_invalid_;
  if (full_mask) {
    // Every bin valid: the pair counts are (n-|dy|)(n-|dx|) and the one-sided sums are
    // rectangle sums, read from summed-area tables of a and a^2 ((n+1) x (n+1), exact
    // enough: the values are standardised).
    const size_t w = sz(n) + 1;
    for (int y = 0; y < n; ++y) {
      double row_a = 0.0, row_q = 0.0;
      for (int x = 0; x < n; ++x) {
        const double v = real_[sz(y) * sz(p) + sz(x)];
        row_a += v;
        row_q += v * v;
        table_a_[(sz(y) + 1) * w + sz(x) + 1] = table_a_[sz(y) * w + sz(x) + 1] + row_a;
        table_q_[(sz(y) + 1) * w + sz(x) + 1] = table_q_[sz(y) * w + sz(x) + 1] + row_q;
      }
    }
  } else {
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        double& r = real_[sz(y) * sz(p) + sz(x)];
        r *= r;
      }
    fft_.forward(real_.data(), q_hat_.data());
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x)
        real_[sz(y) * sz(p) + sz(x)] = std::isnan(values_[sz(y) * sz(n) + sz(x)]) ? 0.0 : 1.0;
    fft_.forward(real_.data(), m_hat_.data());
    for (size_t k = 0; k < half_count; ++k)
      product_[k] = std::norm(m_hat_[k]);
    fft_.inverse(product_.data(), pairs_.data());
    for (size_t k = 0; k < half_count; ++k)
      product_[k] = std::conj(a_hat_[k]) * m_hat_[k];
    fft_.inverse(product_.data(), sum1_.data());
    for (size_t k = 0; k < half_count; ++k)
      product_[k] = std::conj(q_hat_[k]) * m_hat_[k];
    fft_.inverse(product_.data(), sumsq1_.data());
  }
  for (size_t k = 0; k < half_count; ++k)
    product_[k] = std::norm(a_hat_[k]);
  fft_.inverse(product_.data(), cross_.data());

  // Pearson correlation per lag, on half the lags, mirrored (S(-d) = S(d) exactly).
  const double scale = 1.0 / (static_cast<double>(p) * static_cast<double>(p));
  const int c = n - 1;
  const size_t w = sz(n) + 1;
  auto rect = [&](const std::vector<double>& t, int dy, int dx) {
    // sum over the bins j with j + d inside the map
    const size_t y0 = sz(std::max(0, -dy)), y1 = sz(std::min(n, n - dy));
    const size_t x0 = sz(std::max(0, -dx)), x1 = sz(std::min(n, n - dx));
    return t[y1 * w + x1] - t[y0 * w + x1] - t[y1 * w + x0] + t[y0 * w + x0];
  };
  for (int dy = 0; dy <= n - 1; ++dy) {
    const size_t row = sz(dy) * sz(p);
    const size_t mirror_row = sz((p - dy) % p) * sz(p);
    for (int dx = (dy == 0 ? 0 : -(n - 1)); dx <= n - 1; ++dx) {
      const size_t i = row + sz(dx < 0 ? dx + p : dx);
      const size_t j = mirror_row + sz(dx > 0 ? p - dx : -dx); // lag -d
      double pairs, s1, s2, q1, q2;
      if (full_mask) {
        pairs = static_cast<double>((n - dy) * (n - std::abs(dx)));
        s1 = rect(table_a_, dy, dx);
        s2 = rect(table_a_, -dy, -dx);
        q1 = rect(table_q_, dy, dx);
        q2 = rect(table_q_, -dy, -dx);
      } else {
        pairs = std::round(pairs_[i] * scale);
        s1 = sum1_[i] * scale;
        s2 = sum1_[j] * scale;
        q1 = sumsq1_[i] * scale;
        q2 = sumsq1_[j] * scale;
      }
      double value = invalid;
      if (pairs >= 2.0) {
        const double inv = 1.0 / pairs;
        const double m1 = s1 * inv;
        const double m2 = s2 * inv;
        const double v1 = q1 * inv - m1 * m1;
        const double v2 = q2 * inv - m2 * m2;
        if (deepmind && (v1 < kDirectBelow || v2 < kDirectBelow)) {
          value = direct_lag(dy, dx);
        } else if (v1 > kZeroVariance && v2 > kZeroVariance) {
          const double cov = cross_[i] * scale * inv - m1 * m2;
          value = cov / std::sqrt(v1 * v2);
        }
      }
      sac[sz(c + dy) * sz(s) + sz(c + dx)] = value;
      sac[sz(c - dy) * sz(s) + sz(c - dx)] = value;
    }
  }
  return true;
}

double Autocorrelogram::direct_lag(int dy, int dx) const {
  // Two passes over the pairs (j, j + d) of the raw map (unvisited = 0, deepmind mode): means,
  // then centred sums, so a region of tiny values keeps its relative precision.
  const int n = n_;
  const int y0 = std::max(0, -dy), y1 = std::min(n, n - dy);
  const int x0 = std::max(0, -dx), x1 = std::min(n, n - dx);
  const auto at = [&](int y, int x) {
    const double v = values_[sz(y) * sz(n) + sz(x)];
    return std::isnan(v) ? 0.0 : v;
  };
  double s1 = 0.0, s2 = 0.0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      s1 += at(y, x);
      s2 += at(y + dy, x + dx);
    }
  const double pairs = static_cast<double>((y1 - y0) * (x1 - x0));
  const double m1 = s1 / pairs, m2 = s2 / pairs;
  double cov = 0.0, v1 = 0.0, v2 = 0.0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const double a = at(y, x) - m1, b = at(y + dy, x + dx) - m2;
      cov += a * b;
      v1 += a * a;
      v2 += b * b;
    }
  // The reference divides 0 by 0 for a constant side and maps the NaN to 0.
  return v1 > 0.0 && v2 > 0.0 ? cov / std::sqrt(v1 * v2) : 0.0;
}

const std::complex<double>* Autocorrelogram::filled_spectrum() {
  if (mode_ == SacMode::nan_aware || !had_invalid_) return a_hat_.data();
  if (filled_ready_) return filled_hat_.data();
  // deepmind mode with unvisited bins: fill them with the mean of the visited ones instead.
  const int n = n_;
  const int p = fft_.n();
  double sum = 0.0;
  size_t valid = 0;
  for (const double v : values_)
    if (!std::isnan(v)) sum += v, ++valid;
  const double mean = valid ? sum / static_cast<double>(valid) : 0.0;
  std::fill(real_.begin(), real_.end(), 0.0);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const double v = values_[sz(y) * sz(n) + sz(x)];
      real_[sz(y) * sz(p) + sz(x)] = std::isnan(v) ? 0.0 : v - mean;
    }
  fft_.forward(real_.data(), filled_hat_.data());
  filled_ready_ = true;
  return filled_hat_.data();
}

std::vector<double> spatial_autocorrelogram(const double* map, int nbins, SacMode mode) {
  Autocorrelogram sac(nbins, mode);
  std::vector<double> out(sz(sac.size()) * sz(sac.size()));
  sac.compute(map, out.data());
  return out;
}

} // namespace gridtheory
