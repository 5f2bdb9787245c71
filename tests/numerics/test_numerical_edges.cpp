// Numerical edge cases of the solvers and the scorer (README, "Numerical edge cases"): rings far
// beyond the box's lowest mode, fields narrower than the solver's bins or far wider than the
// box, ratemaps of huge, tiny and denormal rates.
#include "numerics/box_lattice.hpp"
#include "numerics/grid_scores.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "tests/theory/text_values.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kBox = 2.2;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Encoding dos(const std::string& sigma) {
  EncodingOptions spec;
  spec.sigma_m = test::distribution_of(sigma);
  return make_encoding(spec);
}

// The UserError `f` throws; fails when it throws none.
template <class F> UserError user_error_of(F f) {
  try {
    f();
  } catch (const UserError& e) {
    return e;
  }
  FAIL("no UserError");
  return UserError("", "", "", "");
}

// A triangular lattice of spacing 0.9 m at 7 degrees, n x n bins over the box.
std::vector<double> lattice_map(int n) {
  const double k = 4.0 * std::numbers::pi / (std::sqrt(3.0) * 0.9);
  std::vector<double> m(static_cast<size_t>(n * n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x = (j + 0.5) * kBox / n, y = (i + 0.5) * kBox / n;
      double v = 0.0;
      for (int w = 0; w < 3; ++w) {
        const double th = (37.0 + 60.0 * w) * std::numbers::pi / 180.0;
        v += std::cos(k * (std::cos(th) * x + std::sin(th) * y));
      }
      m[static_cast<size_t>(i * n + j)] = v;
    }
  return m;
}

std::vector<double> scores_of(const GridScores& s) {
  return {s.score_60,       s.score_60_minmax, s.score_90,         s.gridness_bnt,
          s.grid_spacing_m, s.orientation_deg, s.fourier_spacing_m};
}

} // namespace

TEST_CASE("a ring beyond 20 lowest-mode steps is not searched, and returns at once",
          "[edges][lattice]") {
  // Before: sigma = 1e-4 m in a 2.2 m box (3366 steps out) searched ~1e15 lattice pairs and never
  // finished; sigma = 1e-6 m would first have allocated 2e11 modes.
  // Steps of the walls' own lattice: pi/L with solid walls, 2pi/L periodic.
  for (bool periodic : {false, true}) {
    const double kb = lowest_box_mode_per_m(kBox, periodic);
    const auto flat = [](double) { return 1.0; };
    for (double shells : {20.5, 3366.0, 3.4e8}) {
      INFO("k* = " << shells << " x " << box_mode_name(periodic));
      const auto start = std::chrono::steady_clock::now();
      const BoxLattice lat = analyse_box_lattice(flat, shells * kb, kBox, periodic);
      CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
      CHECK(lat.ring_shells == Approx(shells).epsilon(1e-12));
      CHECK_FALSE(lat.best_triad);
      CHECK(lat.top_modes.empty());
      CHECK_THAT(lat.not_searched, Catch::Contains("effectively continuous"));
      CHECK_THAT(lat.not_searched, Catch::Contains(std::string(" x ") + box_mode_name(periodic)));
    }
    // Within the limit the search still runs and finds a triad close to a peaked ring.
    const double k_star = 19.5 * kb;
    const auto ring = [k_star](double k) {
      const double d = (k - k_star) / (0.05 * k_star);
      return std::exp(-d * d);
    };
    const BoxLattice near = analyse_box_lattice(ring, k_star, kBox, periodic);
    CHECK(near.not_searched.empty());
    REQUIRE(near.best_triad);
    CHECK(near.best_triad->length_mismatch < 0.05);
  }
}

TEST_CASE("solver grids resolve widths from half a bin to 1000 boxes and --sigma names the rest",
          "[edges][sampled]") {
  // Before: pattern --sigma 0.005 (a bin is 0.04 m) predicted 0.206 m from aliasing, and
  // --sigma 1e9 ended in an internal error (a kernel with no power).
  const ResolvableWidths w = resolvable_widths(kBox, 55);
  CHECK(w.min_m == Approx(0.02));
  CHECK(w.max_m == Approx(2200.0));
  CHECK(why_unresolvable(dos("0.02"), kBox, 55).empty());
  CHECK(why_unresolvable(dos("2200"), kBox, 55).empty());
  for (const char* sigma : {"0.005", "uniform:0.01,0.1", "2300", "1e9"}) {
    INFO(sigma);
    const Encoding enc = dos(sigma);
    CHECK_FALSE(why_unresolvable(enc, kBox, 55).empty());
    const UserError e = user_error_of([&] { require_resolvable_widths(enc, kBox, 55); });
    CHECK(e.option() == param("sigma"));
    CHECK(e.value() == enc.sigma_m.to_string());
    CHECK_THAT(e.what(), Catch::Contains("widths from 0.02 to 2.2e+03 m on this grid"));
  }
  // A narrow width says which --res would resolve it: ceil(2.2 / (2 x 0.005)) = 220.
  CHECK_THAT(user_error_of([] { require_resolvable_widths(dos("0.005"), kBox, 55); }).what(),
             Catch::Contains("{res} >= 220"));
  // The sampled spectrum itself refuses, before any work.
  SampledSpectrumOptions o;
  o.res = 16;
  const Population pop = sample_population(dos("0.05"), Arena{kBox, true}, 1);
  CHECK(user_error_of([&] { sampled_spectrum(pop, o); }).option() == param("sigma"));
  // Codes without a width have nothing to resolve.
  EncodingOptions cartesian;
  cartesian.family = Family::cartesian;
  CHECK(why_unresolvable(make_encoding(cartesian), kBox, 4).empty());
}

TEST_CASE("a field far wider than the box: a finite sampled spectrum without a realisable ring",
          "[edges][sampled]") {
  EncodingOptions spec;
  spec.sigma_m = Distribution::fixed(50.0);
  spec.cells = 64;
  const Encoding enc = make_encoding(spec);
  SampledSpectrumOptions o;
  o.res = 24;
  SampledSpectrum s;
  const Prediction p = predict_sampled(enc, Activation::relu, Box{kBox, true}, 3, o, &s);
  double top = 0.0;
  for (double v : s.power) {
    CHECK(std::isfinite(v));
    top = std::max(top, v);
  }
  CHECK(top > 0.0);
  CHECK_FALSE(p.has_ring);
  CHECK(p.pattern == Pattern::square);
  // The closed-form kernel of the same field underflows at every box wavevector: pattern's
  // check refuses it (naming --sigma) and takes the sampled kernel.
  CHECK(power(enc, lowest_box_mode_per_m(kBox, /*periodic=*/true)) == 0.0);
  const UserError e = user_error_of([&] { require_pattern_kernel(enc, kBox, 24, true); });
  CHECK(e.option() == param("sigma"));
  CHECK_THAT(e.what(), Catch::Contains("{kernel} sampled"));
  CHECK_NOTHROW(require_pattern_kernel(enc, kBox, 24, false));
  CHECK_NOTHROW(require_pattern_kernel(dos("5"), kBox, 24, true));
}

TEST_CASE("ratemap scores do not depend on the rates' scale: 1e300, 1e-300 and denormals",
          "[edges][scores]") {
  // Before: every score of these maps was NaN (their squares over- or underflowed, so the map
  // looked flat).
  const int n = 20;
  const auto map = lattice_map(n);
  for (SacMode mode : {SacMode::nan_aware, SacMode::deepmind}) {
    GridScorer scorer(n, kBox, mode);
    const auto reference = scores_of(scorer.score(map.data()));
    REQUIRE(reference[0] > 1.0);
    // Powers of two scale exactly: the same scores bit for bit.
    for (int e : {1000, 600, -600, -1000, -1040}) {
      INFO("x 2^" << e);
      std::vector<double> scaled(map.size());
      for (size_t i = 0; i < map.size(); ++i)
        scaled[i] = std::ldexp(map[i], e);
      const auto got = scores_of(scorer.score(scaled.data()));
      if (e >= -1000) {
        for (size_t k = 0; k < got.size(); ++k)
          CHECK((got[k] == reference[k] || (std::isnan(got[k]) && std::isnan(reference[k]))));
      } else { // denormals: as precise as they were stored (2^-1074 steps)
        for (size_t k = 0; k < got.size(); ++k)
          CHECK(got[k] == Approx(reference[k]).epsilon(1e-6).margin(1e-6));
      }
    }
    // Other factors round each rate once: the same scores to rounding.
    for (double f : {1e300 / 3.0, 1e-300, 1e-310}) {
      INFO("x " << f);
      std::vector<double> scaled(map.size());
      for (size_t i = 0; i < map.size(); ++i)
        scaled[i] = map[i] * f;
      const auto got = scores_of(scorer.score(scaled.data()));
      for (size_t k = 0; k < got.size(); ++k)
        CHECK(got[k] == Approx(reference[k]).epsilon(1e-9).margin(1e-9));
    }
  }
}

TEST_CASE("extreme ratemaps give finite scores or NaN, never Inf", "[edges][scores]") {
  const int n = 12;
  const size_t cells = static_cast<size_t>(n * n);
  std::vector<std::vector<double>> maps;
  std::vector<double> spike(cells, 1.0); // one rate of 1e300 among rates of 1
  spike[40] = 1e300;
  maps.push_back(spike);
  std::vector<double> mixed(cells); // rates from 1e-320 to 1e300, unvisited bins between
  for (size_t i = 0; i < cells; ++i)
    mixed[i] = i % 5 == 0 ? kNaN : (i % 2 ? 1e300 : 4.9e-324 * static_cast<double>(i));
  maps.push_back(mixed);
  std::vector<double> lowest(cells, std::numeric_limits<double>::denorm_min()); // flat
  lowest[3] = 0.0;
  maps.push_back(lowest);
  std::vector<double> largest(cells, std::numeric_limits<double>::max());
  largest[7] = -std::numeric_limits<double>::max();
  maps.push_back(largest);
  for (SacMode mode : {SacMode::nan_aware, SacMode::deepmind}) {
    GridScorer scorer(n, kBox, mode);
    for (size_t m = 0; m < maps.size(); ++m) {
      INFO("map " << m << ", " << sac_mode_name(mode));
      for (double v : scores_of(scorer.score(maps[m].data())))
        CHECK_FALSE(std::isinf(v));
      for (double v : scorer.sac())
        CHECK(std::isfinite(v));
    }
  }
}
