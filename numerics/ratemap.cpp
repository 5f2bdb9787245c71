#include "numerics/ratemap.hpp"

#include "theory/errors.hpp"

#include <limits>

namespace gridtheory {

namespace {

void check(const RatemapOptions& o) {
  if (!(o.side_m > 0.0) || !std::isfinite(o.side_m) || o.nbins < 1 || !(o.smooth_m >= 0.0) ||
      !std::isfinite(o.smooth_m) || o.min_occupancy < 1)
    throw InternalError("bin_ratemaps: options out of range");
}

std::size_t cell_of(const double* xy, const RatemapOptions& o) {
  const int col = ratemap_bin(xy[0], o.side_m, o.nbins);
  const int row = ratemap_bin(xy[1], o.side_m, o.nbins);
  return static_cast<std::size_t>(row) * static_cast<std::size_t>(o.nbins) +
         static_cast<std::size_t>(col);
}

// The normalised Gaussian's weights at 0..radius bins (the normalisation cancels in the ratio;
// kept so the smoothed sums are sums).
std::vector<double> gaussian_weights(double sigma_bins, int nbins) {
  const int radius = std::min(static_cast<int>(std::floor(4.0 * sigma_bins + 0.5)), nbins - 1);
  std::vector<double> w(static_cast<std::size_t>(radius) + 1);
  for (int d = 0; d <= radius; ++d)
    w[static_cast<std::size_t>(d)] = std::exp(-0.5 * d * d / (sigma_bins * sigma_bins));
  return w;
}

// In place: `field` (n x n) convolved along rows then columns with the symmetric weights,
// cut at the walls. `tmp` is scratch of n x n.
void convolve(std::vector<double>& field, std::vector<double>& tmp, const std::vector<double>& w,
              int n) {
  const int radius = static_cast<int>(w.size()) - 1;
  const auto at = [n](int r, int c) {
    return static_cast<std::size_t>(r) * static_cast<std::size_t>(n) + static_cast<std::size_t>(c);
  };
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      double s = 0.0;
      for (int d = -radius; d <= radius; ++d) {
        const int cc = c + d;
        if (cc >= 0 && cc < n) s += w[static_cast<std::size_t>(std::abs(d))] * field[at(r, cc)];
      }
      tmp[at(r, c)] = s;
    }
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      double s = 0.0;
      for (int d = -radius; d <= radius; ++d) {
        const int rr = r + d;
        if (rr >= 0 && rr < n) s += w[static_cast<std::size_t>(std::abs(d))] * tmp[at(rr, c)];
      }
      field[at(r, c)] = s;
    }
}

} // namespace

std::vector<long long> bin_occupancy(const double* positions, std::size_t samples,
                                     const RatemapOptions& o) {
  check(o);
  const std::size_t n = static_cast<std::size_t>(o.nbins);
  std::vector<long long> counts(n * n, 0);
  for (std::size_t s = 0; s < samples; ++s)
    ++counts[cell_of(positions + 2 * s, o)];
  return counts;
}

std::vector<double> bin_ratemaps(const double* positions, const double* activity,
                                 std::size_t samples, std::size_t units, const RatemapOptions& o) {
  check(o);
  const std::size_t n = static_cast<std::size_t>(o.nbins), cells = n * n;
  // Bin-major sums, as the trainer's accumulator: one sample adds one contiguous row.
  std::vector<double> sums(cells * units, 0.0);
  std::vector<long long> counts(cells, 0);
  for (std::size_t s = 0; s < samples; ++s) {
    const std::size_t cell = cell_of(positions + 2 * s, o);
    ++counts[cell];
    const double* row = activity + s * units;
    double* dst = sums.data() + cell * units;
    for (std::size_t u = 0; u < units; ++u)
      dst[u] += row[u];
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> out(units * cells, nan);
  const auto kept = [&](std::size_t c) { return counts[c] >= o.min_occupancy; };
  if (o.smooth_m == 0.0) {
    for (std::size_t c = 0; c < cells; ++c)
      if (kept(c))
        for (std::size_t u = 0; u < units; ++u)
          out[u * cells + c] = sums[c * units + u] / static_cast<double>(counts[c]);
    return out;
  }

  const std::vector<double> w = gaussian_weights(o.smooth_m / (o.side_m / o.nbins), o.nbins);
  std::vector<double> occupancy(cells), field(cells), tmp(cells);
  for (std::size_t c = 0; c < cells; ++c)
    occupancy[c] = kept(c) ? static_cast<double>(counts[c]) : 0.0;
  convolve(occupancy, tmp, w, o.nbins);
  for (std::size_t u = 0; u < units; ++u) {
    for (std::size_t c = 0; c < cells; ++c)
      field[c] = kept(c) ? sums[c * units + u] : 0.0;
    convolve(field, tmp, w, o.nbins);
    for (std::size_t c = 0; c < cells; ++c)
      if (kept(c)) out[u * cells + c] = field[c] / occupancy[c];
  }
  return out;
}

} // namespace gridtheory
