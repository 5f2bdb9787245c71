// numerics/lattice_stats.hpp: the ellipse, axes and field centres on known geometry (exact on
// given peaks) and on synthetic ratemaps through GridScorer (a perfect hexagonal lattice, one
// stretched along x by 1.3, a sheared one), with tolerances from the bin size.
#include "numerics/lattice_stats.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kPi = std::numbers::pi;

// A 2 x 2 linear map applied to positions: row-major [[t00, t01], [t10, t11]].
struct Affine {
  double t00 = 1, t01 = 0, t10 = 0, t11 = 1;
};

// The hexagonal lattice of spacing s (peaks at angles 0, 60, ... degrees) moved by T: its six
// inner points T a_k, in bins.
std::vector<GridScorer::Peak> lattice_peaks(double s_bins, const Affine& t) {
  std::vector<GridScorer::Peak> peaks;
  for (int k = 0; k < 6; ++k) {
    const double ax = s_bins * std::cos(k * kPi / 3), ay = s_bins * std::sin(k * kPi / 3);
    peaks.push_back({t.t10 * ax + t.t11 * ay, t.t00 * ax + t.t01 * ay, 1.0});
  }
  return peaks;
}

// The ratemap of the hexagonal pattern sum_k cos(g_k . r) (spacing s, peaks at 0, 60, ...
// degrees) moved by T: f'(r) = f(T^-1 r), sampled at the bin centres of an L-metre box, shifted
// by a phase so no field sits on a bin centre by construction.
std::vector<double> lattice_map(int n, double box, double s, const Affine& t) {
  const double det = t.t00 * t.t11 - t.t01 * t.t10;
  const double i00 = t.t11 / det, i01 = -t.t01 / det, i10 = -t.t10 / det, i11 = t.t00 / det;
  const double k = 4 * kPi / (std::sqrt(3.0) * s);
  std::vector<double> m(static_cast<std::size_t>(n * n));
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const double x0 = (c + 0.5) * box / n - 0.37, y0 = (r + 0.5) * box / n - 0.21;
      const double x = i00 * x0 + i01 * y0, y = i10 * x0 + i11 * y0;
      double v = 0.0;
      for (int w = 0; w < 3; ++w) {
        const double th = (30.0 + 60.0 * w) * kPi / 180.0;
        v += std::cos(k * (std::cos(th) * x + std::sin(th) * y));
      }
      m[static_cast<std::size_t>(r * n + c)] = v;
    }
  return m;
}

// The ellipse T maps the unit circle to: aspect (ratio of T's singular values) and the major
// axis' angle in [-90, 90), from the eigenvectors of T T^T.
void expected_ellipse(const Affine& t, double& aspect, double& angle_deg) {
  const double a = t.t00 * t.t00 + t.t01 * t.t01, b = t.t00 * t.t10 + t.t01 * t.t11,
               c = t.t10 * t.t10 + t.t11 * t.t11;
  const double mean = 0.5 * (a + c), half = std::hypot(0.5 * (a - c), b);
  aspect = std::sqrt((mean + half) / (mean - half));
  double angle = 0.5 * std::atan2(2 * b, a - c) * 180.0 / kPi; // the major axis of T T^T
  if (angle >= 90.0) angle -= 180.0;
  if (angle < -90.0) angle += 180.0;
  angle_deg = angle;
}

// The smallest difference of two axis angles (degrees, period 180).
double angle_diff(double a, double b, double period = 180.0) {
  const double d = std::fmod(std::abs(a - b), period);
  return std::min(d, period - d);
}

} // namespace

TEST_CASE("lattice stats on exact peaks: hexagon, stretch, shear") {
  SECTION("a regular hexagon of 10 bins: aspect 1, three axes of 10 bins at 0, 60, 120") {
    const LatticeStats s = sac_lattice_stats(lattice_peaks(10.0, {}), 0.05);
    CHECK(s.ellipse_aspect == Approx(1.0).margin(1e-12));
    for (int k = 0; k < 3; ++k) {
      CHECK(s.spacing_m[static_cast<std::size_t>(k)] == Approx(0.5).epsilon(1e-12));
      CHECK(s.orientation_deg[static_cast<std::size_t>(k)] == Approx(60.0 * k).margin(1e-9));
    }
  }
  SECTION("stretched along x by 1.3: aspect 1.3, major axis at 0 degrees") {
    const LatticeStats s = sac_lattice_stats(lattice_peaks(10.0, {1.3, 0, 0, 1}), 0.05);
    CHECK(s.ellipse_aspect == Approx(1.3).epsilon(1e-12));
    CHECK(s.ellipse_angle_deg == Approx(0.0).margin(1e-9));
    // Axes (1.3 s, 0), (0.65 s, 0.866 s), (-0.65 s, 0.866 s): 0.65 m at 0 degrees and 0.5414 m
    // at 53.13 and 126.87 degrees.
    const double side = std::hypot(0.65, std::sqrt(3.0) / 2) * 0.5;
    const double tilt = std::atan2(std::sqrt(3.0) / 2, 0.65) * 180.0 / kPi;
    CHECK(s.spacing_m[0] == Approx(0.65).epsilon(1e-12));
    CHECK(s.orientation_deg[0] == Approx(0.0).margin(1e-9));
    CHECK(s.spacing_m[1] == Approx(side).epsilon(1e-12));
    CHECK(s.orientation_deg[1] == Approx(tilt).epsilon(1e-12));
    CHECK(s.spacing_m[2] == Approx(side).epsilon(1e-12));
    CHECK(s.orientation_deg[2] == Approx(180.0 - tilt).epsilon(1e-12));
  }
  SECTION("sheared (x += 0.25 y): the ellipse of T, rotated") {
    const Affine t{1, 0.25, 0, 1};
    double aspect = 0, angle = 0;
    expected_ellipse(t, aspect, angle);
    const LatticeStats s = sac_lattice_stats(lattice_peaks(10.0, t), 0.05);
    CHECK(s.ellipse_aspect == Approx(aspect).epsilon(1e-12));
    CHECK(angle_diff(s.ellipse_angle_deg, angle) < 1e-9);
    CHECK(angle > 5.0); // the shear turns the major axis off +x
  }
  SECTION("fewer than six peaks, or six that do not pair up, give NaN") {
    auto five = lattice_peaks(10.0, {});
    five.pop_back();
    CHECK(std::isnan(sac_lattice_stats(five, 0.05).ellipse_aspect));
    // A square lattice's six nearest: 4 at 10 bins, 2 diagonals on the same side.
    std::vector<GridScorer::Peak> square{{0, 10, 1},  {10, 0, 1},  {0, -10, 1},
                                         {-10, 0, 1}, {10, 10, 1}, {10, -10, 1}};
    const LatticeStats s = sac_lattice_stats(square, 0.05);
    CHECK(std::isnan(s.ellipse_aspect));
    CHECK(std::isnan(s.spacing_m[0]));
    CHECK(std::isnan(s.orientation_deg[2]));
  }
}

TEST_CASE("field centres: local maxima above half the range, refined, in metres") {
  // A 5 x 5 map in a 1 m box (0.2 m bins), threshold 0 + 0.5 (10 - 0) = 5. Local maxima:
  // [1][1] = 10 (neighbours 8 left, 6 right, 9 above and below), [1][4] = 5.4 at the wall,
  // [3][3] = 7 (3 on each side, a NaN bin below, ignored), and [4][0] = 4, under the threshold.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> map{0, 9,  0, 0,   0,   //
                                8, 10, 6, 0,   5.4, //
                                0, 9,  0, 3,   0,   //
                                0, 0,  3, 7,   3,   //
                                4, 0,  0, nan, 0};
  const auto f = field_centres(map.data(), 5, 1.0);
  REQUIRE(f.size() == 3);
  // [1][1]: along the row fm = 8, fp = 6: offset 0.5 (8 - 6) / (8 - 20 + 6) = -1/6 bin; along
  // the column 9, 9: 0. x = (1.5 - 1/6) 0.2, y = 1.5 x 0.2.
  CHECK(f[0].x_m == Approx((1.5 - 1.0 / 6.0) * 0.2).epsilon(1e-12));
  CHECK(f[0].y_m == Approx(0.3).epsilon(1e-12));
  CHECK(f[0].rate == 10.0);
  // [1][4] at the wall: no parabola across it.
  CHECK(f[1].x_m == Approx(0.9).epsilon(1e-12));
  CHECK(f[1].y_m == Approx(0.3).epsilon(1e-12));
  // [3][3]: row 3, 7, 3 -> 0; column 3 above, NaN below -> no refinement.
  CHECK(f[2].x_m == Approx(0.7).epsilon(1e-12));
  CHECK(f[2].y_m == Approx(0.7).epsilon(1e-12));
  // A plateau counts once (the first bin in raster order); a flat map has none.
  const std::vector<double> plateau{0, 0, 0, 0, 2, 2, 0, 0, 0};
  const auto p = field_centres(plateau.data(), 3, 0.3);
  REQUIRE(p.size() == 1);
  // [1][1] with 0 left and 2 right: the parabola's vertex is half a bin right, between the two.
  CHECK(p[0].x_m == Approx(0.2).epsilon(1e-12));
  CHECK(p[0].y_m == Approx(0.15).epsilon(1e-12));
  const std::vector<double> flat(9, 1.0);
  CHECK(field_centres(flat.data(), 3, 0.3).empty());
}

TEST_CASE("lattice stats of synthetic ratemaps through the scorer, within the bin size") {
  // 44 bins in a 2.2 m box: 5 cm bins; lattice spacing 0.5 m = 10 bins. The SAC peaks are
  // refined to sub-bin; tolerances: spacings 0.2 bin (1 cm), orientations atan(0.2 / 10) ~ 1.2
  // degrees (1.5 allowed), aspect 0.04 (two axes each 0.2 bin off in 10), ellipse angle 3
  // degrees (at aspect >= 1.1).
  const int n = 44;
  const double box = 2.2, s = 0.5, bin = box / n;
  GridScorer scorer(n, box, SacMode::nan_aware);

  SECTION("perfect hexagonal: aspect 1, three spacings 0.5 m, orientations 60 degrees apart") {
    const auto map = lattice_map(n, box, s, {});
    const GridScores g = scorer.score(map.data());
    CHECK(g.ellipse_aspect == Approx(1.0).margin(0.04));
    for (double sp : {g.spacing_1_m, g.spacing_2_m, g.spacing_3_m})
      CHECK(sp == Approx(s).margin(0.2 * bin));
    CHECK(angle_diff(g.orientation_1_deg, 0.0) < 1.5);
    CHECK(g.orientation_2_deg - g.orientation_1_deg == Approx(60.0).margin(1.5));
    CHECK(g.orientation_3_deg - g.orientation_2_deg == Approx(60.0).margin(1.5));
    // Fields: about (2.2 / 0.5)^2 / (sqrt(3) / 2) ~ 22 in the box, each a local maximum.
    CHECK(g.field_count >= 18);
    CHECK(g.field_count <= 28);
  }
  SECTION("stretched along x by 1.3: aspect ~1.3, major axis ~0 degrees") {
    const Affine t{1.3, 0, 0, 1};
    const auto map = lattice_map(n, box, s, t);
    const GridScores g = scorer.score(map.data());
    CHECK(g.ellipse_aspect == Approx(1.3).margin(0.04));
    CHECK(angle_diff(g.ellipse_angle_deg, 0.0) < 3.0);
    const double side = std::hypot(0.65, std::sqrt(3.0) / 2) * s;
    const double tilt = std::atan2(std::sqrt(3.0) / 2, 0.65) * 180.0 / kPi;
    CHECK(g.spacing_1_m == Approx(1.3 * s).margin(0.2 * bin));
    CHECK(angle_diff(g.orientation_1_deg, 0.0) < 1.5);
    CHECK(g.spacing_2_m == Approx(side).margin(0.2 * bin));
    CHECK(angle_diff(g.orientation_2_deg, tilt) < 1.5);
    CHECK(g.spacing_3_m == Approx(side).margin(0.2 * bin));
    CHECK(angle_diff(g.orientation_3_deg, 180.0 - tilt) < 1.5);
  }
  SECTION("sheared (x += 0.25 y): the ellipse of the shear") {
    const Affine t{1, 0.25, 0, 1};
    double aspect = 0, angle = 0;
    expected_ellipse(t, aspect, angle);
    const auto map = lattice_map(n, box, s, t);
    const GridScores g = scorer.score(map.data());
    CHECK(g.ellipse_aspect == Approx(aspect).margin(0.04));
    CHECK(angle_diff(g.ellipse_angle_deg, angle) < 3.0);
    // Axes T (s, 0), T (s/2, s sqrt(3)/2), T (-s/2, s sqrt(3)/2).
    const double h = std::sqrt(3.0) / 2;
    const std::vector<std::pair<double, double>> axes{
        {1.0, 0.0}, {-0.5 + 0.25 * h, h}, {0.5 + 0.25 * h, h}};
    std::vector<double> want_len, want_deg;
    for (const auto& [x, y] : axes) {
      want_len.push_back(std::hypot(x, y) * s);
      double d = std::atan2(y, x) * 180.0 / kPi;
      if (d < 0) d += 180.0;
      want_deg.push_back(d);
    }
    // Ordered by orientation: 0, then (0.5 + 0.25 h, h) at 50.4 degrees, then (-0.5 + 0.25 h, h)
    // at 108.1 degrees.
    CHECK(g.spacing_1_m == Approx(want_len[0]).margin(0.2 * bin));
    CHECK(g.spacing_2_m == Approx(want_len[2]).margin(0.2 * bin));
    CHECK(g.spacing_3_m == Approx(want_len[1]).margin(0.2 * bin));
    CHECK(angle_diff(g.orientation_1_deg, want_deg[0]) < 1.5);
    CHECK(angle_diff(g.orientation_2_deg, want_deg[2]) < 1.5);
    CHECK(angle_diff(g.orientation_3_deg, want_deg[1]) < 1.5);
  }
  SECTION("a constant map has no statistics") {
    const std::vector<double> flat(static_cast<std::size_t>(n * n), 2.0);
    const GridScores g = scorer.score(flat.data());
    CHECK(std::isnan(g.ellipse_aspect));
    CHECK(std::isnan(g.spacing_1_m));
    CHECK(std::isnan(g.field_count));
  }
}
