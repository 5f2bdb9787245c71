// The FFT wrapper's conventions (unnormalised forward DFT, half spectrum, [row][col] = [y][x])
// and the gridded transform of a tuning curve against the closed forms of theory/spectrum.
#include "numerics/fft2.hpp"
#include "numerics/tuning_transform.hpp"
#include "tests/theory/text_values.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"
#include "theory/spectrum.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <initializer_list>
#include <numbers>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kPi = std::numbers::pi;

Approx abs_tol(double x, double m) {
  return Approx(x).epsilon(0.0).margin(m);
}

// A field f[y][x] = g(y, x) on an n x n grid, row-major with rows = y.
template <class G> std::vector<double> field(int n, G g) {
  std::vector<double> f(static_cast<size_t>(n) * static_cast<size_t>(n));
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      f[static_cast<size_t>(y * n + x)] = g(y, x);
  return f;
}

std::vector<std::complex<double>> transform(RealFft2& fft, const std::vector<double>& f) {
  std::vector<std::complex<double>> out(static_cast<size_t>(fft.n()) *
                                        static_cast<size_t>(fft.half()));
  fft.forward(f.data(), out.data());
  return out;
}

// Largest |out| over all bins except the listed (ky, kx) ones.
double largest_other(const RealFft2& fft, const std::vector<std::complex<double>>& out,
                     std::initializer_list<std::pair<int, int>> except) {
  double m = 0.0;
  for (int ky = 0; ky < fft.n(); ++ky)
    for (int kx = 0; kx < fft.half(); ++kx) {
      bool skip = false;
      for (const auto& [ey, ex] : except)
        skip = skip || (ky == ey && kx == ex);
      if (!skip) m = std::max(m, std::abs(out[static_cast<size_t>(ky * fft.half() + kx)]));
    }
  return m;
}

std::complex<double> bin(const RealFft2& fft, const std::vector<std::complex<double>>& out, int ky,
                         int kx) {
  return out[static_cast<size_t>(ky * fft.half() + kx)];
}

} // namespace

TEST_CASE("RealFft2 sizes and bad sizes", "[fft]") {
  RealFft2 fft(8);
  CHECK(fft.n() == 8);
  CHECK(fft.half() == 5);
  RealFft2 odd(7);
  CHECK(odd.half() == 4);
  CHECK_THROWS_AS(RealFft2(1), InternalError);
  CHECK_THROWS_AS(RealFft2(0), InternalError);
}

TEST_CASE("RealFft2 is the unnormalised forward DFT", "[fft]") {
  const int n = 16;
  RealFft2 fft(n);
  const double nn = static_cast<double>(n * n);

  SECTION("a constant field puts n*n*c in bin 0 and nothing elsewhere") {
    const double c = 0.75;
    const auto out = transform(fft, field(n, [&](int, int) { return c; }));
    CHECK(bin(fft, out, 0, 0).real() == abs_tol(nn * c, 1e-12));
    CHECK(bin(fft, out, 0, 0).imag() == abs_tol(0.0, 1e-12));
    CHECK(largest_other(fft, out, {{0, 0}}) < 1e-12);
  }
  SECTION("a cosine along x (columns) lands at ky = 0, kx = 3 with weight n*n/2") {
    const auto out =
        transform(fft, field(n, [&](int, int x) { return std::cos(2 * kPi * 3 * x / n); }));
    CHECK(bin(fft, out, 0, 3).real() == abs_tol(nn / 2, 1e-10));
    CHECK(bin(fft, out, 0, 3).imag() == abs_tol(0.0, 1e-10));
    CHECK(largest_other(fft, out, {{0, 3}}) < 1e-10);
  }
  SECTION("a cosine along y (rows) lands at kx = 0, ky = 3 and ky = n - 3") {
    const auto out =
        transform(fft, field(n, [&](int y, int) { return std::cos(2 * kPi * 3 * y / n); }));
    CHECK(bin(fft, out, 3, 0).real() == abs_tol(nn / 2, 1e-10));
    CHECK(bin(fft, out, n - 3, 0).real() == abs_tol(nn / 2, 1e-10));
    CHECK(std::abs(bin(fft, out, 0, 3)) < 1e-10);
    CHECK(largest_other(fft, out, {{3, 0}, {n - 3, 0}}) < 1e-10);
  }
  SECTION("a sine picks up the e^{-i...} sign: -i n*n/2 at +kx") {
    const auto out =
        transform(fft, field(n, [&](int, int x) { return std::sin(2 * kPi * 2 * x / n); }));
    CHECK(bin(fft, out, 0, 2).real() == abs_tol(0.0, 1e-10));
    CHECK(bin(fft, out, 0, 2).imag() == abs_tol(-nn / 2, 1e-10));
  }
  SECTION("an arbitrary field matches the direct DFT sum, and the input is left alone") {
    const auto f =
        field(n, [&](int y, int x) { return std::sin(0.37 * x * x + 1.3 * y) + 0.1 * y; });
    const auto copy = f;
    const auto out = transform(fft, f);
    CHECK(f == copy);
    for (const auto& [ky, kx] :
         {std::pair{0, 0}, std::pair{1, 2}, std::pair{5, 8}, std::pair{13, 4}}) {
      std::complex<double> direct = 0.0;
      for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
          direct += f[static_cast<size_t>(y * n + x)] *
                    std::polar(1.0, -2.0 * kPi * static_cast<double>(ky * y + kx * x) / n);
      INFO("ky " << ky << " kx " << kx);
      CHECK(std::abs(bin(fft, out, ky, kx) - direct) < 1e-10);
    }
  }
}

TEST_CASE("signed_frequency: 0..n/2 then -(n/2-1)..-1", "[fft]") {
  const int expected8[] = {0, 1, 2, 3, 4, -3, -2, -1};
  for (int i = 0; i < 8; ++i)
    CHECK(signed_frequency(i, 8) == expected8[i]);
  const int expected5[] = {0, 1, 2, -2, -1};
  for (int i = 0; i < 5; ++i)
    CHECK(signed_frequency(i, 5) == expected5[i]);
}

TEST_CASE("gridded transform of tuning curves matches the closed forms", "[fft][tuning]") {
  // 8 m box, n = 256: h = 3.1 cm resolves sigma = 12 cm, and periodic images of a 24 cm
  // surround are e^-500 away, so the DFT equals the continuous transform at k = 2 pi m / 8.
  const double extent = 8.0;
  const int n = 256;
  struct Case {
    const char* family;
    std::optional<std::string> ratio;
  };
  const Case cases[] = {
      {"dos", "2"}, {"gaussian", std::nullopt}, {"true-dog", "2"}, {"dog", "1.5"}, {"sod", "2"}};
  for (const Case& c : cases) {
    INFO(c.family);
    EncodingOptions spec;
    spec.family = family_from_name(c.family).value();
    spec.sigma_m = Distribution::fixed(0.12);
    spec.surround_ratio = test::distribution_of(c.ratio);
    const Encoding enc = make_encoding(spec);
    const double s = enc.mean_surround_ratio();
    const auto points = gridded_transform_along_kx(enc, 0.12, s, extent, n);
    REQUIRE(points.size() == static_cast<size_t>(n / 2 + 1));
    for (size_t m = 0; m < points.size(); ++m) {
      INFO("m " << m);
      CHECK(points[m].k_per_m ==
            Approx(2.0 * kPi * static_cast<double>(m) / extent).epsilon(1e-15));
      CHECK(points[m].amplitude ==
            abs_tol(fourier_amplitude(enc, points[m].k_per_m, 0.12, s), 1e-6));
    }
  }
}

TEST_CASE("RealFft2::inverse undoes forward up to the factor n*n") {
  for (int n : {6, 7, 16}) {
    gridtheory::RealFft2 fft(n);
    std::vector<double> f(static_cast<size_t>(n * n)), back(f.size());
    for (size_t i = 0; i < f.size(); ++i)
      f[i] = std::sin(0.37 * static_cast<double>(i)) + 0.1;
    std::vector<std::complex<double>> spec(static_cast<size_t>(n * fft.half()));
    fft.forward(f.data(), spec.data());
    fft.inverse(spec.data(), back.data());
    for (size_t i = 0; i < f.size(); ++i)
      CHECK(back[i] / (n * n) == Approx(f[i]).margin(1e-12));
  }
}
