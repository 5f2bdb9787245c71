// Small summary statistics shared by the reports.
#pragma once

#include <algorithm>
#include <cmath>
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

} // namespace gridtheory
