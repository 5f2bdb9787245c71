// The pattern-forming dynamics: the FFT convolution against the direct circular sum, the
// update rules against a direct re-implementation of the peer (numpy_pattern_formation.py),
// the patterns that form (one shell, the dos ring, orthonormal Sanger maps), determinism
// across thread counts, overflow, and the validation of every input.
#include "numerics/fft2.hpp"
#include "numerics/pattern_dynamics.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"
#include "theory/spectrum.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstddef>
#include <functional>
#include <numbers>
#include <random>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kPi = std::numbers::pi;

size_t idx(int a, int b, int n) {
  return static_cast<size_t>(a) * static_cast<size_t>(n) + static_cast<size_t>(b);
}

// The eigenvalue of DFT bin (ky, kx), any kx in [0, n), from the half spectrum (sigma even).
double full_sigma(const std::vector<double>& sigma_hat, int n, int ky, int kx) {
  const int half = n / 2 + 1;
  if (kx < half) return sigma_hat[idx(ky, kx, half)];
  return sigma_hat[idx((n - ky) % n, n - kx, half)];
}

// A random non-negative, even (sigma(k) = sigma(-k)) but not isotropic spectrum.
std::vector<double> random_even_spectrum(int n, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> full(idx(n, 0, n));
  for (double& v : full)
    v = u(gen);
  const int half = n / 2 + 1;
  std::vector<double> out(idx(n, 0, half));
  for (int ky = 0; ky < n; ++ky)
    for (int kx = 0; kx < half; ++kx)
      out[idx(ky, kx, half)] =
          0.5 * (full[idx(ky, kx, n)] + full[idx((n - ky) % n, (n - kx) % n, n)]);
  return out;
}

// The real-space kernel c[dy][dx] = (1/n^2) sum_k sigma(k) cos(2 pi k.d / n), by direct sums.
std::vector<double> kernel(const std::vector<double>& sigma_hat, int n) {
  std::vector<double> c(idx(n, 0, n), 0.0);
  for (int dy = 0; dy < n; ++dy)
    for (int dx = 0; dx < n; ++dx) {
      double sum = 0.0;
      for (int ky = 0; ky < n; ++ky)
        for (int kx = 0; kx < n; ++kx)
          sum += full_sigma(sigma_hat, n, ky, kx) *
                 std::cos(2.0 * kPi * static_cast<double>((ky * dy + kx * dx) % n) / n);
      c[idx(dy, dx, n)] = sum / (n * n);
    }
  return c;
}

// (Sigma g)[y][x] = sum_{y', x'} c[y - y'][x - x'] g[y'][x'], indices mod n: O(n^4).
std::vector<double> direct_conv(const std::vector<double>& c, const double* g, int n) {
  std::vector<double> out(idx(n, 0, n), 0.0);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      double sum = 0.0;
      for (int yy = 0; yy < n; ++yy)
        for (int xx = 0; xx < n; ++xx)
          sum += c[idx((y - yy + n) % n, (x - xx + n) % n, n)] * g[idx(yy, xx, n)];
      out[idx(y, x, n)] = sum;
    }
  return out;
}

double max_abs(const std::vector<double>& v) {
  double m = 0.0;
  for (double x : v)
    m = std::max(m, std::abs(x));
  return m;
}

double max_rel_diff(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double d = 0.0;
  for (size_t i = 0; i < a.size(); ++i)
    d = std::max(d, std::abs(a[i] - b[i]));
  return d / std::max(max_abs(b), 1e-300);
}

// Power of one map per DFT bin of the half spectrum, with the weight of the bins it stands for
// (2 for 0 < kx < n/2, else 1), and the |k| (rad/m) of each bin.
struct MapSpectrum {
  std::vector<double> power;
  std::vector<double> k_per_m;
};
MapSpectrum map_spectrum(const double* map, int n, double box_m) {
  RealFft2 fft(n);
  const int half = fft.half();
  std::vector<std::complex<double>> out(idx(n, 0, half));
  fft.forward(map, out.data());
  MapSpectrum s;
  for (int ky = 0; ky < n; ++ky)
    for (int kx = 0; kx < half; ++kx) {
      const double weight = (kx == 0 || 2 * kx == n) ? 1.0 : 2.0;
      s.power.push_back(weight * std::norm(out[idx(ky, kx, half)]));
      s.k_per_m.push_back(2.0 * kPi / box_m * std::hypot(signed_frequency(ky, n), kx));
    }
  return s;
}

// Isotropic unit-peak spectra of the test kernels.
std::vector<double> gaussian_spectrum(int n, double box_m, double sigma_m) {
  return isotropic_kernel_spectrum(n, box_m,
                                   [&](double k) { return std::exp(-sigma_m * sigma_m * k * k); });
}
std::vector<double> dos_spectrum(int n, double box_m) {
  const Encoding enc = make_encoding(EncodingOptions{});
  return isotropic_kernel_spectrum(n, box_m, [&](double k) { return power(enc, k); });
}

PatternOptions small(int res, int maps, int steps) {
  PatternOptions o;
  o.res = res;
  o.maps = maps;
  o.steps = steps;
  return o;
}

} // namespace

TEST_CASE("isotropic_kernel_spectrum samples power(|k|) on the box's DFT lattice", "[pattern]") {
  const int n = 10;
  const double box = 2.0;
  const auto quadratic = [](double k) { return 1.0 + k * k; };
  const auto raw = isotropic_kernel_spectrum(n, box, quadratic, KernelScale::as_given);
  REQUIRE(raw.size() == static_cast<size_t>(n * (n / 2 + 1)));
  const double dk = 2 * kPi / box;
  // bin (ky, kx) has k = dk * (signed ky, kx); row 7 of 10 is frequency -3
  CHECK(raw[idx(0, 0, 6)] == Approx(1.0).epsilon(1e-14));
  CHECK(raw[idx(0, 2, 6)] == Approx(1.0 + 4 * dk * dk).epsilon(1e-14));
  CHECK(raw[idx(7, 1, 6)] == Approx(1.0 + 10 * dk * dk).epsilon(1e-14));
  CHECK(raw[idx(5, 5, 6)] == Approx(1.0 + 50 * dk * dk).epsilon(1e-14)); // Nyquist corner

  const auto unit = isotropic_kernel_spectrum(n, box, quadratic);
  CHECK(*std::max_element(unit.begin(), unit.end()) == 1.0);
  CHECK(unit[idx(7, 1, 6)] == Approx(raw[idx(7, 1, 6)] / raw[idx(5, 5, 6)]).epsilon(1e-14));

  SECTION("the dos spectrum has its largest eigenvalue on the lattice shell nearest k*") {
    const auto dos = dos_spectrum(32, 2.2);
    const size_t top = static_cast<size_t>(std::max_element(dos.begin(), dos.end()) - dos.begin());
    const int ky = signed_frequency(static_cast<int>(top) / 17, 32);
    const int kx = static_cast<int>(top) % 17;
    CHECK(ky * ky + kx * kx == 8);              // |k| = 2.856 * sqrt(8) = 8.08 rad/m, k* = 8.011
    CHECK(dos[0] == Approx(0.0).margin(1e-12)); // a unit-mass DoG has no DC power
  }
  SECTION("bad input") {
    CHECK_THROWS_AS(isotropic_kernel_spectrum(3, box, quadratic), UserError);
    CHECK_THROWS_AS(isotropic_kernel_spectrum(n, 0.0, quadratic), UserError);
    CHECK_THROWS_AS(isotropic_kernel_spectrum(n, -1.0, quadratic), UserError);
    CHECK_THROWS_AS(isotropic_kernel_spectrum(n, box, [](double) { return -1.0; }), InternalError);
    CHECK_THROWS_AS(isotropic_kernel_spectrum(n, box, [](double) { return NAN; }), InternalError);
    CHECK_THROWS_AS(isotropic_kernel_spectrum(n, box, [](double) { return 0.0; }), InternalError);
    CHECK_NOTHROW(isotropic_kernel_spectrum(
        n, box, [](double) { return 0.0; }, KernelScale::as_given));
  }
}

TEST_CASE("the FFT convolution equals the direct circular convolution", "[pattern]") {
  // lr = 1, linear, unnormalised, one step: g1 = Sigma g0. Sizes cover every radix (4, 2, 3,
  // 5, 7, 11, 13), the generic one (17, 19 x 2), and one to three passes (4; 10; 24, 30);
  // 11 maps leave pad maps in the second group.
  for (const int n : {4, 6, 9, 10, 12, 14, 17, 22, 24, 26, 30, 38}) {
    INFO("n = " << n);
    const auto sigma_hat = random_even_spectrum(n, static_cast<unsigned>(n));
    PatternOptions o = small(n, 11, 1);
    o.lr = 1.0;
    o.activation = Activation::linear;
    o.normalise = false;
    o.init_scale = 1.0;
    o.threads = 2;
    const auto init = initial_maps(o);
    const PatternResult r = run_pattern_dynamics(sigma_hat, o);
    REQUIRE(r.maps == 11);
    REQUIRE(r.res == n);
    const auto c = kernel(sigma_hat, n);
    for (int m = 0; m < o.maps; ++m) {
      const auto expected = direct_conv(c, init.data() + idx(m, 0, n * n), n);
      const auto span = r.map(m);
      const std::vector<double> got(span.begin(), span.end());
      INFO("map " << m);
      CHECK(max_rel_diff(got, expected) < 1e-12);
    }
  }
}

TEST_CASE("normalise = false reproduces the peer's update rules step by step", "[pattern]") {
  const int n = 10;
  const double box = 2.2;
  SECTION("single maps: g <- relu(g + lr (-g + Sigma g)), the peer's kernel scale") {
    auto sigma_hat = dos_spectrum(n, box);
    for (double& v : sigma_hat)
      v *= 40.0; // grows, like the peer's (peak ~67)
    PatternOptions o = small(n, 5, 1);
    o.lr = 5e-3;
    o.normalise = false;
    std::vector<double> g = initial_maps(o);
    const auto c = kernel(sigma_hat, n);
    for (int step = 1; step <= 8; ++step) {
      for (int m = 0; m < o.maps; ++m) {
        double* gm = g.data() + idx(m, 0, n * n);
        const auto conv = direct_conv(c, gm, n);
        for (size_t p = 0; p < conv.size(); ++p)
          gm[p] = std::max(gm[p] + o.lr * (-gm[p] + conv[p]), 0.0);
      }
      o.steps = step;
      const PatternResult r = run_pattern_dynamics(sigma_hat, o);
      INFO("step " << step);
      CHECK(max_rel_diff(r.maps_data, g) < 1e-12);
    }
  }
  SECTION("multi maps: G <- G + lr (H - oja + relu(r G)), oja_j = sum_{i>=j} (g_i.h_j) g_i") {
    auto sigma_hat = gaussian_spectrum(n, box, 0.12);
    for (double& v : sigma_hat)
      v *= 54.5; // the peer's Gaussian kernel peaks at 54.5
    PatternOptions o = small(n, 6, 1);
    o.multi = true;
    o.lr = 8e-3;
    o.gain = 30.0;
    o.init_scale = 0.05; // O(1) maps after a few steps, so the Oja term matters
    const size_t positions = static_cast<size_t>(n * n);
    std::vector<double> g = initial_maps(o);
    const auto c = kernel(sigma_hat, n);
    for (int step = 1; step <= 6; ++step) {
      std::vector<double> h(g.size());
      for (int m = 0; m < o.maps; ++m) {
        const auto conv = direct_conv(c, g.data() + idx(m, 0, n * n), n);
        std::copy(conv.begin(), conv.end(), h.begin() + static_cast<std::ptrdiff_t>(m * positions));
      }
      std::vector<double> next = g;
      for (int j = 0; j < o.maps; ++j)
        for (size_t p = 0; p < positions; ++p) {
          double oja = 0.0;
          for (int i = j; i < o.maps; ++i) {
            double gh = 0.0; // (G H^T)[i][j]
            for (size_t q = 0; q < positions; ++q)
              gh += g[i * positions + q] * h[j * positions + q];
            oja += gh * g[i * positions + p];
          }
          const double gj = g[j * positions + p];
          next[j * positions + p] =
              gj + o.lr * (h[j * positions + p] - oja + std::max(o.gain * gj, 0.0));
        }
      g = next;
      o.steps = step;
      const PatternResult r = run_pattern_dynamics(sigma_hat, o);
      INFO("step " << step);
      CHECK(max_rel_diff(r.maps_data, g) < 1e-12);
    }
  }
}

TEST_CASE("normalising relu maps rescales the reference trajectory and changes no pattern",
          "[pattern]") {
  const int n = 12;
  auto sigma_hat = dos_spectrum(n, 2.2);
  for (double& v : sigma_hat)
    v *= 40.0;
  PatternOptions o = small(n, 4, 60);
  o.lr = 0.05; // grows by ~1.6x per step: 60 steps span ~1e20 in amplitude
  o.normalise = false;
  const PatternResult raw = run_pattern_dynamics(sigma_hat, o);
  o.normalise = true;
  const PatternResult normalised = run_pattern_dynamics(sigma_hat, o);
  REQUIRE(raw.finite);
  for (int m = 0; m < o.maps; ++m) {
    const auto a = raw.map(m);
    const auto b = normalised.map(m);
    std::vector<double> a_unit(a.begin(), a.end()), b_unit(b.begin(), b.end());
    const double na = max_abs(a_unit), nb = max_abs(b_unit);
    REQUIRE(na > 1e10); // far from the initial 1e-8
    REQUIRE(nb < 10.0);
    for (double& v : a_unit)
      v /= na;
    for (double& v : b_unit)
      v /= nb;
    INFO("map " << m);
    CHECK(max_rel_diff(b_unit, a_unit) < 1e-11);
  }
}

TEST_CASE("linear single maps converge to the kernel's top shell", "[pattern]") {
  // Eigenvalue 1 on the shell |f|^2 = 5 (8 wavevectors), 0.5 everywhere else.
  const int n = 16;
  const double box = 2.0;
  const double dk = 2 * kPi / box;
  const auto sigma_hat = isotropic_kernel_spectrum(
      n, box, [&](double k) { return std::abs(k * k / (dk * dk) - 5.0) < 1e-6 ? 1.0 : 0.5; },
      KernelScale::as_given);
  PatternOptions o = small(n, 3, 100);
  o.activation = Activation::linear;
  o.lr = 0.5; // off-shell modes shrink by 0.75 per step relative to the shell
  const PatternResult r = run_pattern_dynamics(sigma_hat, o);
  for (int m = 0; m < o.maps; ++m) {
    const MapSpectrum s = map_spectrum(r.map(m).data(), n, box);
    double on = 0.0, total = 0.0;
    for (size_t i = 0; i < s.power.size(); ++i) {
      total += s.power[i];
      if (std::abs(s.k_per_m[i] - std::sqrt(5.0) * dk) < 1e-9) on += s.power[i];
    }
    INFO("map " << m);
    CHECK(on / total > 0.99);
  }
}

TEST_CASE("relu single maps on the dos kernel form the ring at k* = 8.011 rad/m", "[pattern]") {
  const int n = 36;
  const double box = 2.2;
  const double k_star = 8.011;
  const double dk = 2 * kPi / box;
  PatternOptions o = small(n, 4, 400);
  o.lr = 0.5;
  o.threads = 2;
  const PatternResult r = run_pattern_dynamics(dos_spectrum(n, box), o);
  REQUIRE(r.finite);
  for (int m = 0; m < o.maps; ++m) {
    const MapSpectrum s = map_spectrum(r.map(m).data(), n, box);
    size_t best = 1;
    double near = 0.0, total = 0.0;
    for (size_t i = 1; i < s.power.size(); ++i) { // bin 0 is the DC term (relu makes it large)
      if (s.power[i] > s.power[best]) best = i;
      total += s.power[i];
      if (std::abs(s.k_per_m[i] - k_star) < dk) near += s.power[i];
    }
    INFO("map " << m << ": dominant |k| " << s.k_per_m[best] << " rad/m, share near k* "
                << near / total);
    CHECK(std::abs(s.k_per_m[best] - k_star) < dk);
    CHECK(near / total > 0.7);
  }
}

TEST_CASE("multi maps with the Sanger term become orthonormal", "[pattern]") {
  // gain 0 and a linear f: the rule is Sanger's, whose fixed point is G^T G = I (sums over
  // positions), the leading eigenvectors of Sigma.
  const int n = 12;
  PatternOptions o = small(n, 6, 1500);
  o.multi = true;
  o.activation = Activation::linear;
  o.gain = 0.0;
  o.lr = 0.3;
  o.init_scale = 1e-3;
  o.threads = 2;
  const PatternResult r = run_pattern_dynamics(gaussian_spectrum(n, 2.2, 0.12), o);
  REQUIRE(r.finite);
  const size_t positions = static_cast<size_t>(n * n);
  for (int i = 0; i < o.maps; ++i)
    for (int j = 0; j < o.maps; ++j) {
      double dot = 0.0;
      for (size_t p = 0; p < positions; ++p)
        dot += r.maps_data[i * positions + p] * r.maps_data[j * positions + p];
      INFO("maps " << i << ", " << j);
      CHECK(dot == Approx(i == j ? 1.0 : 0.0).margin(1e-6));
    }
}

TEST_CASE("the same seed gives the same bits for any thread count", "[pattern]") {
  const int n = 15;
  const auto sigma_hat = dos_spectrum(n, 2.2);
  for (const bool multi : {false, true}) {
    INFO("multi " << multi);
    PatternOptions o = small(n, 13, 30);
    o.multi = multi;
    o.lr = multi ? 0.05 : 0.2;
    o.init_scale = 0.1;
    o.seed = 7;
    const PatternResult one = run_pattern_dynamics(sigma_hat, o);
    const PatternResult again = run_pattern_dynamics(sigma_hat, o);
    CHECK(one.maps_data == again.maps_data);
    for (const int threads : {2, 3, 5}) {
      o.threads = threads;
      INFO("threads " << threads);
      CHECK(run_pattern_dynamics(sigma_hat, o).maps_data == one.maps_data);
    }
    o.seed = 8;
    CHECK(run_pattern_dynamics(sigma_hat, o).maps_data != one.maps_data);
  }
}

TEST_CASE("initial maps: init_scale * N(0, 1) from the seed", "[pattern]") {
  PatternOptions o = small(20, 25, 0);
  o.init_scale = 2.0;
  const auto a = initial_maps(o);
  REQUIRE(a.size() == 25u * 400u);
  double mean = 0.0, sq = 0.0;
  for (double v : a) {
    mean += v;
    sq += v * v;
  }
  mean /= static_cast<double>(a.size());
  sq /= static_cast<double>(a.size());
  CHECK(mean == Approx(0.0).margin(0.05));
  CHECK(std::sqrt(sq - mean * mean) == Approx(2.0).epsilon(0.02));
  CHECK(initial_maps(o) == a);
  // zero steps return the initial maps
  CHECK(run_pattern_dynamics(dos_spectrum(20, 2.2), o).maps_data == a);
}

TEST_CASE("overflow: the reference grows without bound, the normalised maps do not", "[pattern]") {
  // The peer's single-map configuration: top eigenvalue 66.8, lr 5e-3. Its relu maps grow by
  // ~1.2 per step (to ~1e75 after its 1000 steps) and leave double precision after ~3800.
  const int n = 8;
  auto sigma_hat = dos_spectrum(n, 2.2);
  for (double& v : sigma_hat)
    v *= 66.8;
  PatternOptions o = small(n, 2, 5000);
  o.lr = 5e-3;
  o.normalise = false;
  CHECK_FALSE(run_pattern_dynamics(sigma_hat, o).finite);
  o.normalise = true;
  const PatternResult r = run_pattern_dynamics(sigma_hat, o);
  CHECK(r.finite);
  CHECK(max_abs(r.maps_data) < 20.0);
  CHECK(max_abs(r.maps_data) > 0.1);

  SECTION("the peer's multi rule stays finite over 5000 steps") {
    auto gauss = gaussian_spectrum(n, 2.2, 0.12);
    for (double& v : gauss)
      v *= 54.5;
    PatternOptions m = PatternOptions::peer_multi();
    m.res = n;
    m.maps = 8;
    const PatternResult multi = run_pattern_dynamics(gauss, m);
    CHECK(multi.finite);
    CHECK(max_abs(multi.maps_data) < 10.0);
  }
}

TEST_CASE("tanh and sigmoid maps stay in their activation's range", "[pattern]") {
  const int n = 16;
  const auto sigma_hat = dos_spectrum(n, 2.2);
  const auto spread = [](const PatternResult& r) {
    double mean = 0.0, sq = 0.0;
    for (double v : r.maps_data) {
      mean += v;
      sq += v * v;
    }
    mean /= static_cast<double>(r.maps_data.size());
    sq /= static_cast<double>(r.maps_data.size());
    return std::sqrt(std::max(sq - mean * mean, 0.0));
  };
  for (const Activation a : {Activation::tanh, Activation::sigmoid}) {
    INFO(activation_name(a));
    PatternOptions o = small(n, 3, 200);
    o.activation = a;
    o.lr = a == Activation::tanh ? 0.3 : 1.0;
    const PatternResult r = run_pattern_dynamics(sigma_hat, o);
    REQUIRE(r.finite);
    const double lo = a == Activation::tanh ? -1.0 : 0.0;
    for (double v : r.maps_data) {
      REQUIRE(v > lo);
      REQUIRE(v < 1.0);
    }
    // normalised every step, the maps keep an O(1) pattern
    CHECK(spread(r) > 0.1);
  }
  SECTION("sigmoid with lr < 1: the leak carries the baseline 1/2 and the pattern dies out") {
    // u = (1 - lr) g + lr Sigma g keeps (1 - lr) of sigmoid's baseline; rescaled to unit RMS,
    // u sits where sigmoid's slope (<= 1/4) shrinks the pattern faster than the kernel grows it,
    // so the map becomes uniform (header comment). lr = 1 removes the baseline (Sigma has no
    // DC term here) and keeps the pattern, as above.
    PatternOptions o = small(n, 3, 200);
    o.activation = Activation::sigmoid;
    o.lr = 0.3;
    CHECK(spread(run_pattern_dynamics(sigma_hat, o)) < 1e-6);
  }
}

TEST_CASE("bad options and inputs", "[pattern]") {
  const auto sigma_hat = dos_spectrum(10, 2.2);
  const PatternOptions good = small(10, 4, 3);
  CHECK_NOTHROW(run_pattern_dynamics(sigma_hat, good));

  const auto user_error_names = [&](const PatternOptions& o, const std::string& option) {
    try {
      validate_pattern_options(o);
    } catch (const UserError& e) {
      return e.option() == option;
    }
    return false;
  };
  PatternOptions o = good;
  o.res = 3;
  CHECK(user_error_names(o, param("res")));
  o = good;
  o.maps = 0;
  CHECK(user_error_names(o, param("maps")));
  o = good;
  o.multi = true;
  o.maps = 101; // more maps than the 100 positions
  CHECK(user_error_names(o, param("maps")));
  o = good;
  o.steps = -1;
  CHECK(user_error_names(o, param("steps")));
  o = good;
  o.threads = 0;
  CHECK(user_error_names(o, param("threads")));
  for (const double lr : {0.0, -0.1, 1.5, std::nan("")}) {
    o = good;
    o.lr = lr;
    CHECK(user_error_names(o, param("lr")));
  }
  o = good;
  o.gain = -1.0;
  CHECK(user_error_names(o, param("gain")));
  o = good;
  o.init_scale = 0.0;
  CHECK(user_error_names(o, param("init_scale")));
  o = good;
  o.res = 3;
  CHECK_THROWS_AS(run_pattern_dynamics(sigma_hat, o), UserError);
  CHECK_THROWS_AS(initial_maps(o), UserError);

  SECTION("a sigma_hat of the wrong size, negative, not finite or not even") {
    CHECK_THROWS_AS(run_pattern_dynamics(dos_spectrum(12, 2.2), good), InternalError);
    auto bad = sigma_hat;
    bad[7] = -1.0;
    CHECK_THROWS_AS(run_pattern_dynamics(bad, good), InternalError);
    bad = sigma_hat;
    bad[7] = INFINITY;
    CHECK_THROWS_AS(run_pattern_dynamics(bad, good), InternalError);
    bad = sigma_hat;
    bad[idx(1, 0, 6)] += 0.5; // sigma(1, 0) != sigma(-1, 0)
    CHECK_THROWS_AS(run_pattern_dynamics(bad, good), InternalError);
    bad = sigma_hat;
    bad[idx(2, 5, 6)] += 0.5; // the Nyquist column of an even n
    CHECK_THROWS_AS(run_pattern_dynamics(bad, good), InternalError);
  }
  SECTION("initial maps of the wrong size or not finite") {
    std::vector<double> init(4 * 100 - 1, 0.0);
    CHECK_THROWS_AS(run_pattern_dynamics(sigma_hat, good, init), InternalError);
    init.assign(4 * 100, 0.0);
    CHECK_NOTHROW(run_pattern_dynamics(sigma_hat, good, init));
    init[5] = NAN;
    CHECK_THROWS_AS(run_pattern_dynamics(sigma_hat, good, init), InternalError);
  }
  SECTION("map() checks its index") {
    const PatternResult r = run_pattern_dynamics(sigma_hat, good);
    CHECK(r.map(3).size() == 100u);
    CHECK_THROWS_AS(r.map(4), InternalError);
    CHECK_THROWS_AS(r.map(-1), InternalError);
  }
}
