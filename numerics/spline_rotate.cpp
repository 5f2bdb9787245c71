#include "numerics/spline_rotate.hpp"

#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>

namespace gridtheory {

namespace {

// Pole of the cubic B-spline's inverse filter and its gain (1 - z)(1 - 1/z) = 6.
const double kPole = std::sqrt(3.0) - 2.0;
constexpr double kGain = 6.0;

size_t sz(long long v) {
  return static_cast<size_t>(v);
}

// Index i of the mirror extension (x[-i] = x[i], x[n-1+i] = x[n-1-i]) mapped into [0, n).
int mirror_index(int i, int n) {
  if (n == 1) return 0;
  const int period = 2 * n - 2;
  int m = i < 0 ? -i : i;
  m %= period;
  return m >= n ? period - m : m;
}

// In-place cubic B-spline prefilter of every column of an n x n array (n >= 2): gain 6, then
// the causal and anticausal first-order recursions with pole z, started with the mirror
// boundary's exact initial values (Unser, Aldroubi & Eden 1991): the causal start is the sum
// over the mirror-extended column of z^|k| x_k folded into the n samples, the anticausal start
// z/(z^2-1) (c[n-1] + z c[n-2]). The recursion runs over rows, so inner loops are contiguous.
void filter_columns(double* x, int n, double* start) {
  const double z = kPole;
  const size_t w = sz(n);
  for (size_t i = 0; i < w * w; ++i)
    x[i] *= kGain;
  // causal start for every column: sum_k weight_k row_k
  {
    const double z_last = std::pow(z, n - 1);
    const double norm = 1.0 / (1.0 - z_last * z_last);
    for (size_t j = 0; j < w; ++j)
      start[j] = x[j] + z_last * x[(w - 1) * w + j];
    double zk = z;
    for (size_t k = 1; k + 1 < w; ++k) {
      const double* row = x + k * w;
      const double* mirror_row = x + (w - 1 - k) * w;
      for (size_t j = 0; j < w; ++j)
        start[j] += zk * (row[j] + z_last * mirror_row[j]);
      zk *= z;
      if (std::abs(zk) < 1e-20) break; // later terms (all <= |z|^k) vanish in double precision
    }
    for (size_t j = 0; j < w; ++j)
      x[j] = start[j] * norm;
  }
  for (size_t k = 1; k < w; ++k)
    for (size_t j = 0; j < w; ++j)
      x[k * w + j] += z * x[(k - 1) * w + j];
  const double end_factor = z / (z * z - 1.0);
  for (size_t j = 0; j < w; ++j)
    x[(w - 1) * w + j] = end_factor * (x[(w - 1) * w + j] + z * x[(w - 2) * w + j]);
  for (size_t k = w - 1; k-- > 0;)
    for (size_t j = 0; j < w; ++j)
      x[k * w + j] = z * (x[(k + 1) * w + j] - x[k * w + j]);
}

void check_order(int order, const char* where) {
  if (order != 1 && order != 3)
    throw InternalError(std::string(where) + ": spline order must be 1 or 3, got " +
                        std::to_string(order));
}

} // namespace

void cos_sin_degrees(double angle_deg, double& c, double& s) {
  if (!std::isfinite(angle_deg)) throw InternalError("cos_sin_degrees: angle is not finite");
  double a = std::fmod(angle_deg, 360.0);
  if (a < 0) a += 360.0;
  // nearest multiple of 90 (ties upwards), remainder in [-45, 45)
  const double quadrant = std::floor((a + 45.0) / 90.0);
  const double rest = a - 90.0 * quadrant; // exact: a and 90*quadrant are close
  const double rad = rest * (std::numbers::pi / 180.0);
  const double cr = rest == 0.0 ? 1.0 : std::cos(rad);
  const double sr = rest == 0.0 ? 0.0 : std::sin(rad);
  switch (static_cast<int>(quadrant) % 4) {
  case 0:
    c = cr, s = sr;
    break;
  case 1:
    c = -sr, s = cr;
    break;
  case 2:
    c = -cr, s = -sr;
    break;
  default:
    c = sr, s = -cr;
    break;
  }
}

SplineCoefficients::SplineCoefficients(int size, int order) : size_(size), order_(order) {
  check_order(order, "SplineCoefficients");
  if (size < 1) throw InternalError("SplineCoefficients: size must be at least 1");
  padded_.assign(sz(stride()) * sz(stride()), 0.0);
  work_.assign(sz(size) * sz(size), 0.0);
  if (order == 3) {
    transposed_.assign(sz(size) * sz(size), 0.0);
    start_.assign(sz(size), 0.0);
  }
}

void SplineCoefficients::compute(const double* image) {
  const int n = size_;
  const size_t w = sz(n);
  const size_t ps = sz(stride());
  double* c = work_.data();
  for (size_t i = 0; i < w * w; ++i)
    c[i] = image[i];
  if (order_ == 3 && n > 1) {
    // Both passes run down the columns (the recursion over rows, vectorised along each row):
    // the row pass on the transpose. A recursion along a row would be latency-bound.
    double* t = transposed_.data();
    for (size_t r = 0; r < w; ++r)
      for (size_t q = 0; q < w; ++q)
        t[q * w + r] = c[r * w + q];
    filter_columns(t, n, start_.data());
    for (size_t r = 0; r < w; ++r)
      for (size_t q = 0; q < w; ++q)
        c[r * w + q] = t[q * w + r];
    filter_columns(c, n, start_.data());
  }
  // Padded rows i = -1 .. n+1 hold mirror-extended coefficient rows.
  const int before = mirror_index(-1, n), after1 = mirror_index(n, n),
            after2 = mirror_index(n + 1, n);
  for (size_t i = 0; i < w; ++i) {
    const double* src = c + i * w;
    double* dst = padded_.data() + (i + 1) * ps;
    std::copy(src, src + w, dst + 1);
    dst[0] = src[before];
    dst[w + 1] = src[after1];
    dst[w + 2] = src[after2];
  }
  auto copy_row = [&](size_t to, int from) {
    std::copy_n(padded_.data() + sz(from + 1) * ps, ps, padded_.data() + to * ps);
  };
  copy_row(0, before);
  copy_row(w + 1, after1);
  copy_row(w + 2, after2);
}

ImageRotation::ImageRotation(int size, double angle_deg, int order,
                             std::vector<std::int32_t> pixels)
    : size_(size), order_(order), angle_deg_(angle_deg), pixels_(std::move(pixels)) {
  check_order(order, "ImageRotation");
  if (size < 1) throw InternalError("ImageRotation: size must be at least 1");
  const long long total = static_cast<long long>(size) * size;
  if (pixels_.empty()) {
    pixels_.resize(sz(total));
    for (long long k = 0; k < total; ++k)
      pixels_[sz(k)] = static_cast<std::int32_t>(k);
  }
  double c = 1.0, s = 0.0;
  cos_sin_degrees(angle_deg, c, s);
  const double centre = (size - 1) / 2.0;
  // SciPy: offset = centre - M @ centre, source = M @ (r, q) + offset.
  const double offset_r = centre - (c * centre + s * centre);
  const double offset_q = centre - (-s * centre + c * centre);
  const double last = size - 1;
  const int stride = size + 3;
  if (order == 3)
    taps_.assign(pixels_.size(), Tap{-1, {0, 0, 0, 0}, {0, 0, 0, 0}});
  else
    linear_taps_.assign(pixels_.size(), LinearTap{-1, 0.0, 0.0});
  for (size_t k = 0; k < pixels_.size(); ++k) {
    const std::int32_t p = pixels_[k];
    if (p < 0 || p >= total) throw InternalError("ImageRotation: pixel index out of range");
    const double r = p / size;
    const double q = p % size;
    const double a = c * r + s * q + offset_r;                       // source row
    const double b = -s * r + c * q + offset_q;                      // source column
    if (!(a >= 0.0 && a <= last && b >= 0.0 && b <= last)) continue; // cval = 0
    const double fa = std::floor(a);
    const double fb = std::floor(b);
    const double ta = a - fa;
    const double tb = b - fb;
    const int ia = static_cast<int>(fa);
    const int ib = static_cast<int>(fb);
    if (order == 3) {
      Tap& t = taps_[k];
      // taps at i-1, i, i+1, i+2: cubic B-spline at distances 1+t, t, 1-t, 2-t
      auto weights = [](double t0, double* w) {
        const double u = 1.0 - t0;
        w[0] = u * u * u / 6.0;
        w[1] = (t0 * t0 * (3.0 * t0 - 6.0) + 4.0) / 6.0;
        w[2] = (u * u * (3.0 * u - 6.0) + 4.0) / 6.0;
        w[3] = t0 * t0 * t0 / 6.0;
      };
      weights(ta, t.wy);
      weights(tb, t.wx);
      t.base = static_cast<std::int32_t>(ia * stride + ib); // padded row ia = row ia-1
    } else {
      linear_taps_[k] = {static_cast<std::int32_t>((ia + 1) * stride + (ib + 1)), ta, tb};
    }
  }
}

void ImageRotation::apply(const SplineCoefficients& coefficients, double* out) const {
  if (coefficients.size() != size_ || coefficients.order() != order_)
    throw InternalError("ImageRotation::apply: coefficients of another size or order");
  const double* p = coefficients.padded();
  const std::ptrdiff_t stride = coefficients.stride();
  const size_t count = pixels_.size();
  if (order_ == 3) {
    for (size_t k = 0; k < count; ++k) {
      const Tap& t = taps_[k];
      if (t.base < 0) {
        out[k] = 0.0;
        continue;
      }
      const double* b = p + t.base;
      // column sums weighted along rows first (4 contiguous lanes: one vector FMA per row)
      double col[4] = {0.0, 0.0, 0.0, 0.0};
      for (int i = 0; i < 4; ++i) {
        const double* row = b + i * stride;
        const double wy = t.wy[i];
        for (int j = 0; j < 4; ++j)
          col[j] += wy * row[j];
      }
      const double sum = col[0] * t.wx[0] + col[1] * t.wx[1] + col[2] * t.wx[2] + col[3] * t.wx[3];
      out[k] = sum;
    }
  } else {
    for (size_t k = 0; k < count; ++k) {
      const LinearTap& t = linear_taps_[k];
      if (t.base < 0) {
        out[k] = 0.0;
        continue;
      }
      const double* b = p + t.base;
      const double ux = 1.0 - t.tx;
      out[k] =
          (1.0 - t.ty) * (ux * b[0] + t.tx * b[1]) + t.ty * (ux * b[stride] + t.tx * b[stride + 1]);
    }
  }
}

std::vector<double> rotate_image(const double* image, int size, double angle_deg, int order) {
  SplineCoefficients coefficients(size, order);
  coefficients.compute(image);
  ImageRotation rotation(size, angle_deg, order);
  std::vector<double> out(rotation.count());
  rotation.apply(coefficients, out.data());
  return out;
}

} // namespace gridtheory
