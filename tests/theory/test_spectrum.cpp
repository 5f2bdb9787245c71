// Closed-form spectra against direct quadrature, the peak k* against brute force and the
// reference numbers (docs/CONVENTIONS.md, "The theory's reference numbers"), and the averages
// over width distributions (theory/README.md sections 2-4 and 8).
#include "tests/theory/text_values.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/bessel.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kPi = std::numbers::pi;
using GK61 = boost::math::quadrature::gauss_kronrod<double, 61>;

// Approx with only a relative or only an absolute tolerance (Catch's default epsilon is 1e-5).
Approx rel(double x, double e) {
  return Approx(x).epsilon(e).margin(0.0);
}
Approx abs_tol(double x, double m) {
  return Approx(x).epsilon(0.0).margin(m);
}

struct Options {
  std::optional<std::string> sigma;
  std::optional<std::string> ratio;
  std::optional<std::string> variance_ratio;
  std::optional<std::string> alpha_e;
  std::optional<std::string> alpha_i;
};

// The typed options from the values' own text forms (theory/distribution.hpp); make_encoding
// checks their ranges.
Encoding make(const std::string& family, const Options& o) {
  EncodingOptions spec;
  spec.family = family_from_name(family).value();
  spec.sigma_m = test::distribution_of(o.sigma);
  spec.surround_ratio = test::distribution_of(o.ratio);
  spec.surround_variance_ratio = test::distribution_of(o.variance_ratio);
  spec.alpha_e = test::number_of(o.alpha_e);
  spec.alpha_i = test::number_of(o.alpha_i);
  return make_encoding(spec);
}

// A family at fixed sigma and surround ratio; general-dog with alpha_E 1.3, alpha_I 0.4.
Encoding fixed_encoding(const std::string& family, const std::string& sigma,
                        const std::string& ratio) {
  Options o;
  o.sigma = sigma;
  if (family != "gaussian") o.ratio = ratio;
  if (family == "general-dog") {
    o.alpha_e = "1.3";
    o.alpha_i = "0.4";
  }
  return make(family, o);
}

// 2 pi * integral_0^R p(r) J0(k r) r dr on 64 equal panels, each by a 61-point Gauss-Kronrod
// rule; `error` receives the summed Kronrod error estimate.
double hankel_transform(const Encoding& enc, double k, double sigma, double s, double r_max,
                        double& error) {
  const auto f = [&](double r) {
    return tuning_curve(enc, r, sigma, s) * boost::math::cyl_bessel_j(0, k * r) * r;
  };
  constexpr int panels = 64;
  double sum = 0.0;
  error = 0.0;
  for (int i = 0; i < panels; ++i) {
    double e = 0.0;
    sum += GK61::integrate(f, r_max * i / panels, r_max * (i + 1) / panels, 0, 0.0, &e);
    error += e;
  }
  error *= 2.0 * kPi;
  return 2.0 * kPi * sum;
}

// Every interior local maximum of power on k_i = i k_max / n, i = 1..n; the largest one's k.
std::optional<double> brute_force_peak(const Encoding& enc, double k_max, int n) {
  std::vector<double> p(static_cast<size_t>(n) + 1);
  for (int i = 1; i <= n; ++i)
    p[static_cast<size_t>(i)] = power(enc, k_max * i / n);
  std::optional<int> best;
  for (int i = 2; i < n; ++i) {
    const auto u = static_cast<size_t>(i);
    if (p[u] > p[u - 1] && p[u] >= p[u + 1] && (!best || p[u] > p[static_cast<size_t>(*best)]))
      best = i;
  }
  if (!best) return std::nullopt;
  return k_max * *best / n;
}

// Uniform average of f over [lo, hi], adaptive 61-point Gauss-Kronrod to 1e-12.
template <class F> double uniform_average(F f, double lo, double hi) {
  return GK61::integrate(f, lo, hi, 15, 1e-12) / (hi - lo);
}

} // namespace

TEST_CASE("fourier_amplitude equals the Hankel transform of tuning_curve", "[spectrum][closed]") {
  // The closed forms of theory/README.md section 4 are the 2-D transforms
  // p~(k) = 2 pi integral p(r) J0(k r) r dr of the tuning curves, in the code's normalisation.
  const char* const families[] = {"gaussian", "dos", "dog", "true-dog", "general-dog", "sod"};
  const char* const sigmas[] = {"0.12", "0.05"};
  const char* const ratios[] = {"2", "1.5"};
  const double ks[] = {0.0, 2.0, 5.0, 8.011, 15.0, 30.0};
  for (const char* family : families)
    for (const char* sigma_text : sigmas)
      for (const char* ratio_text : ratios) {
        const Encoding enc = fixed_encoding(family, sigma_text, ratio_text);
        const double sigma = enc.sigma_m.lo; // peak-amplitude encodings: sigma_ref = sigma
        const double s = enc.mean_surround_ratio();
        const double widest = std::max(
            s * sigma, enc.family == Family::sod ? sigma / std::sqrt(1.0 - 1.0 / (s * s)) : sigma);
        for (double k : ks) {
          INFO(family << " sigma " << sigma_text << " s " << s << " k " << k);
          double error = 0.0;
          const double reference = hankel_transform(enc, k, sigma, s, 12.0 * widest, error);
          REQUIRE(error < 1e-11);
          CHECK(fourier_amplitude(enc, k, sigma, s) ==
                Approx(reference).epsilon(1e-6).margin(1e-8));
        }
      }
}

TEST_CASE("closed forms at k = 0: unit mass, zero mass and the surround's area factor",
          "[spectrum][closed]") {
  const double sigma = 0.12, s = 2.0;
  CHECK(fourier_amplitude(fixed_encoding("gaussian", "0.12", "2"), 0.0, sigma, 1.0) == 1.0);
  CHECK(fourier_amplitude(fixed_encoding("sod", "0.12", "2"), 0.0, sigma, s) == 1.0);
  CHECK(fourier_amplitude(fixed_encoding("dog", "0.12", "2"), 0.0, sigma, s) == 0.0);
  CHECK(fourier_amplitude(fixed_encoding("dos", "0.12", "2"), 0.0, sigma, s) == 0.0);
  // Equal peak amplitudes: the surround has s^2 times the area, p~(0) = 1 - s^2.
  CHECK(fourier_amplitude(fixed_encoding("true-dog", "0.12", "2"), 0.0, sigma, s) ==
        rel(-3.0, 1e-14));
  SECTION("sod is the gaussian of width sigma / sqrt(1 - 1/s^2)") {
    const Encoding sod = fixed_encoding("sod", "0.12", "2");
    const Encoding gauss = fixed_encoding("gaussian", "0.12", "2");
    const double width = 0.12 / std::sqrt(0.75);
    CHECK(width == rel(0.1386, 1e-3));
    for (double k : {1.0, 5.0, 12.0})
      CHECK(fourier_amplitude(sod, k, sigma, s) ==
            rel(fourier_amplitude(gauss, k, width, 1.0), 1e-14));
  }
}

TEST_CASE("reference numbers: DoS at sigma 0.12 m in both surround conventions",
          "[spectrum][reference]") {
  Options nfl;
  nfl.sigma = "0.12";
  nfl.ratio = "2";
  const Encoding dos = make("dos", nfl);
  const auto k = closed_form_k_star(dos);
  REQUIRE(k.has_value());
  // docs/CONVENTIONS.md, "The theory's reference numbers": NFL surround ratio 2 (sigma_I 0.24 m).
  CHECK(*k == rel(8.011, 5e-4));
  CHECK(wavelength_m(*k) == rel(0.784, 2e-3));
  CHECK(grid_spacing_m(*k) == rel(0.906, 2e-3));
  // The 2-D formula k*^2 = 4 ln(s) / (sigma^2 (s^2 - 1)), not NFL's printed 1-D one.
  CHECK(*k == rel(std::sqrt(4.0 * std::log(2.0) / (0.12 * 0.12 * 3.0)), 1e-13));
  // Spacing is 2/sqrt(3) times the wavelength: the "magic 1.155".
  CHECK(grid_spacing_m(*k) / wavelength_m(*k) == rel(2.0 / std::sqrt(3.0), 1e-14));
  CHECK(lowest_box_mode_per_m(2.2, /*periodic=*/true) == rel(2.856, 2e-4));
  CHECK(lowest_box_mode_per_m(2.2, /*periodic=*/false) == rel(1.428, 2e-4)); // pi / L

  SECTION("dog has the same ring as dos") {
    const auto k_dog = closed_form_k_star(make("dog", nfl));
    REQUIRE(k_dog.has_value());
    CHECK(*k_dog == rel(*k, 1e-15));
    const auto ring_dos = find_ring(dos);
    const auto ring_dog = find_ring(make("dog", nfl));
    REQUIRE(ring_dos.has_value());
    REQUIRE(ring_dog.has_value());
    CHECK(ring_dos->closed_form);
    CHECK(ring_dos->k_star_per_m == *k);
    CHECK(ring_dog->k_star_per_m == rel(ring_dos->k_star_per_m, 1e-15));
  }
  SECTION("Sorscher's surround variance ratio 2 (sigma_I = 0.170 m)") {
    Options sorscher;
    sorscher.sigma = "0.12";
    sorscher.variance_ratio = "2";
    const auto ks = closed_form_k_star(make("dos", sorscher));
    REQUIRE(ks.has_value());
    CHECK(*ks == rel(9.812, 5e-4));
    CHECK(wavelength_m(*ks) == rel(0.640, 2e-3));
    CHECK(grid_spacing_m(*ks) == rel(0.739, 2e-3));
    // k*^2 = 2 ln(s') / (sigma^2 (s' - 1)).
    CHECK(*ks == rel(std::sqrt(2.0 * std::log(2.0) / (0.12 * 0.12)), 1e-13));
  }
  SECTION("the two conventions agree when s = sqrt(s')") {
    Options ratio;
    ratio.sigma = "0.12";
    ratio.ratio = "1.4142135623730951";
    Options variance;
    variance.sigma = "0.12";
    variance.variance_ratio = "2";
    const auto a = closed_form_k_star(make("dos", ratio));
    const auto b = closed_form_k_star(make("dos", variance));
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    CHECK(*a == rel(*b, 1e-12));
    CHECK(*a == rel(9.812, 5e-4));
    // ... and surround ratio 2 is not variance ratio 2.
    CHECK(std::abs(*k - *b) > 1.0);
  }
}

TEST_CASE("k* is the largest local maximum of a brute-force scan of the power",
          "[spectrum][ring]") {
  struct Case {
    const char* sigma;
    const char* ratio;
  };
  const Case cases[] = {{"0.12", "2"}, {"0.05", "1.5"}, {"0.3", "3"}};
  for (const char* family : {"dos", "dog", "true-dog", "general-dog"})
    for (const Case& c : cases) {
      INFO(family << " sigma " << c.sigma << " s " << c.ratio);
      const Encoding enc = fixed_encoding(family, c.sigma, c.ratio);
      const auto ring = find_ring(enc);
      REQUIRE(ring.has_value());
      CHECK(ring->closed_form);
      const auto closed = closed_form_k_star(enc);
      REQUIRE(closed.has_value());
      CHECK(ring->k_star_per_m == *closed);
      CHECK(ring->power == rel(power(enc, *closed), 1e-15));

      const auto peak = brute_force_peak(enc, 6.0 / enc.sigma_m.lo, 200000);
      REQUIRE(peak.has_value());
      CHECK(ring->k_star_per_m == rel(*peak, 1e-3));

      const auto numeric = find_ring_numerically(enc);
      REQUIRE(numeric.has_value());
      CHECK_FALSE(numeric->closed_form);
      CHECK(numeric->k_star_per_m == rel(*closed, 1e-6));
    }
}

TEST_CASE("gaussian and sod have no ring: the power falls monotonically from k = 0",
          "[spectrum][ring]") {
  for (const char* family : {"gaussian", "sod"})
    for (const char* sigma : {"0.12", "0.05"}) {
      INFO(family << " sigma " << sigma);
      const Encoding enc = fixed_encoding(family, sigma, "2");
      CHECK_FALSE(closed_form_k_star(enc).has_value());
      CHECK_FALSE(find_ring(enc).has_value());
      CHECK_FALSE(find_ring_numerically(enc).has_value());
      CHECK(power(enc, 0.0) == 1.0);
      const double k_max = 6.0 / enc.sigma_m.lo;
      constexpr int n = 2000;
      int increases = 0;
      double previous = power(enc, 0.0);
      for (int i = 1; i <= n; ++i) {
        const double p = power(enc, k_max * i / n);
        if (!(p < previous)) ++increases;
        previous = p;
      }
      CHECK(increases == 0);
    }
}

TEST_CASE("equal-amplitude DoG: the local ring is far weaker than k = 0 and the box mode",
          "[spectrum][true-dog]") {
  const double s = 2.0;
  const double a_star = std::log(16.0) / 3.0; // ln(s^4) / (s^2 - 1)
  const double expected_ratio =
      std::pow((1.0 - 1.0 / (s * s)) * std::exp(-a_star), 2) / std::pow(1.0 - s * s, 2);
  CHECK(expected_ratio == rel(0.00985, 1e-3));
  for (const char* sigma_text : {"0.12", "0.3"}) {
    INFO("sigma " << sigma_text);
    const Encoding enc = fixed_encoding("true-dog", sigma_text, "2");
    const double sigma = enc.sigma_m.lo;
    const auto ring = find_ring(enc);
    REQUIRE(ring.has_value());
    CHECK(ring->k_star_per_m == rel(std::sqrt(2.0 * std::log(16.0) / 3.0) / sigma, 1e-13));
    CHECK(power(enc, 0.0) == rel(9.0, 1e-14)); // (1 - s^2)^2
    const double ratio = ring->power / power(enc, 0.0);
    CHECK(ratio == abs_tol(0.0098, 5e-5)); // two significant figures, independent of sigma
    CHECK(ratio == rel(expected_ratio, 1e-12));
    // k = 0 is the global maximum of the power.
    CHECK(ring->power < power(enc, 0.0));
  }
  SECTION("the box's lowest mode carries about 56 times the ring's power") {
    const Encoding enc = fixed_encoding("true-dog", "0.12", "2");
    const double k_box = lowest_box_mode_per_m(2.2, /*periodic=*/true); // theory/README.md 4
    CHECK(power(enc, k_box) / power(enc, 0.0) == abs_tol(0.547, 5e-4));
    const auto ring = find_ring(enc);
    REQUIRE(ring.has_value());
    CHECK(ring->k_star_per_m == rel(11.33, 5e-4));
    CHECK(ring->power / power(enc, k_box) == abs_tol(0.018, 5e-4));
    // Between k = 0 and k*, p~ crosses zero exactly at the unit-mass dog's k*.
    const auto k_dog = closed_form_k_star(fixed_encoding("dog", "0.12", "2"));
    REQUIRE(k_dog.has_value());
    CHECK(fourier_amplitude(enc, *k_dog, 0.12, 2.0) == abs_tol(0.0, 1e-14));
  }
}

TEST_CASE("general-dog: the DC term alpha_E - alpha_I s^2 and its cancellation",
          "[spectrum][general-dog]") {
  SECTION("alpha_E 1.3, alpha_I 0.4") {
    const Encoding enc = fixed_encoding("general-dog", "0.12", "2");
    CHECK(fourier_amplitude(enc, 0.0, 0.12, 2.0) == rel(1.3 - 0.4 * 4.0, 1e-13));
    const Encoding enc15 = fixed_encoding("general-dog", "0.05", "1.5");
    CHECK(fourier_amplitude(enc15, 0.0, 0.05, 1.5) == rel(1.3 - 0.4 * 2.25, 1e-13));
    // A ring exists iff alpha_I s^4 > alpha_E, at a* = ln(alpha_I s^4 / alpha_E) / (s^2 - 1).
    const auto k = closed_form_k_star(enc);
    REQUIRE(k.has_value());
    CHECK(*k == rel(std::sqrt(2.0 * std::log(0.4 * 16.0 / 1.3) / 3.0) / 0.12, 1e-13));
  }
  SECTION("alpha_E / alpha_I = s^2 removes the DC term and gives the dog ring") {
    Options o;
    o.sigma = "0.12";
    o.ratio = "2";
    o.alpha_e = "4";
    o.alpha_i = "1";
    const Encoding enc = make("general-dog", o);
    CHECK(std::abs(fourier_amplitude(enc, 0.0, 0.12, 2.0)) < 1e-12);
    CHECK(power(enc, 0.0) == abs_tol(0.0, 1e-24));
    const auto k = closed_form_k_star(enc);
    REQUIRE(k.has_value());
    CHECK(*k == rel(8.011, 5e-4));
    // A scaled unit-mass dog: alpha_I s^2 (e^-a - e^-s^2 a).
    const Encoding dog = fixed_encoding("dog", "0.12", "2");
    for (double kk : {1.0, 8.0, 20.0})
      CHECK(fourier_amplitude(enc, kk, 0.12, 2.0) ==
            rel(4.0 * fourier_amplitude(dog, kk, 0.12, 2.0), 1e-13));
  }
  SECTION("no ring when alpha_I s^4 <= alpha_E") {
    Options o;
    o.sigma = "0.12";
    o.ratio = "2";
    o.alpha_e = "16";
    o.alpha_i = "0.9"; // 0.9 * 16 < 16
    const Encoding enc = make("general-dog", o);
    CHECK_FALSE(closed_form_k_star(enc).has_value());
    CHECK_FALSE(find_ring(enc).has_value());
  }
}

TEST_CASE("power over width distributions is the average of |p~|^2", "[spectrum][average]") {
  const double ks[] = {0.5, 2.0, 5.0, 8.0, 15.0, 30.0};

  SECTION("uniform sigma") {
    for (const char* family : {"dos", "gaussian", "sod"}) {
      Options o;
      o.sigma = "uniform:0.08,0.16";
      if (std::string(family) != "gaussian") o.ratio = "2";
      const Encoding enc = make(family, o);
      for (double k : ks) {
        INFO(family << " k " << k);
        const double reference = uniform_average(
            [&](double sigma) {
              const double p = fourier_amplitude(enc, k, sigma, enc.mean_surround_ratio());
              return p * p;
            },
            0.08, 0.16);
        CHECK(power(enc, k) == rel(reference, 1e-8));
      }
    }
  }
  SECTION("uniform sigma for a peak-amplitude DoG: weights (sigma / mean sigma)^2") {
    Options o;
    o.sigma = "uniform:0.08,0.16";
    o.ratio = "2";
    const Encoding enc = make("true-dog", o);
    for (double k : ks) {
      INFO("k " << k);
      const double reference = uniform_average(
          [&](double sigma) {
            const double a = 0.5 * sigma * sigma * k * k;
            const double w = (sigma / 0.12) * (sigma / 0.12);
            const double p = w * (std::exp(-a) - 4.0 * std::exp(-4.0 * a));
            return p * p;
          },
          0.08, 0.16);
      CHECK(power(enc, k) == rel(reference, 1e-8));
    }
  }
  SECTION("uniform surround ratio") {
    Options o;
    o.sigma = "0.12";
    o.ratio = "uniform:1.5,2.5";
    const Encoding enc = make("dos", o);
    for (double k : ks) {
      INFO("k " << k);
      const double reference = uniform_average(
          [&](double s) {
            const double p = fourier_amplitude(enc, k, 0.12, s);
            return p * p;
          },
          1.5, 2.5);
      CHECK(power(enc, k) == rel(reference, 1e-8));
    }
  }
  SECTION("uniform surround variance ratio averages uniformly over s' with s = sqrt(s')") {
    Options o;
    o.sigma = "0.12";
    o.variance_ratio = "uniform:2,4";
    const Encoding enc = make("dos", o);
    double largest_difference = 0.0;
    for (double k : ks) {
      INFO("k " << k);
      const auto p2 = [&](double s) {
        const double p = fourier_amplitude(enc, k, 0.12, s);
        return p * p;
      };
      const double reference =
          uniform_average([&](double v) { return p2(std::sqrt(v)); }, 2.0, 4.0);
      CHECK(power(enc, k) == rel(reference, 1e-8));
      // Averaging uniformly over s on [sqrt 2, 2] is a different (wrong) measure.
      const double over_s = uniform_average(p2, std::sqrt(2.0), 2.0);
      largest_difference = std::max(largest_difference, std::abs(over_s / reference - 1.0));
    }
    CHECK(largest_difference > 1e-3);
  }
  SECTION("uniform sigma and uniform surround ratio together") {
    Options o;
    o.sigma = "uniform:0.08,0.16";
    o.ratio = "uniform:1.5,2.5";
    const Encoding enc = make("dos", o);
    for (double k : {2.0, 8.0, 20.0}) {
      INFO("k " << k);
      const double reference = uniform_average(
          [&](double sigma) {
            return uniform_average(
                [&](double s) {
                  const double p = fourier_amplitude(enc, k, sigma, s);
                  return p * p;
                },
                1.5, 2.5);
          },
          0.08, 0.16);
      CHECK(power(enc, k) == rel(reference, 1e-8));
    }
  }
  SECTION("a narrow distribution has the fixed width's ring") {
    Options narrow;
    narrow.sigma = "uniform:0.1199,0.1201";
    narrow.ratio = "2";
    const Encoding enc = make("dos", narrow);
    CHECK_FALSE(closed_form_k_star(enc).has_value());
    const auto ring = find_ring(enc);
    REQUIRE(ring.has_value());
    CHECK_FALSE(ring->closed_form);
    const auto fixed = closed_form_k_star(fixed_encoding("dos", "0.12", "2"));
    REQUIRE(fixed.has_value());
    CHECK(ring->k_star_per_m == rel(*fixed, 1e-4));
  }
  SECTION("a wide distribution's numeric ring is the brute-force maximum") {
    Options wide;
    wide.sigma = "uniform:0.08,0.16";
    wide.ratio = "2";
    const Encoding enc = make("dos", wide);
    const auto ring = find_ring(enc);
    REQUIRE(ring.has_value());
    const auto peak = brute_force_peak(enc, 6.0 / 0.08, 20000);
    REQUIRE(peak.has_value());
    CHECK(ring->k_star_per_m == rel(*peak, 1e-3));
    CHECK(ring->power == rel(power(enc, ring->k_star_per_m), 1e-15));
    CHECK(ring->power > power(enc, ring->k_star_per_m * 0.999));
    CHECK(ring->power > power(enc, ring->k_star_per_m * 1.001));
  }
}

TEST_CASE("the ring's half-power band", "[spectrum][ring]") {
  struct Case {
    const char* name;
    Options options;
    double k_star, lo, hi;
  };
  Options nfl;
  nfl.sigma = "0.12";
  nfl.ratio = "2";
  Options sorscher;
  sorscher.sigma = "0.12";
  sorscher.variance_ratio = "2";
  // theory/README.md section 8.
  const Case cases[] = {{"NFL s = 2", nfl, 8.011, 4.82, 12.09},
                        {"Sorscher s' = 2", sorscher, 9.812, 6.02, 14.30}};
  for (const Case& c : cases) {
    INFO(c.name);
    const Encoding enc = make("dos", c.options);
    const auto ring = find_ring(enc);
    REQUIRE(ring.has_value());
    REQUIRE(ring->half_power_lo_per_m.has_value());
    REQUIRE(ring->half_power_hi_per_m.has_value());
    const double lo = *ring->half_power_lo_per_m;
    const double hi = *ring->half_power_hi_per_m;
    CHECK(lo < ring->k_star_per_m);
    CHECK(ring->k_star_per_m < hi);
    CHECK(power(enc, lo) == rel(0.5 * ring->power, 1e-8));
    CHECK(power(enc, hi) == rel(0.5 * ring->power, 1e-8));
    CHECK(ring->k_star_per_m == rel(c.k_star, 5e-4));
    CHECK(lo == abs_tol(c.lo, 0.005));
    CHECK(hi == abs_tol(c.hi, 0.005));
  }
}

TEST_CASE("encodings without a tuning spectrum", "[spectrum]") {
  EncodingOptions cartesian;
  cartesian.family = Family::cartesian;
  EncodingOptions polar;
  polar.family = Family::polar;
  EncodingOptions multi;
  multi.fields_per_cell = FieldCount{FieldCount::Kind::one_plus_poisson, 1, 1.0};
  for (const EncodingOptions& spec : {cartesian, polar, multi}) {
    INFO(family_name(spec.family));
    const Encoding enc = make_encoding(spec);
    CHECK_FALSE(has_tuning_spectrum(enc));
    CHECK_FALSE(why_no_tuning_spectrum(enc).empty());
    CHECK_THROWS_AS(find_ring(enc), InternalError);
  }
  CHECK_THAT(why_no_tuning_spectrum(make_encoding(multi)), Catch::Contains("multi-field"));
  CHECK_THROWS_AS(tuning_curve(make_encoding(cartesian), 0.1, 0.12, 2.0), InternalError);
  CHECK_THROWS_AS(fourier_amplitude(make_encoding(polar), 1.0, 0.12, 2.0), InternalError);
  const Encoding dos = make_encoding(EncodingOptions{});
  CHECK(has_tuning_spectrum(dos));
  CHECK(why_no_tuning_spectrum(dos).empty());
}

TEST_CASE("radial_spectrum samples k from 0 to k_max inclusive", "[spectrum]") {
  const Encoding enc = make_encoding(EncodingOptions{});
  const auto samples = radial_spectrum(enc, 40.0, 401);
  REQUIRE(samples.size() == 401);
  CHECK(samples.front().k_per_m == 0.0);
  CHECK(samples.back().k_per_m == 40.0);
  CHECK(samples[200].k_per_m == rel(20.0, 1e-15));
  for (const auto& p : samples)
    CHECK(p.power == power(enc, p.k_per_m));
  CHECK_THROWS_AS(radial_spectrum(enc, 40.0, 1), InternalError);
  CHECK(default_k_max(enc) == rel(5.0 / 0.12, 1e-15));
  // sod's effective width is sigma / sqrt(1 - 1/s^2).
  CHECK(default_k_max(fixed_encoding("sod", "0.12", "2")) ==
        rel(5.0 * std::sqrt(0.75) / 0.12, 1e-15));
}

// Found by fuzz/fuzz_encoding: widths up to 410 m put the averaged spectrum's peak at
// k = 0.0035 rad/m, far inside the first scan step, where the half-power search used to bracket
// no root and threw (an internal error).
TEST_CASE("a peak narrower than the scan step still gets a half-power band",
          "[spectrum][regression]") {
  EncodingOptions spec;
  spec.family = Family::dos;
  spec.sigma_m = Distribution::uniform(0.08, 410.0);
  const Encoding enc = make_encoding(spec);
  const std::optional<Ring> ring = find_ring_numerically(enc);
  REQUIRE(ring);
  CHECK(ring->k_star_per_m == Approx(0.0035).margin(0.0005));
  const double half = 0.5 * ring->power;
  REQUIRE(ring->half_power_lo_per_m);
  REQUIRE(ring->half_power_hi_per_m);
  CHECK(*ring->half_power_lo_per_m < ring->k_star_per_m);
  CHECK(*ring->half_power_hi_per_m > ring->k_star_per_m);
  CHECK(power(enc, *ring->half_power_lo_per_m) == Approx(half).epsilon(1e-6));
  CHECK(power(enc, *ring->half_power_hi_per_m) == Approx(half).epsilon(1e-6));
}
