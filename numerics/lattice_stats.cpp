#include "numerics/lattice_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>

namespace gridtheory {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double degrees(double radians) {
  return radians * 180.0 / std::numbers::pi;
}

// An angle in degrees folded into [lo, lo + period).
double fold(double deg, double lo, double period) {
  double a = std::fmod(deg - lo, period);
  if (a < 0.0) a += period;
  if (a >= period) a = 0.0;
  return lo + a;
}

} // namespace

LatticeStats sac_lattice_stats(const std::vector<GridScorer::Peak>& peaks, double bin_m) {
  LatticeStats out{kNaN, kNaN, {kNaN, kNaN, kNaN}, {kNaN, kNaN, kNaN}};
  if (peaks.size() != 6) return out;

  // Each peak's partner: the peak nearest its mirror image; the pairing must be mutual.
  std::array<std::size_t, 6> partner{};
  for (std::size_t i = 0; i < 6; ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < 6; ++j) {
      if (j == i) continue;
      const double d = std::hypot(peaks[i].dx + peaks[j].dx, peaks[i].dy + peaks[j].dy);
      if (d < best) best = d, partner[i] = j;
    }
    if (!(best <= kOppositeTolerance)) return out;
  }
  struct Axis {
    double x, y, orientation;
  };
  std::array<Axis, 3> axes{};
  std::size_t count = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const std::size_t j = partner[i];
    if (partner[j] != i) return out;
    if (j < i) continue;
    if (count == 3) return out;
    const double x = 0.5 * (peaks[i].dx - peaks[j].dx), y = 0.5 * (peaks[i].dy - peaks[j].dy);
    axes[count++] = {x, y, fold(degrees(std::atan2(y, x)), 0.0, 180.0)};
  }
  if (count != 3) return out;
  std::sort(axes.begin(), axes.end(),
            [](const Axis& p, const Axis& q) { return p.orientation < q.orientation; });
  for (std::size_t k = 0; k < 3; ++k) {
    out.spacing_m[k] = std::hypot(axes[k].x, axes[k].y) * bin_m;
    out.orientation_deg[k] = axes[k].orientation;
  }

  // The centred conic a x^2 + 2 b x y + c y^2 = 1 through the three axis vectors (Cramer).
  std::array<std::array<double, 3>, 3> m{};
  for (std::size_t k = 0; k < 3; ++k)
    m[k] = {axes[k].x * axes[k].x, 2.0 * axes[k].x * axes[k].y, axes[k].y * axes[k].y};
  const auto det3 = [](const std::array<std::array<double, 3>, 3>& q) {
    return q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) -
           q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0]) +
           q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
  };
  const double det = det3(m);
  double scale = 0.0; // the size of the entries, for a relative singularity test
  for (const auto& row : m)
    for (double v : row)
      scale = std::max(scale, std::abs(v));
  if (!(std::abs(det) > 1e-12 * scale * scale * scale)) return out;
  std::array<double, 3> coef{};
  for (std::size_t col = 0; col < 3; ++col) {
    auto q = m;
    for (std::size_t k = 0; k < 3; ++k)
      q[k][col] = 1.0;
    coef[col] = det3(q) / det;
  }
  const double a = coef[0], b = coef[1], c = coef[2];
  const double mean = 0.5 * (a + c), half = std::hypot(0.5 * (a - c), b);
  const double lambda_min = mean - half, lambda_max = mean + half;
  if (!(lambda_min > 0.0)) return out;
  out.ellipse_aspect = std::sqrt(lambda_max / lambda_min);
  // The major axis is the eigenvector of lambda_min: (b, lambda_min - a) or (lambda_min - c, b),
  // whichever is longer (they are parallel; one may vanish).
  const double ux = b, uy = lambda_min - a, wx = lambda_min - c, wy = b;
  const double angle =
      std::hypot(ux, uy) >= std::hypot(wx, wy) ? std::atan2(uy, ux) : std::atan2(wy, wx);
  out.ellipse_angle_deg = fold(degrees(angle), -90.0, 180.0);
  return out;
}

void field_centres(const double* map, int n, double box_m, std::vector<FieldCentre>& out) {
  out.clear();
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  const auto nn = static_cast<std::size_t>(n) * static_cast<std::size_t>(n);
  for (std::size_t i = 0; i < nn; ++i)
    if (std::isfinite(map[i])) lo = std::min(lo, map[i]), hi = std::max(hi, map[i]);
  if (!(hi > lo)) return;
  const double threshold = lo + kFieldThreshold * (hi - lo);
  const double bin = box_m / n;
  const auto at = [&](int r, int c) {
    return map[static_cast<std::size_t>(r) * static_cast<std::size_t>(n) +
               static_cast<std::size_t>(c)];
  };
  // Vertex of the parabola through the two neighbours along one axis (0 without both).
  const auto offset = [&](int r, int c, int dr, int dc) {
    const int r0 = r - dr, c0 = c - dc, r1 = r + dr, c1 = c + dc;
    if (r0 < 0 || c0 < 0 || r1 >= n || c1 >= n) return 0.0;
    const double fm = at(r0, c0), fp = at(r1, c1);
    if (!std::isfinite(fm) || !std::isfinite(fp)) return 0.0;
    return parabola_offset(fm, at(r, c), fp);
  };
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const double v = at(r, c);
      if (!std::isfinite(v) || !(v > threshold)) continue;
      bool peak = true;
      for (int dr = -1; dr <= 1 && peak; ++dr)
        for (int dc = -1; dc <= 1 && peak; ++dc) {
          if (dr == 0 && dc == 0) continue;
          const int rr = r + dr, cc = c + dc;
          if (rr < 0 || cc < 0 || rr >= n || cc >= n) continue;
          const double w = at(rr, cc);
          if (!std::isfinite(w)) continue;
          const bool before = dr < 0 || (dr == 0 && dc < 0);
          peak = before ? v > w : v >= w;
        }
      if (!peak) continue;
      out.push_back(
          {(c + 0.5 + offset(r, c, 0, 1)) * bin, (r + 0.5 + offset(r, c, 1, 0)) * bin, v});
    }
}

std::vector<FieldCentre> field_centres(const double* ratemap, int nbins, double box_m) {
  std::vector<FieldCentre> out;
  field_centres(ratemap, nbins, box_m, out);
  return out;
}

} // namespace gridtheory
