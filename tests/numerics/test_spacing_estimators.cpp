// NFL's period estimator, the stripe score, the SAC/Fourier disagreement flag, DeepMind's SAC in
// near-zero regions, and the observed-pattern rule (numerics/nfl_period.hpp, grid_scores.hpp,
// sac.hpp, observed_pattern.hpp).
#include "numerics/grid_scores.hpp"
#include "numerics/nfl_period.hpp"
#include "numerics/observed_pattern.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kBox = 2.2;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Three plane waves at orient + 30 + {0, 60, 120} degrees whose sum has nearest peaks
// `spacing` apart; `waves` 1 gives stripes, 2 (at 0 and 90 degrees) a square lattice.
double waves_at(double x, double y, double spacing, double orient_deg, int waves) {
  const double pi = std::numbers::pi;
  if (waves == 2) {
    const double k = 2 * pi / spacing;
    return std::cos(k * x) + std::cos(k * y);
  }
  const double k = 4 * pi / (std::sqrt(3.0) * spacing);
  double v = 0.0;
  for (int m = 0; m < waves; ++m) {
    const double th = (orient_deg + 30.0 + 60.0 * m) * pi / 180.0;
    v += std::cos(k * (std::cos(th) * (x - 0.13) + std::sin(th) * (y + 0.21)));
  }
  return v;
}

// f sampled at the bin centres of the kBox box, [row][col] = [y][x], origin at the box centre.
template <class F> std::vector<double> sample(int n, F f) {
  std::vector<double> m(static_cast<size_t>(n) * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      m[static_cast<size_t>(i * n + j)] =
          f(-kBox / 2 + (j + 0.5) * kBox / n, -kBox / 2 + (i + 0.5) * kBox / n);
  return m;
}

std::vector<double> hex(int n, double spacing, double orient, bool relu) {
  return sample(n, [&](double x, double y) {
    const double v = waves_at(x, y, spacing, orient, 3);
    return relu ? std::max(v, 0.0) : v;
  });
}

} // namespace

TEST_CASE("NFL's period equals its reference (SciPy correlate2d + scikit-image peak_local_max)") {
  // Made with /usr/bin/python3 (SciPy 1.10, scikit-image 0.19.3) on the same maps:
  //   a = scipy.signal.correlate2d(m, m, mode='full'); p = skimage.feature.peak_local_max(a)
  //   d = norm(p - array(a.shape) // 2, axis=1); six = d[argsort(d)[1:7]]
  //   period = six.mean() * 2.2 / n; err = six.std() * 2.2 / n
  struct Case {
    int n;
    double spacing, orient;
    bool relu;
    double period, err;
  };
  const std::vector<Case> cases{
      {20, 0.9, 17, false, 0.8910979798738344, 0.0226065683251225},
      {44, 0.9, 17, true, 0.8812683392699412, 0.005725457804117221},
      {44, 0.6, 5, true, 0.6055199361353428, 0.0035033711360620656},
      {32, 1.2, 40, true, 1.1128065326147991, 0.004582135946084829},
  };
  for (const auto& c : cases) {
    INFO("nbins " << c.n << ", spacing " << c.spacing);
    NflPeriodEstimator nfl(c.n, kBox);
    const NflPeriod p = nfl.estimate(hex(c.n, c.spacing, c.orient, c.relu).data());
    CHECK(p.period_m == Approx(c.period).epsilon(1e-12));
    CHECK(p.period_err_m == Approx(c.err).epsilon(1e-9));
  }
}

TEST_CASE("NFL's period sets unvisited bins to 0 and needs seven peaks") {
  auto holes = hex(44, 0.9, 17, true);
  for (size_t i = 0; i < holes.size(); i += 7)
    holes[i] = kNaN;
  NflPeriodEstimator nfl(44, kBox);
  const NflPeriod p = nfl.estimate(holes.data());
  CHECK(p.period_m == Approx(0.7951784708125819).epsilon(1e-12)); // reference, as above
  CHECK(p.period_err_m == Approx(0.013827492764919206).epsilon(1e-9));

  NflPeriodEstimator small(20, kBox);
  const auto bump = sample(20, [](double x, double y) {
    return std::exp(-((x - 0.1) * (x - 0.1) + (y + 0.2) * (y + 0.2)) / (2 * 0.01));
  });
  CHECK(std::isnan(small.estimate(bump.data()).period_m)); // the reference finds 1 peak
  const std::vector<double> zeros(400, 0.0);
  CHECK(std::isnan(small.estimate(zeros.data()).period_m));
}

TEST_CASE("the stripe score: 1 for stripes, ~1/2 square, ~1/3 hexagonal, small for noise") {
  const int n = 44;
  GridScorer scorer(n, kBox, SacMode::deepmind);
  const auto stripes = sample(n, [](double x, double y) { return waves_at(x, y, 0.7, 10, 1); });
  const auto square = sample(n, [](double x, double y) { return waves_at(x, y, 0.55, 0, 2); });
  const auto lattice = hex(n, 0.7, 10, false);
  std::vector<double> noise(static_cast<size_t>(n * n));
  std::uint64_t state = 12345;
  for (double& v : noise) { // a fixed linear congruential sequence: the test is deterministic
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v = static_cast<double>(state >> 11) * 0x1.0p-53;
  }
  const double s_stripes = scorer.score(stripes.data()).stripe_score;
  const double s_square = scorer.score(square.data()).stripe_score;
  const double s_hex = scorer.score(lattice.data()).stripe_score;
  const double s_noise = scorer.score(noise.data()).stripe_score;
  // Leakage of the box window keeps one plane wave at 0.88-0.94 (spacings 0.5-1 m, any angle).
  CHECK(s_stripes > 0.85);
  CHECK(s_square == Approx(0.5).margin(0.08));
  CHECK(s_hex == Approx(1.0 / 3.0).margin(0.08));
  CHECK(s_noise < 0.3);
  CHECK(s_stripes > defaults::stripe_cell_score);
  CHECK(s_square < defaults::stripe_cell_score);
}

TEST_CASE("spacings_disagree flags SAC and Fourier spacings more than 15% apart") {
  GridScores s{};
  s.grid_spacing_m = 1.0;
  s.fourier_spacing_m = 1.14;
  CHECK_FALSE(spacings_disagree(s));
  s.fourier_spacing_m = 1.16;
  CHECK(spacings_disagree(s));
  s.grid_spacing_m = 1.40; // the outer ring of a lattice whose Fourier spacing is 1.16
  CHECK(spacings_disagree(s));
  s.grid_spacing_m = kNaN;
  CHECK_FALSE(spacings_disagree(s));
}

TEST_CASE("deepmind SAC equals the reference in near-zero regions (nine narrow bumps)") {
  // Nine Gaussian bumps (sigma 0.06 m) on a triangular lattice of spacing 0.7 m: most of the map
  // is under 1e-20 of its peak. Reference: scripts/preset_search/numpy_gridscore.py,
  // GridScorer(n).get_scores(map) with map[row][col] from (i + 0.5) * 2.2 / n, origin at the
  // box's corner.
  const auto bumps = [](int n) {
    std::vector<double> m(static_cast<size_t>(n * n), 0.0);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const double x = (j + 0.5) * kBox / n, y = (i + 0.5) * kBox / n;
        for (int r = 0; r < 3; ++r)
          for (int q = 0; q < 3; ++q) {
            const double cx = 0.4 + 0.7 * q + 0.35 * (r % 2),
                         cy = 0.4 + 0.7 * std::sqrt(3.0) / 2 * r;
            m[static_cast<size_t>(i * n + j)] +=
                std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * 0.06 * 0.06));
          }
      }
    return m;
  };
  struct Ref {
    int n;
    double score_60, score_60_minmax, score_90;
  };
  for (const Ref& r : {Ref{20, 1.338851293255038, 1.3347529246739689, 0.15147764126381028},
                       Ref{44, 1.3587664055744626, 1.3572801321562364, 0.10515750826196693}}) {
    INFO("nbins " << r.n);
    GridScorer scorer(r.n, kBox, SacMode::deepmind);
    const GridScores s = scorer.score(bumps(r.n).data());
    CHECK(s.score_60 == Approx(r.score_60).margin(1e-8));
    CHECK(s.score_60_minmax == Approx(r.score_60_minmax).margin(1e-8));
    CHECK(s.score_90 == Approx(r.score_90).margin(1e-8));
  }
}

TEST_CASE("the observed pattern: hexagonal, then square, then stripes, else none") {
  CHECK(classify_observed({1.2, 1.5, 0.9}) == Pattern::hexagonal);
  CHECK(classify_observed({0.5, 1.1, 0.9}) == Pattern::square);
  CHECK(classify_observed({0.5, 0.3, 0.9}) == Pattern::stripes);
  CHECK(classify_observed({0.5, 0.3, 0.4}) == Pattern::none);
  CHECK(classify_observed({kNaN, kNaN, kNaN}) == Pattern::none);
  CHECK(classify_observed({0.81, kNaN, kNaN}) == Pattern::hexagonal);
  CHECK(classify_observed({0.7, 0.2, 0.2}, {0.6, 0.8, 0.6}) == Pattern::hexagonal);
}
