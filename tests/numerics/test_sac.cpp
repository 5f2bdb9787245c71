// The FFT autocorrelogram against the definition computed directly, lag by lag (O(n^4)), in
// both modes, with and without unvisited bins; its symmetry, centre and degenerate maps.
#include "numerics/sac.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The definition of numerics/sac.hpp, summed directly over the bin pairs of every lag.
std::vector<double> direct_sac(const std::vector<double>& map, int n, SacMode mode) {
  const bool deepmind = mode == SacMode::deepmind;
  auto valid = [&](int y, int x) {
    return deepmind || std::isfinite(map[static_cast<size_t>(y * n + x)]);
  };
  auto value = [&](int y, int x) {
    const double v = map[static_cast<size_t>(y * n + x)];
    return std::isfinite(v) ? v : 0.0;
  };
  // variance of the whole map's valid bins (two passes)
  double sum = 0.0, count = 0.0;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      if (valid(y, x)) sum += value(y, x), count += 1.0;
  const double mean = sum / count;
  double ss = 0.0;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      if (valid(y, x)) ss += (value(y, x) - mean) * (value(y, x) - mean);
  const double global_var = ss / count;

  const int s = 2 * n - 1;
  const double none = deepmind ? 0.0 : kNaN;
  std::vector<double> out(static_cast<size_t>(s * s), none);
  for (int dy = -(n - 1); dy <= n - 1; ++dy)
    for (int dx = -(n - 1); dx <= n - 1; ++dx) {
      std::vector<double> u, v;
      for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
          const int y2 = y + dy, x2 = x + dx;
          if (y2 < 0 || y2 >= n || x2 < 0 || x2 >= n) continue;
          if (!valid(y, x) || !valid(y2, x2)) continue;
          u.push_back(value(y, x));
          v.push_back(value(y2, x2));
        }
      double& o = out[static_cast<size_t>((n - 1 + dy) * s + (n - 1 + dx))];
      if (u.size() < 2) continue;
      const double m = static_cast<double>(u.size());
      double mu = 0.0, mv = 0.0;
      for (size_t k = 0; k < u.size(); ++k)
        mu += u[k], mv += v[k];
      mu /= m, mv /= m;
      double vu = 0.0, vv = 0.0, cov = 0.0;
      for (size_t k = 0; k < u.size(); ++k) {
        vu += (u[k] - mu) * (u[k] - mu);
        vv += (v[k] - mv) * (v[k] - mv);
        cov += (u[k] - mu) * (v[k] - mv);
      }
      vu /= m, vv /= m, cov /= m;
      if (vu <= 1e-10 * global_var || vv <= 1e-10 * global_var) continue;
      o = cov / std::sqrt(vu * vv);
    }
  return out;
}

// A fixed, irregular test map (no RNG): smooth bumps plus a deterministic hash-like term.
std::vector<double> test_map(int n, bool with_nan) {
  std::vector<double> m(static_cast<size_t>(n * n));
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      double v = 1.5 + std::sin(1.3 * x + 0.4 * y) * std::cos(0.7 * y - 0.2 * x * x) +
                 0.3 * std::fmod(17.0 * x + 31.0 * y * y + 7.0 * x * y, 11.0) / 11.0;
      if (with_nan && ((x * 7 + y * 3) % 5 == 0 || (x == n - 1 && y < 3))) v = kNaN;
      m[static_cast<size_t>(y * n + x)] = v;
    }
  return m;
}

void require_same(const std::vector<double>& fft, const std::vector<double>& direct, double tol) {
  REQUIRE(fft.size() == direct.size());
  for (size_t i = 0; i < fft.size(); ++i) {
    INFO("index " << i << ": fft " << fft[i] << ", direct " << direct[i]);
    if (std::isnan(direct[i])) {
      CHECK(std::isnan(fft[i]));
    } else {
      REQUIRE(!std::isnan(fft[i]));
      CHECK(std::abs(fft[i] - direct[i]) <= tol);
    }
  }
}

} // namespace

TEST_CASE("the FFT SAC equals the direct SAC, both modes, with and without unvisited bins") {
  for (int n : {5, 8, 11}) {
    for (bool with_nan : {false, true}) {
      for (SacMode mode : {SacMode::deepmind, SacMode::nan_aware}) {
        INFO("n = " << n << ", NaNs " << with_nan << ", mode " << sac_mode_name(mode));
        const auto map = test_map(n, with_nan);
        const auto fft = spatial_autocorrelogram(map.data(), n, mode);
        require_same(fft, direct_sac(map, n, mode), 1e-9);
      }
    }
  }
}

TEST_CASE("the SAC is symmetric with 1 at the centre: lags with under 2 pairs have none") {
  const int n = 8, s = 2 * n - 1;
  for (SacMode mode : {SacMode::deepmind, SacMode::nan_aware}) {
    const auto sac = spatial_autocorrelogram(test_map(n, false).data(), n, mode);
    CHECK(sac[static_cast<size_t>((n - 1) * s + (n - 1))] == Approx(1.0).epsilon(0).margin(1e-12));
    for (int i = 0; i < s * s; ++i)
      CHECK((sac[static_cast<size_t>(i)] == sac[static_cast<size_t>(s * s - 1 - i)] ||
             (std::isnan(sac[static_cast<size_t>(i)]) &&
              std::isnan(sac[static_cast<size_t>(s * s - 1 - i)]))));
    // the corner lag (n-1, n-1) pairs a single bin
    const double corner = sac[0];
    if (mode == SacMode::deepmind)
      CHECK(corner == 0.0);
    else
      CHECK(std::isnan(corner));
  }
}

TEST_CASE("a constant block makes zero-variance lags: 0 (deepmind) or NaN (nan-aware)") {
  // Unvisited top-left quarter: deepmind mode sees zeros there, so the lags pairing only that
  // block have no variance; nan-aware mode sees no bins there at all.
  const int n = 8;
  auto map = test_map(n, false);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x)
      map[static_cast<size_t>(y * n + x)] = kNaN;
  for (SacMode mode : {SacMode::deepmind, SacMode::nan_aware}) {
    INFO("mode " << sac_mode_name(mode));
    require_same(spatial_autocorrelogram(map.data(), n, mode), direct_sac(map, n, mode), 1e-9);
  }
}

TEST_CASE("flat, constant, all-NaN and single-bin maps are degenerate") {
  const int n = 6, s = 2 * n - 1;
  const std::vector<std::vector<double>> maps{
      std::vector<double>(static_cast<size_t>(n * n), 0.0),
      std::vector<double>(static_cast<size_t>(n * n), 0.1),
      std::vector<double>(static_cast<size_t>(n * n), kNaN),
  };
  for (const auto& map : maps)
    for (SacMode mode : {SacMode::deepmind, SacMode::nan_aware}) {
      Autocorrelogram ac(n, mode);
      std::vector<double> sac(static_cast<size_t>(s * s));
      CHECK_FALSE(ac.compute(map.data(), sac.data()));
      for (double v : sac)
        CHECK((mode == SacMode::deepmind ? v == 0.0 : std::isnan(v)));
    }
  // one visited bin: degenerate when unvisited bins are left out, not when they count as 0
  std::vector<double> one(static_cast<size_t>(n * n), kNaN);
  one[7] = 3.0;
  std::vector<double> sac(static_cast<size_t>(s * s));
  Autocorrelogram aware(n, SacMode::nan_aware), deepmind(n, SacMode::deepmind);
  CHECK_FALSE(aware.compute(one.data(), sac.data()));
  CHECK(deepmind.compute(one.data(), sac.data()));
  // a constant map with unvisited bins is still constant to nan-aware, not to deepmind
  std::vector<double> holes(static_cast<size_t>(n * n), 2.0);
  holes[3] = kNaN;
  CHECK_FALSE(aware.compute(holes.data(), sac.data()));
  CHECK(deepmind.compute(holes.data(), sac.data()));
}

TEST_CASE("the FFT size is the smallest even 7-smooth size at least 2n-1") {
  CHECK(fast_fft_size(39) == 40);
  CHECK(fast_fft_size(63) == 64);
  CHECK(fast_fft_size(87) == 90);
  CHECK(fast_fft_size(11) == 12);
  CHECK(fast_fft_size(97) == 98);
  Autocorrelogram ac(44, SacMode::nan_aware);
  CHECK(ac.fft_size() == 90);
  CHECK(ac.size() == 87);
}
