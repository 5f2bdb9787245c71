// Small summary statistics shared by the reports: medians, and the 95% intervals every
// fraction and mean in a report or figure carries.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace gridtheory {

// The median of the finite values (the mean of the middle two for an even count); NaN for
// none. NaN and infinite values are left out: they have no place in an order (sorting NaN is
// undefined behaviour) and an infinite median is no summary.
inline double median_of(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

struct Interval {
  double lo = std::nan("");
  double hi = std::nan("");
};

// The 95% Wilson score interval of a fraction k / n (z = 1.959964); NaN bounds for n = 0.
// Unlike the normal approximation it stays inside [0, 1] and is not empty at k = 0 or k = n,
// which is where small sweeps live.
Interval wilson_interval(std::size_t k, std::size_t n);

// A mean with its 95% Student-t interval, over the finite values. n = 1 gives the mean with NaN
// bounds (no spread to estimate); n = 0 gives NaN throughout.
struct MeanInterval {
  std::size_t n = 0;
  double mean = std::nan("");
  double sd = std::nan("");
  Interval ci;
};
MeanInterval mean_interval(const std::vector<double>& values);

} // namespace gridtheory
