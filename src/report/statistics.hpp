// Small summary statistics shared by the reports.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace gridtheory {

// The median of the values (the mean of the middle two for an even count); NaN for none.
inline double median_of(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

} // namespace gridtheory
