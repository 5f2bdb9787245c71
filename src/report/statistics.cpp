#include "src/report/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

namespace gridtheory {

Interval wilson_interval(std::size_t k, std::size_t n) {
  if (n == 0 || k > n) return {};
  const double z = 1.959963984540054; // the 97.5% normal quantile
  const double nn = static_cast<double>(n), p = static_cast<double>(k) / nn;
  const double z2n = z * z / nn;
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z / (1 + z2n) * std::sqrt(p * (1 - p) / nn + z2n / (4 * nn));
  // Clamp the rounding at the ends: at k = 0 the lower bound is exactly 0.
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

MeanInterval mean_interval(const std::vector<double>& values) {
  MeanInterval m;
  double sum = 0;
  for (double v : values)
    if (std::isfinite(v)) {
      sum += v;
      ++m.n;
    }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n == 1) return m;
  double ss = 0;
  for (double v : values)
    if (std::isfinite(v)) ss += (v - m.mean) * (v - m.mean);
  m.sd = std::sqrt(ss / static_cast<double>(m.n - 1));
  const boost::math::students_t t(static_cast<double>(m.n - 1));
  const double half = boost::math::quantile(t, 0.975) * m.sd / std::sqrt(static_cast<double>(m.n));
  m.ci = {m.mean - half, m.mean + half};
  return m;
}

} // namespace gridtheory
