#include "numerics/tuning_transform.hpp"

#include "numerics/fft2.hpp"
#include "theory/spectrum.hpp"

#include <cmath>
#include <numbers>

namespace gridtheory {

std::vector<GriddedTransformPoint> gridded_transform_along_kx(const Encoding& enc, double sigma_m,
                                                              double surround_ratio,
                                                              double extent_m, int n) {
  const double h = extent_m / n;
  std::vector<double> field(static_cast<size_t>(n) * static_cast<size_t>(n));
  // Centre the field on sample (0, 0) with periodic wrap, so the DFT phase is zero.
  for (int row = 0; row < n; ++row)
    for (int col = 0; col < n; ++col) {
      const double y = h * signed_frequency(row, n);
      const double x = h * signed_frequency(col, n);
      field[static_cast<size_t>(row) * n + col] =
          tuning_curve(enc, std::hypot(x, y), sigma_m, surround_ratio);
    }
  RealFft2 fft(n);
  std::vector<std::complex<double>> spec(static_cast<size_t>(n) * fft.half());
  fft.forward(field.data(), spec.data());
  std::vector<GriddedTransformPoint> out;
  for (int m = 0; m <= n / 2; ++m)
    out.push_back(
        {2.0 * std::numbers::pi * m / extent_m, h * h * spec[static_cast<size_t>(m)].real()});
  return out;
}

} // namespace gridtheory
