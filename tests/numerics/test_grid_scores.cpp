// Grid scores: the analytic fixture first (ideal three-cosine lattices of known spacing and
// orientation, a square lattice), then the [row][col] = [y][x] convention, degenerate maps,
// agreement with DeepMind's scores.py re-implemented in NumPy with SciPy's ndimage.rotate
// (scripts/preset_search/numpy_gridscore.py), threads.
#include "numerics/grid_scores.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kBox = 2.2;

// Three plane waves whose sum is a triangular lattice with nearest-peak distance `spacing` and
// peaks along `orient_deg` + k 60 degrees from +x (towards +y): the waves point at
// orient_deg + 30 + {0, 60, 120} degrees with |k| = 4 pi / (sqrt(3) spacing)
// (docs/CONVENTIONS.md, "Wavelength and grid spacing").
double lattice(double x, double y, double spacing, double orient_deg, double px, double py) {
  const double k = 4 * kPi / (std::sqrt(3.0) * spacing);
  double v = 0.0;
  for (int m = 0; m < 3; ++m) {
    const double th = (orient_deg + 30.0 + 60.0 * m) * kPi / 180.0;
    v += std::cos(k * (std::cos(th) * (x - px) + std::sin(th) * (y - py)));
  }
  return v;
}

// f(x, y) sampled at the bin centres of a kBox box: map[row][col] = f(x_col, y_row).
template <class F> std::vector<double> sample(int n, F f) {
  std::vector<double> m(static_cast<size_t>(n * n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x = -kBox / 2 + (j + 0.5) * kBox / n;
      const double y = -kBox / 2 + (i + 0.5) * kBox / n;
      m[static_cast<size_t>(i * n + j)] = f(x, y);
    }
  return m;
}

std::vector<double> transpose(const std::vector<double>& m, int n) {
  std::vector<double> t(m.size());
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      t[static_cast<size_t>(j * n + i)] = m[static_cast<size_t>(i * n + j)];
  return t;
}

// Distance between two orientations on the 60-degree circle.
double angle_distance_60(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 60.0);
  return std::min(d, 60.0 - d);
}

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

bool all_nan(const GridScores& s) {
  return std::isnan(s.score_60) && std::isnan(s.score_60_minmax) && std::isnan(s.score_90) &&
         std::isnan(s.gridness_bnt) && std::isnan(s.grid_spacing_m) &&
         std::isnan(s.orientation_deg) && std::isnan(s.fourier_spacing_m);
}

// The peer fixture: maps made by the same formulas in /usr/bin/python3 (no RNG that differs
// between languages: a 32-bit LCG), scored once by the peer's GridScorer (see the test below).
struct Lcg {
  std::uint32_t state;
  double operator()() {
    state = 1664525u * state + 1013904223u;
    return state / 4294967296.0;
  }
};

std::vector<double> peer_map(const std::string& kind, int n, std::uint32_t seed) {
  Lcg rng{seed};
  std::vector<double> a(static_cast<size_t>(n * n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x = -kBox / 2 + (j + 0.5) * kBox / n, y = -kBox / 2 + (i + 0.5) * kBox / n;
      double v = 0.0;
      if (kind == "hex_a") {
        v = lattice(x, y, 0.6, 30.0, 0.0, 0.0);
      } else if (kind == "hex_b") {
        v = lattice(x, y, 0.9, 17.0, 0.13, -0.21);
      } else if (kind == "hex_c") {
        v = std::max(lattice(x, y, 0.7, 40.0, 0.05, 0.3), 0.0) + 0.1 * rng();
      } else if (kind == "square") {
        v = std::cos(2 * kPi * x / 0.6) + std::cos(2 * kPi * y / 0.6);
      } else if (kind == "random") {
        v = rng();
      } else if (kind == "random_nan") {
        const double u = rng();
        v = (u < 0.1 || (i < 6 && j > n - 8)) ? kNaN : u;
      } else if (kind == "hex_nan") {
        v = (x > 0.5 && y < -0.4) ? kNaN : lattice(x, y, 0.5, 5.0, 0.0, 0.1) + 1.0;
      }
      a[static_cast<size_t>(i * n + j)] = v;
    }
  return a;
}

} // namespace

TEST_CASE("ideal hexagonal lattices: high score_60, spacing within 2%, orientation within 2 deg") {
  for (int n : {20, 32, 44})
    for (double spacing : {0.6, 0.9})
      for (double orientation : {0.0, 17.0}) {
        INFO("nbins " << n << ", spacing " << spacing << " m, orientation " << orientation);
        const auto map = sample(n, [&](double x, double y) {
          return lattice(x, y, spacing, orientation, 0.07, -0.11);
        });
        GridScorer scorer(n, kBox, SacMode::nan_aware);
        const GridScores s = scorer.score(map.data());
        // Measured: score_60 1.43-1.48, score_60_minmax 1.43-1.47, score_90 0.25-0.35.
        CHECK(s.score_60 > 1.3);
        CHECK(s.score_60_minmax > 1.3);
        CHECK(s.score_60_minmax <= s.score_60);
        CHECK(s.score_90 < 0.5);
        CHECK(s.grid_spacing_m == Approx(spacing).epsilon(0.02));
        CHECK(angle_distance_60(s.orientation_deg, orientation) < 2.0);
        CHECK(s.orientation_deg >= 0.0);
        CHECK(s.orientation_deg < 60.0);
        // The spectrum has under 4 periods per box here: measured within 3%.
        CHECK(s.fourier_spacing_m == Approx(spacing).epsilon(0.05));
        // BNT needs a central field of radius >= 2 bins: 0.6 m at 20 bins (0.11 m) has 1.
        if (scorer.central_radius() >= 2)
          CHECK(s.gridness_bnt > 1.2);
        else
          CHECK(std::isnan(s.gridness_bnt));
        if (n >= 32) CHECK(!std::isnan(s.gridness_bnt));
        // No unvisited bin: both SAC modes are the same computation.
        GridScorer deepmind(n, kBox, SacMode::deepmind);
        const GridScores d = deepmind.score(map.data());
        CHECK(d.score_60 == Approx(s.score_60).epsilon(0).margin(1e-12));
        CHECK(d.grid_spacing_m == Approx(s.grid_spacing_m).epsilon(0).margin(1e-12));
      }
}

TEST_CASE("waves at 0, 60, 120 degrees make a lattice oriented at 30 degrees") {
  const auto map = sample(32, [](double x, double y) {
    const double k = 4 * kPi / (std::sqrt(3.0) * 0.7);
    double v = 0.0;
    for (int m = 0; m < 3; ++m)
      v += std::cos(k * (std::cos(m * kPi / 3) * x + std::sin(m * kPi / 3) * y));
    return v;
  });
  GridScorer scorer(32, kBox, SacMode::nan_aware);
  const GridScores s = scorer.score(map.data());
  CHECK(angle_distance_60(s.orientation_deg, 30.0) < 2.0);
  CHECK(s.grid_spacing_m == Approx(0.7).epsilon(0.02));
}

TEST_CASE("a square lattice: high score_90, negative score_60") {
  for (int n : {20, 32, 44}) {
    INFO("nbins " << n);
    const auto map = sample(n, [](double x, double y) {
      return std::cos(2 * kPi * x / 0.6) + std::cos(2 * kPi * y / 0.6);
    });
    GridScorer scorer(n, kBox, SacMode::nan_aware);
    const GridScores s = scorer.score(map.data());
    CHECK(s.score_90 > 1.0);
    CHECK(s.score_60 < 0.0);
    CHECK(s.score_60_minmax < 0.0);
    CHECK(s.gridness_bnt < 0.0);
  }
}

TEST_CASE("rows are y: a map varying along the rows has its SAC peaks along the rows") {
  for (int n : {20, 32, 44}) {
    INFO("nbins " << n);
    // stripes of period 0.5 m along y, weakly modulated along x (so the ridges have maxima)
    const auto map = sample(n, [](double x, double y) {
      return std::cos(2 * kPi * y / 0.5) * (1.0 + 0.3 * std::cos(2 * kPi * x / kBox));
    });
    GridScorer scorer(n, kBox, SacMode::nan_aware);
    const GridScores s = scorer.score(map.data());
    REQUIRE(scorer.peaks().size() >= 2);
    for (size_t k = 0; k < 2; ++k) {
      CHECK(std::abs(scorer.peaks()[k].dx) < 0.5);
      CHECK(std::abs(scorer.peaks()[k].dy) * kBox / n == Approx(0.5).epsilon(0.02));
    }
    // peaks at +-90 degrees from +x: 90 mod 60 = 30; the transpose (stripes along x) gives 0
    CHECK(angle_distance_60(s.orientation_deg, 30.0) < 1.0);
    const auto t = transpose(map, n);
    const GridScores st = scorer.score(t.data());
    CHECK(angle_distance_60(st.orientation_deg, 0.0) < 1.0);
    CHECK(std::abs(scorer.peaks()[0].dy) < 0.5);
  }
}

TEST_CASE("orientation turns from +x towards +y: transposing a 17-degree lattice gives 13") {
  for (int n : {20, 32, 44}) {
    INFO("nbins " << n);
    const auto map = sample(n, [](double x, double y) { return lattice(x, y, 0.7, 17.0, 0, 0); });
    GridScorer scorer(n, kBox, SacMode::deepmind);
    CHECK(angle_distance_60(scorer.score(map.data()).orientation_deg, 17.0) < 1.0);
    const auto t = transpose(map, n); // x <-> y: angle theta becomes 90 - theta = 73 = 13 mod 60
    CHECK(angle_distance_60(scorer.score(t.data()).orientation_deg, 13.0) < 1.0);
  }
}

TEST_CASE("flat, constant and all-NaN maps give NaN for every score, in both modes") {
  const int n = 20;
  const size_t cells = static_cast<size_t>(n * n);
  std::vector<std::vector<double>> maps{std::vector<double>(cells, 0.0),
                                        std::vector<double>(cells, 3.7),
                                        std::vector<double>(cells, kNaN)};
  for (SacMode mode : {SacMode::deepmind, SacMode::nan_aware}) {
    GridScorer scorer(n, kBox, mode);
    for (const auto& m : maps)
      CHECK(all_nan(scorer.score(m.data())));
  }
  // Constant where visited: nan-aware leaves the holes out (NaN); deepmind sees zeros there.
  std::vector<double> holes(cells, 2.0);
  for (size_t i = 0; i < cells; i += 7)
    holes[i] = kNaN;
  GridScorer aware(n, kBox, SacMode::nan_aware);
  CHECK(all_nan(aware.score(holes.data())));
  // A single visited bin: nothing to correlate.
  std::vector<double> one(cells, kNaN);
  one[42] = 1.0;
  CHECK(all_nan(aware.score(one.data())));
  // After a degenerate map the scorer still scores a good one.
  const auto good = sample(n, [](double x, double y) { return lattice(x, y, 0.9, 5, 0, 0); });
  CHECK(aware.score(good.data()).score_60 > 1.3);
}

TEST_CASE("deepmind mode agrees with the NumPy/SciPy peer to 1e-8 (required: 0.02)") {
  // Made once with (see fixture formulas in peer_map; Python mirrors them line by line):
  //   import sys; sys.path.insert(0, 'scripts/preset_search')
  //   from numpy_gridscore import GridScorer
  //   s = GridScorer(n).get_scores(make(kind, n, seed))
  // Measured max |C++ - peer|: 8e-15 (score_60), 1e-15 (score_60_minmax), 3e-15 (score_90).
  struct Reference {
    const char* kind;
    int n;
    std::uint32_t seed;
    double score_60, score_60_minmax, score_90;
  };
  const std::vector<Reference> refs{
      {"hex_a", 20, 1u, 1.4792536240950138, 1.4785606725099254, 0.26224131292495834},
      {"hex_b", 32, 2u, 1.4579939382068412, 1.4575836566888984, 0.19553964114857744},
      {"hex_c", 44, 3u, 1.6686795049715302, 1.6686249754647742, 0.22166924394481521},
      {"square", 32, 4u, -0.3176584011026185, -0.95297520330785557, 1.1521214095247836},
      {"random", 20, 5u, 0.14897176512841531, 0.10332029021516381, 0.13475804875927366},
      {"random_nan", 32, 6u, 0.10102609110001114, 0.065612943001649215, 0.042130653114274309},
      {"hex_nan", 44, 7u, 1.2753545473861589, 1.2751395171588489, 0.26317093551952125},
      // nbins 15: ring radii (6 + k) land exactly on integer offsets, so NumPy's last bit
      // decides which pixels are in (see GridScorer::Tables)
      {"hex_c", 15, 15u, 1.6348942890538358, 1.6317276086236596, 0.2123053524315033},
  };
  double worst = 0.0;
  for (const auto& r : refs) {
    INFO(r.kind << ", nbins " << r.n);
    const auto map = peer_map(r.kind, r.n, r.seed);
    GridScorer scorer(r.n, kBox, SacMode::deepmind);
    const GridScores s = scorer.score(map.data());
    for (auto [ours, peer] :
         {std::pair{s.score_60, r.score_60}, std::pair{s.score_60_minmax, r.score_60_minmax},
          std::pair{s.score_90, r.score_90}}) {
      CHECK(std::abs(ours - peer) <= 0.02);
      CHECK(std::abs(ours - peer) < 1e-8);
      worst = std::max(worst, std::abs(ours - peer));
    }
  }
  INFO("largest difference " << worst);
  CHECK(worst < 1e-8);
}

TEST_CASE("nan-aware mode leaves unvisited bins out: deepmind counts them as zeros") {
  const auto map = peer_map("hex_nan", 44, 7u);
  GridScorer deepmind(44, kBox, SacMode::deepmind), aware(44, kBox, SacMode::nan_aware);
  const GridScores d = deepmind.score(map.data());
  const GridScores a = aware.score(map.data());
  CHECK(a.score_60 != d.score_60);
  CHECK(a.score_60 > 1.2);
  CHECK(a.grid_spacing_m == Approx(0.5).epsilon(0.02));
  CHECK(d.grid_spacing_m == Approx(0.5).epsilon(0.02));
  CHECK(a.fourier_spacing_m == Approx(0.5).epsilon(0.05));
}

TEST_CASE("score_ratemaps: threads and copies give the serial results, in input order") {
  const int n = 20;
  std::vector<double> maps;
  std::vector<GridScores> serial;
  GridScorer scorer(n, kBox, SacMode::nan_aware);
  for (std::uint32_t seed = 1; seed <= 37; ++seed) {
    auto m = peer_map(seed % 3 ? "hex_c" : "random_nan", n, seed);
    maps.insert(maps.end(), m.begin(), m.end());
    serial.push_back(scorer.score(m.data()));
  }
  for (int threads : {1, 2, 3}) {
    const auto par =
        score_ratemaps(maps.data(), serial.size(), n, kBox, SacMode::nan_aware, threads);
    REQUIRE(par.size() == serial.size());
    for (size_t i = 0; i < par.size(); ++i) {
      CHECK(same(par[i].score_60, serial[i].score_60));
      CHECK(same(par[i].gridness_bnt, serial[i].gridness_bnt));
      CHECK(same(par[i].grid_spacing_m, serial[i].grid_spacing_m));
      CHECK(same(par[i].fourier_spacing_m, serial[i].fourier_spacing_m));
    }
  }
  GridScorer copy(scorer);
  CHECK(copy.score(maps.data()).score_60 == serial[0].score_60);
  CHECK(score_ratemaps(maps.data(), 0, n, kBox, SacMode::deepmind, 2).empty());
}

TEST_CASE("the scorer rejects impossible set-ups as internal errors") {
  CHECK_THROWS_AS(GridScorer(2, kBox, SacMode::deepmind), InternalError);
  CHECK_THROWS_AS(GridScorer(20, 0.0, SacMode::deepmind), InternalError);
  CHECK_THROWS_AS(GridScorer(20, kNaN, SacMode::deepmind), InternalError);
  CHECK_THROWS_AS(score_ratemaps(nullptr, 1, 20, kBox, SacMode::deepmind, 0), InternalError);
}
