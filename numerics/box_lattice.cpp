#include "numerics/box_lattice.hpp"

#include "theory/errors.hpp"
#include "theory/spacing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>

namespace gridtheory {

namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

double angle_between_deg(double ax, double ay, double bx, double by) {
  const double c = (ax * bx + ay * by) / (std::hypot(ax, ay) * std::hypot(bx, by));
  return std::acos(std::clamp(c, -1.0, 1.0)) * kDeg;
}

// Real-space lattice of the pattern made by k1, k2 (and k3 = -k1 - k2): the dual lattice
// {a : k1.a, k2.a in 2 pi Z}. Returns mean length of its three shortest directions and the
// orientation of the shortest vector, folded into [0, 60).
void real_space(double k1x, double k1y, double k2x, double k2y, double& spacing,
                double& orientation) {
  const double det = k1x * k2y - k1y * k2x;
  const double tp = 2.0 * std::numbers::pi;
  // Dual basis a_j with k_i . a_j = 2 pi delta_ij.
  const double a1x = tp * k2y / det, a1y = -tp * k2x / det;
  const double a2x = -tp * k1y / det, a2y = tp * k1x / det;
  struct V {
    double x, y, len;
  };
  std::vector<V> cand;
  for (int i = -2; i <= 2; ++i)
    for (int j = -2; j <= 2; ++j) {
      if (i == 0 && j == 0) continue;
      const double x = i * a1x + j * a2x, y = i * a1y + j * a2y;
      if (y < 0 || (y == 0 && x < 0)) continue; // one of each +-pair
      cand.push_back({x, y, std::hypot(x, y)});
    }
  std::sort(cand.begin(), cand.end(), [](const V& a, const V& b) { return a.len < b.len; });
  spacing = (cand[0].len + cand[1].len + cand[2].len) / 3.0;
  orientation = std::fmod(std::atan2(cand[0].y, cand[0].x) * kDeg + 360.0, 60.0);
}

} // namespace

BoxLattice analyse_box_lattice(const std::function<double(double)>& power, double k_star,
                               double box_m, bool periodic, const BoxLatticeOptions& options) {
  if (!(box_m > 0.0) || !(k_star > 0.0))
    throw InternalError("analyse_box_lattice: box and k* must be positive");
  BoxLattice out;
  const double kb = lowest_box_mode_per_m(box_m, periodic);
  out.periodic = periodic;
  out.lowest_mode_per_m = kb;
  out.ring_shells = k_star / kb;
  if (!(out.ring_shells <= options.max_ring_shells)) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "the ring lies %.4g x %s out (more than %.4g): the box's lattice is "
                  "effectively continuous there",
                  out.ring_shells, box_mode_name(periodic), options.max_ring_shells);
    out.not_searched = buf;
    return out;
  }

  // Shells up to twice the ring (and at least a few shells).
  const int nmax = std::max(4, static_cast<int>(std::ceil(2.0 * k_star / kb)));
  for (int n = 1; n <= nmax; ++n)
    for (int m = 0; m <= n; ++m) {
      const double k = kb * std::hypot(n, m);
      out.top_modes.push_back({n, m, k, power(k)});
    }
  std::sort(out.top_modes.begin(), out.top_modes.end(),
            [](const LatticeMode& a, const LatticeMode& b) { return a.power > b.power; });
  if (out.top_modes.size() > static_cast<size_t>(options.top_modes))
    out.top_modes.resize(static_cast<size_t>(options.top_modes));

  // Triads: k1, k2 within the window, k3 = -(k1 + k2) too.
  const double lo = (1.0 - options.window) * k_star, hi = (1.0 + options.window) * k_star;
  const int r = static_cast<int>(std::ceil(hi / kb));
  std::vector<std::pair<int, int>> ring;
  for (int n = -r; n <= r; ++n)
    for (int m = -r; m <= r; ++m) {
      const double k = kb * std::hypot(n, m);
      if (k >= lo && k <= hi) ring.emplace_back(n, m);
    }
  std::map<double, double> power_cache;
  const auto p = [&](double k) {
    auto it = power_cache.find(k);
    return it != power_cache.end() ? it->second : power_cache[k] = power(k);
  };
  for (const auto& [n1, m1] : ring)
    for (const auto& [n2, m2] : ring) {
      const int n3 = -n1 - n2, m3 = -m1 - m2;
      const double k1 = kb * std::hypot(n1, m1), k2 = kb * std::hypot(n2, m2),
                   k3 = kb * std::hypot(n3, m3);
      if (k3 < lo || k3 > hi) continue;
      // One ordering per triad: (n, m) pairs ascending.
      if (std::make_pair(n1, m1) >= std::make_pair(n2, m2) ||
          std::make_pair(n2, m2) >= std::make_pair(n3, m3))
        continue;
      Triad t;
      t.modes = {LatticeMode{n1, m1, k1, p(k1)}, LatticeMode{n2, m2, k2, p(k2)},
                 LatticeMode{n3, m3, k3, p(k3)}};
      t.mean_k_per_m = (k1 + k2 + k3) / 3.0;
      t.length_mismatch =
          std::max({std::abs(k1 - k_star), std::abs(k2 - k_star), std::abs(k3 - k_star)}) / k_star;
      t.angle_mismatch_deg = std::max({std::abs(angle_between_deg(n1, m1, n2, m2) - 120.0),
                                       std::abs(angle_between_deg(n2, m2, n3, m3) - 120.0),
                                       std::abs(angle_between_deg(n3, m3, n1, m1) - 120.0)});
      t.min_power = std::min({t.modes[0].power, t.modes[1].power, t.modes[2].power});
      real_space(kb * n1, kb * m1, kb * n2, kb * m2, t.grid_spacing_m, t.orientation_deg);
      const auto& b = out.best_triad;
      if (!b || t.min_power > b->min_power * (1.0 + 1e-12) ||
          (t.min_power >= b->min_power * (1.0 - 1e-12) &&
           t.angle_mismatch_deg < b->angle_mismatch_deg))
        out.best_triad = t;
    }
  return out;
}

} // namespace gridtheory
