// Numerical edge cases of the theory (README, "Numerical edge cases"): widths far below and far
// above the box, huge surround ratios, one cell. Each has a documented result or a UserError
// naming the option; none gives NaN, Inf or a silently wrong pattern.
#include "tests/theory/text_values.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"
#include "theory/prediction.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

using namespace gridtheory;

namespace {

// An encoding from the values' own text forms (theory/distribution.hpp); make_encoding checks
// their ranges.
Encoding encoding(const std::string& family, std::optional<std::string> sigma,
                  std::optional<std::string> ratio = {},
                  std::optional<std::string> variance_ratio = {}) {
  EncodingOptions spec;
  spec.family = family_from_name(family).value();
  spec.sigma_m = test::distribution_of(sigma);
  spec.surround_ratio = test::distribution_of(ratio);
  spec.surround_variance_ratio = test::distribution_of(variance_ratio);
  return make_encoding(spec);
}

// make_encoding(spec) must throw a UserError naming `parameter` (the library's spelling) and
// quoting `value`.
void require_user_error(const EncodingOptions& spec, const std::string& parameter,
                        const std::string& value) {
  try {
    make_encoding(spec);
    FAIL("accepted " << parameter << " " << value);
  } catch (const UserError& e) {
    CHECK(e.option() == param(parameter));
    CHECK(e.value() == value);
  }
}

// Every number a prediction reports is finite.
void require_finite(const Prediction& p) {
  for (const auto& v : {p.k_star_per_m, p.wavelength_m, p.grid_spacing_m, p.rejected_peak_k_per_m,
                        p.power_at_k_star, p.half_power_width_per_m, p.ring_sharpness,
                        p.power_at_box_mode, p.ring_to_box_power_ratio})
    if (v) CHECK(std::isfinite(*v));
  CHECK(std::isfinite(p.box_mode_per_m));
}

// dos at surround ratio 2: k* sigma = sqrt(4 ln 2 / 3) (docs/CONVENTIONS.md, "The theory's
// reference numbers").
const double kDosKSigma = std::sqrt(4.0 * std::log(2.0) / 3.0);

} // namespace

TEST_CASE("widths from 1e-9 to 1e9 m are accepted and sigma beyond names that range",
          "[edges][encoding]") {
  for (const char* ok : {"1e-9", "1e9", "uniform:1e-9,1e9"}) {
    INFO(ok);
    CHECK_NOTHROW(encoding("dos", std::string(ok)));
  }
  for (const Distribution bad :
       {Distribution::fixed(1e-10), Distribution::fixed(1e-300), Distribution::fixed(1e10),
        Distribution::fixed(1e200), Distribution::uniform(1e-12, 0.1)}) {
    INFO(bad.to_string());
    EncodingOptions spec;
    spec.sigma_m = bad;
    require_user_error(spec, "sigma", bad.to_string());
    try {
      make_encoding(spec);
    } catch (const UserError& e) {
      CHECK_THAT(e.what(), Catch::Contains("a width in metres >= 1e-09 and <= 1e+09"));
    }
  }
}

TEST_CASE("widths far below the box: the scale-free ring, hexagonal, k* proportional to 1/sigma",
          "[edges][prediction]") {
  // Before: 1e-200 m gave "square" (sigma^2 underflowed to 0, so no power at any k).
  for (const char* sigma : {"1e-4", "1e-6", "1e-9"}) {
    INFO("sigma " << sigma);
    const Encoding enc = encoding("dos", std::string(sigma));
    const double s = enc.sigma_m.lo;
    const Prediction p = predict(enc, Activation::relu, Box{2.2, false});
    require_finite(p);
    CHECK(p.pattern == Pattern::hexagonal);
    REQUIRE(p.k_star_per_m);
    CHECK(*p.k_star_per_m == Approx(kDosKSigma / s).epsilon(1e-12));
    CHECK(*p.grid_spacing_m == Approx(grid_spacing_m(kDosKSigma / s)).epsilon(1e-12));
    // The ring's shape is scale-free too: the same sharpness as at sigma = 0.12 m.
    const Prediction reference =
        predict(encoding("dos", std::string("0.12")), Activation::relu, Box{2.2, false});
    REQUIRE(p.ring_sharpness);
    CHECK(*p.ring_sharpness == Approx(*reference.ring_sharpness).epsilon(1e-6));
  }
}

TEST_CASE("widths far above the box: the ring falls inside the lowest mode, square, finite",
          "[edges][prediction]") {
  for (const char* sigma : {"50", "1e4", "1e9"}) {
    INFO("sigma " << sigma);
    const Encoding enc = encoding("dos", std::string(sigma));
    const Prediction p = predict(enc, Activation::relu, Box{2.2, false});
    require_finite(p);
    CHECK_FALSE(p.has_ring);
    CHECK(p.pattern == Pattern::square);
    CHECK_FALSE(p.grid_spacing_m);
    REQUIRE(p.rejected_peak_k_per_m);
    CHECK(*p.rejected_peak_k_per_m == Approx(kDosKSigma / enc.sigma_m.lo).epsilon(1e-12));
    CHECK(*p.rejected_peak_k_per_m < p.box_mode_per_m);
  }
}

TEST_CASE("huge surround ratios: finite spectra, the ring below the box's lowest mode",
          "[edges][spectrum]") {
  // The largest allowed: sigma_I / sigma_E = 1000 (ratio) and 1e6 (variance ratio) are the same
  // surround; beyond them the parser refuses (test_encoding.cpp).
  for (const Encoding& enc :
       {encoding("dos", {}, std::string("1000")), encoding("dos", {}, {}, std::string("1e6"))}) {
    for (double k : {0.0, 0.01, 0.04, 1.0, 2.856, 8.0, 50.0})
      CHECK(std::isfinite(power(enc, k)));
    const Prediction p = predict(enc, Activation::relu, Box{2.2, false});
    require_finite(p);
    CHECK(p.pattern == Pattern::square);
    // k*^2 = 4 ln s / (sigma^2 (s^2 - 1)): 0.0438 rad/m, far inside 2 pi / 2.2 m.
    REQUIRE(p.rejected_peak_k_per_m);
    CHECK(*p.rejected_peak_k_per_m ==
          Approx(std::sqrt(4.0 * std::log(1000.0) / (0.0144 * (1e6 - 1.0)))).epsilon(1e-9));
  }
  for (const char* family : {"sod", "true-dog", "general-dog"}) {
    INFO(family);
    const Encoding enc = encoding(family, {}, std::string("1000"));
    for (double k : {0.0, 0.04, 2.856, 50.0})
      CHECK(std::isfinite(power(enc, k)));
    const Prediction p = predict(enc, Activation::relu, Box{2.2, false});
    require_finite(p);
    CHECK(p.pattern != Pattern::hexagonal);
  }
}

TEST_CASE("one cell: softmax codes refuse it, difference-of-Gaussian codes take it",
          "[edges][encoding]") {
  // A softmax over one cell is 1 at every position: the target carries no position (training
  // has zero loss and zero gradient, the sampled spectrum no power).
  for (const char* family : {"gaussian", "dos", "sod"}) {
    INFO(family);
    EncodingOptions spec;
    spec.family = family_from_name(family).value();
    spec.cells = 1;
    require_user_error(spec, "cells", "1");
    spec.cells = 2;
    CHECK(make_encoding(spec).cells == 2);
  }
  for (const char* family : {"dog", "true-dog", "general-dog"}) {
    INFO(family);
    EncodingOptions spec;
    spec.family = family_from_name(family).value();
    spec.cells = 1;
    CHECK(make_encoding(spec).cells == 1);
  }
}

// Found by fuzz/fuzz_encoding (CI, 2026-11-28): general-dog with --alpha-e of 200 fives (5.6e199)
// made the spectrum infinite, since it goes as the amplitudes' squares.
TEST_CASE(
    "general-dog amplitudes up to 1e6 give finite spectra and alpha_e/alpha_i beyond are refused",
    "[edges][spectrum][regression]") {
  EncodingOptions spec;
  spec.family = Family::general_dog;
  spec.sigma_m = Distribution::fixed(0.32);
  spec.surround_ratio = Distribution::fixed(8.0);
  for (const std::string parameter : {"alpha_e", "alpha_i"}) {
    INFO(parameter);
    EncodingOptions huge = spec;
    const double fives = 5.555555555555556e199; // 200 fives, as the fuzzer typed them
    (parameter == "alpha_e" ? huge.alpha_e : huge.alpha_i) = fives;
    require_user_error(huge, parameter, format_number(fives));
    (parameter == "alpha_e" ? huge.alpha_e : huge.alpha_i) = 1.000001e6;
    require_user_error(huge, parameter, format_number(1.000001e6));
  }
  for (const auto& [e, i] : {std::pair{1e6, 1e6}, {1e6, 0.0}, {1e6, 1e-300}}) {
    EncodingOptions edge = spec;
    edge.alpha_e = e;
    edge.alpha_i = i;
    INFO("alpha_E " << e << " alpha_I " << i);
    const Encoding enc = make_encoding(edge);
    for (double k : {0.0, 1.0, 8.0, 40.0}) {
      const double p = power(enc, k);
      CHECK(std::isfinite(p));
      CHECK(p >= 0.0);
    }
    require_finite(predict(enc, Activation::relu, Box{2.2, false}));
  }
}
