// The analytic predictor's pattern rules (theory/README.md section 7) and its reference
// numbers (docs/CONVENTIONS.md, "The theory's reference numbers"; theory/README.md section 8).
#include "tests/theory/text_values.hpp"
#include "theory/activation.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"
#include "theory/prediction.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <optional>
#include <string>
#include <vector>

using namespace gridtheory;

namespace {

Approx rel(double x, double e) {
  return Approx(x).epsilon(e).margin(0.0);
}

Encoding encoding(const std::string& family, std::optional<std::string> fields = std::nullopt) {
  EncodingOptions spec;
  spec.family = family_from_name(family).value();
  spec.fields_per_cell = test::field_count_of(fields);
  return make_encoding(spec);
}

bool mentions(const std::vector<std::string>& caveats, const std::string& word) {
  for (const auto& c : caveats)
    if (c.find(word) != std::string::npos) return true;
  return false;
}

const Activation kAll[] = {Activation::relu, Activation::tanh, Activation::sigmoid,
                           Activation::linear};

} // namespace

TEST_CASE("activations: the cubic-term rule and the parser", "[prediction][activation]") {
  // A cubic term exists iff f(h) - f(0) is not odd (theory/README.md section 7).
  CHECK(has_cubic_term(Activation::relu));
  CHECK_FALSE(has_cubic_term(Activation::sigmoid)); // sigmoid(h) - 1/2 = tanh(h/2)/2
  CHECK_FALSE(has_cubic_term(Activation::tanh));
  CHECK_FALSE(has_cubic_term(Activation::linear));
  CHECK(output_range(Activation::relu) == "[0, inf)");
  CHECK(output_range(Activation::tanh) == "(-1, 1)");
  for (Activation a : kAll)
    CHECK(parse_activation("--activation", activation_name(a)) == a);
  CHECK(activation_names().size() == 4);

  for (const char* bad : {"softplus", "ReLU", "", " relu"}) {
    INFO("'" << bad << "'");
    REQUIRE_THROWS_AS(parse_activation("--activation", bad), UserError);
  }
  try {
    parse_activation("--activation", "softplus");
    FAIL("no exception");
  } catch (const UserError& e) {
    CHECK(e.option() == "--activation");
    CHECK(e.value() == "softplus");
    CHECK_THAT(std::string(e.what()), Catch::Contains("--activation") &&
                                          Catch::Contains("softplus") &&
                                          Catch::Contains("relu, tanh, sigmoid, linear"));
  }
}

TEST_CASE("pattern names", "[prediction]") {
  CHECK(pattern_name(Pattern::hexagonal) == "hexagonal");
  CHECK(pattern_name(Pattern::square) == "square");
  CHECK(pattern_name(Pattern::stripes) == "stripes");
  CHECK(pattern_name(Pattern::amorphous) == "amorphous");
  CHECK(pattern_name(Pattern::none) == "none");
  CHECK(pattern_name(Pattern::not_applicable) == "not_applicable");
}

TEST_CASE("NFL's DoS target with ReLU predicts hexagonal grids at 0.906 m",
          "[prediction][reference]") {
  const Encoding dos = make_encoding(EncodingOptions{}); // dos, sigma 0.12 m, s = 2
  const Prediction p = predict(dos, Activation::relu, Box{});
  CHECK(p.pattern == Pattern::hexagonal);
  CHECK(p.method == "analytic");
  CHECK(p.has_spectrum);
  CHECK(p.has_ring);
  CHECK(p.cubic_term);
  CHECK(p.k_star_closed_form);
  CHECK_FALSE(p.rejected_peak_k_per_m.has_value());
  REQUIRE(p.k_star_per_m.has_value());
  REQUIRE(p.wavelength_m.has_value());
  REQUIRE(p.grid_spacing_m.has_value());
  CHECK(*p.k_star_per_m == rel(8.011, 5e-4));
  CHECK(*p.wavelength_m == rel(0.784, 2e-3));
  CHECK(*p.grid_spacing_m == rel(0.906, 2e-3));
  CHECK(*p.grid_spacing_m == rel(grid_spacing_m(*p.k_star_per_m), 1e-15));

  SECTION("box mode, ring-to-box ratio and sharpness") {
    // Convention change (theory/README.md, section 9): the default box has solid walls, whose
    // lowest mode is pi / L (standing waves cos(pi x / L)), not 2 pi / L as before. The power
    // there is smaller, so the ring-to-box ratio is 123.8 where it was 9.62 at 2 pi / L; the
    // periodic box keeps 2 pi / L and 9.62 (checked below).
    CHECK(p.box_mode_per_m == rel(std::numbers::pi / 2.2, 1e-15));
    REQUIRE(p.power_at_box_mode.has_value());
    REQUIRE(p.power_at_k_star.has_value());
    REQUIRE(p.ring_to_box_power_ratio.has_value());
    CHECK(*p.power_at_box_mode == rel(power(dos, std::numbers::pi / 2.2), 1e-14));
    CHECK(*p.power_at_k_star == rel(power(dos, *p.k_star_per_m), 1e-14));
    CHECK(*p.ring_to_box_power_ratio == rel(*p.power_at_k_star / *p.power_at_box_mode, 1e-14));
    CHECK(*p.ring_to_box_power_ratio == rel(123.8, 1e-3)); // theory/README.md section 8
    Box periodic;
    periodic.periodic = true;
    const Prediction pp = predict(dos, Activation::relu, periodic);
    CHECK(pp.box_mode_per_m == rel(2.0 * std::numbers::pi / 2.2, 1e-15));
    REQUIRE(pp.power_at_box_mode.has_value());
    CHECK(*pp.power_at_box_mode == rel(power(dos, 2.0 * std::numbers::pi / 2.2), 1e-14));
    REQUIRE(pp.ring_to_box_power_ratio.has_value());
    CHECK(*pp.ring_to_box_power_ratio == rel(9.62, 1e-3)); // theory/README.md section 8
    const auto ring = find_ring(dos);
    REQUIRE(ring.has_value());
    REQUIRE(p.half_power_width_per_m.has_value());
    REQUIRE(p.ring_sharpness.has_value());
    CHECK(*p.half_power_width_per_m ==
          rel(*ring->half_power_hi_per_m - *ring->half_power_lo_per_m, 1e-14));
    CHECK(*p.ring_sharpness == rel(*p.k_star_per_m / *p.half_power_width_per_m, 1e-14));
    CHECK(*p.ring_sharpness == rel(1.10, 5e-3));
  }
  SECTION("caveats") {
    CHECK(mentions(p.caveats, "solid walls"));
    CHECK(mentions(p.caveats, "cross-entropy"));
    CHECK(mentions(p.caveats, "bulk limit"));
    Box periodic;
    periodic.periodic = true;
    CHECK_FALSE(mentions(predict(dos, Activation::relu, periodic).caveats, "solid walls"));
  }
}

TEST_CASE("Sorscher's convention: hexagonal at 0.739 m", "[prediction][reference]") {
  EncodingOptions spec;
  spec.surround_variance_ratio = Distribution::fixed(2.0);
  const Prediction p = predict(make_encoding(spec), Activation::relu, Box{});
  CHECK(p.pattern == Pattern::hexagonal);
  REQUIRE(p.k_star_per_m.has_value());
  CHECK(*p.k_star_per_m == rel(9.812, 5e-4));
  REQUIRE(p.grid_spacing_m.has_value());
  CHECK(*p.grid_spacing_m == rel(0.739, 2e-3));
  // Solid walls (the default): power at k* / power at pi / L = 303.0 (theory/README.md,
  // section 8); before the convention change it was taken at 2 pi / L, 21.6, which the periodic
  // box keeps.
  REQUIRE(p.ring_to_box_power_ratio.has_value());
  CHECK(*p.ring_to_box_power_ratio == rel(303.0, 3e-3));
  Box periodic;
  periodic.periodic = true;
  const Prediction pp = predict(make_encoding(spec), Activation::relu, periodic);
  REQUIRE(pp.ring_to_box_power_ratio.has_value());
  CHECK(*pp.ring_to_box_power_ratio == rel(21.6, 3e-3));
  REQUIRE(p.ring_sharpness.has_value());
  CHECK(*p.ring_sharpness == rel(1.18, 5e-3));
}

TEST_CASE("with a ring, the activation picks the pattern", "[prediction][rules]") {
  const Encoding dos = make_encoding(EncodingOptions{});
  CHECK(predict(dos, Activation::relu, Box{}).pattern == Pattern::hexagonal);
  CHECK(predict(dos, Activation::sigmoid, Box{}).pattern == Pattern::stripes);
  CHECK(predict(dos, Activation::tanh, Box{}).pattern == Pattern::stripes);
  CHECK(predict(dos, Activation::linear, Box{}).pattern == Pattern::amorphous);
  for (Activation a : kAll) {
    INFO(activation_name(a));
    const Prediction p = predict(dos, a, Box{});
    CHECK(p.has_ring); // the ring does not depend on the activation
    CHECK(p.cubic_term == has_cubic_term(a));
    REQUIRE(p.k_star_per_m.has_value());
    CHECK(*p.k_star_per_m == rel(8.011, 5e-4));
    CHECK_FALSE(p.reason.empty());
  }
  SECTION("dog and general-dog at alpha_E / alpha_I = s^2 give the same hexagonal grid") {
    EncodingOptions g;
    g.family = Family::general_dog;
    g.alpha_e = 4.0;
    g.alpha_i = 1.0;
    for (const Encoding& enc : {encoding("dog"), make_encoding(g)}) {
      const Prediction p = predict(enc, Activation::relu, Box{});
      CHECK(p.pattern == Pattern::hexagonal);
      REQUIRE(p.grid_spacing_m.has_value());
      CHECK(*p.grid_spacing_m == rel(0.906, 2e-3));
    }
  }
}

TEST_CASE("without a ring no encoding predicts hexagons", "[prediction][rules]") {
  for (const char* family : {"gaussian", "sod", "true-dog"}) {
    INFO(family);
    const Encoding enc = encoding(family);
    const Prediction p = predict(enc, Activation::relu, Box{});
    CHECK(p.pattern == Pattern::square);
    CHECK(p.has_spectrum);
    CHECK_FALSE(p.has_ring);
    CHECK_FALSE(p.k_star_per_m.has_value());
    CHECK_FALSE(p.grid_spacing_m.has_value());
    CHECK_FALSE(p.wavelength_m.has_value());
    for (Activation a : kAll)
      CHECK(predict(enc, a, Box{}).pattern != Pattern::hexagonal);
    CHECK(predict(enc, Activation::sigmoid, Box{}).pattern == Pattern::stripes);
    CHECK(predict(enc, Activation::tanh, Box{}).pattern == Pattern::stripes);
    CHECK(predict(enc, Activation::linear, Box{}).pattern == Pattern::amorphous);
  }
  SECTION("gaussian and sod: the power peaks at k = 0") {
    for (const char* family : {"gaussian", "sod"}) {
      const Prediction p = predict(encoding(family), Activation::relu, Box{});
      CHECK_FALSE(p.rejected_peak_k_per_m.has_value());
      CHECK_FALSE(p.power_at_k_star.has_value());
      CHECK_THAT(p.reason, Catch::Contains("peaks at k = 0"));
    }
  }
  SECTION("true-dog: a local peak at 11.33 rad/m, rejected as weaker than the box mode") {
    const Prediction p = predict(encoding("true-dog"), Activation::relu, Box{});
    REQUIRE(p.rejected_peak_k_per_m.has_value());
    CHECK(*p.rejected_peak_k_per_m == rel(11.33, 5e-4));
    CHECK(*p.rejected_peak_k_per_m > p.box_mode_per_m); // rule (b)2 holds ...
    REQUIRE(p.ring_to_box_power_ratio.has_value());
    CHECK(*p.ring_to_box_power_ratio < 1.0); // ... rule (b)3 fails
    // At the solid walls' lowest mode pi / L (the default box): 0.0114; at 2 pi / L (the old
    // convention, still the periodic box's) it was 0.018. Rejected either way.
    CHECK(*p.ring_to_box_power_ratio == rel(0.0114, 0.03));
    Box periodic;
    periodic.periodic = true;
    const Prediction pp = predict(encoding("true-dog"), Activation::relu, periodic);
    REQUIRE(pp.ring_to_box_power_ratio.has_value());
    CHECK(*pp.ring_to_box_power_ratio == rel(0.018, 0.03));
    CHECK_FALSE(pp.has_ring);
    CHECK_THAT(p.reason, Catch::Contains("not a realisable ring"));
  }
}

TEST_CASE("a box too small for the ring: k_b > k*", "[prediction][rules]") {
  const Encoding dos = make_encoding(EncodingOptions{});
  // Solid walls: k_b = pi / L. (Before the convention change this used L = 0.5 m, where
  // k_b = 2 pi / L was 12.57 rad/m; with solid walls the same k_b needs L = 0.25 m.)
  Box small;
  small.side_m = 0.25; // k_b = pi / 0.25 = 12.57 rad/m > 8.011
  const Prediction p = predict(dos, Activation::relu, small);
  CHECK(p.box_mode_per_m == rel(12.566, 1e-4));
  CHECK_FALSE(p.has_ring);
  CHECK(p.pattern == Pattern::square);
  CHECK_FALSE(p.k_star_per_m.has_value());
  REQUIRE(p.rejected_peak_k_per_m.has_value());
  CHECK(*p.rejected_peak_k_per_m == rel(8.011, 5e-4));
  // The peak is stronger than the box mode; only its position inside the lowest shell fails.
  REQUIRE(p.ring_to_box_power_ratio.has_value());
  CHECK(*p.ring_to_box_power_ratio > 1.0);
  SECTION("the ring survives just outside the lowest shell and is lost just inside it") {
    const auto k = closed_form_k_star(dos);
    REQUIRE(k.has_value());
    Box edge;                                     // solid walls: k_b = pi / L
    edge.side_m = std::numbers::pi / (0.95 * *k); // k_b = 0.95 k*
    CHECK(predict(dos, Activation::relu, edge).pattern == Pattern::hexagonal);
    edge.side_m = std::numbers::pi / (1.05 * *k); // k_b = 1.05 k*
    CHECK(predict(dos, Activation::relu, edge).pattern == Pattern::square);
    Box periodic_edge; // periodic: k_b = 2 pi / L
    periodic_edge.periodic = true;
    periodic_edge.side_m = 2.0 * std::numbers::pi / (0.95 * *k);
    CHECK(predict(dos, Activation::relu, periodic_edge).pattern == Pattern::hexagonal);
    periodic_edge.side_m = 2.0 * std::numbers::pi / (1.05 * *k);
    CHECK(predict(dos, Activation::relu, periodic_edge).pattern == Pattern::square);
  }
}

TEST_CASE("is_realisable_ring applies rule (b)", "[prediction][rules]") {
  Ring ring;
  ring.k_star_per_m = 8.0;
  ring.power = 1.0;
  CHECK(is_realisable_ring(ring, 2.856, 0.5));
  CHECK(is_realisable_ring(ring, 8.0, 0.5));         // k* >= k_b, inclusive
  CHECK_FALSE(is_realisable_ring(ring, 8.001, 0.5)); // inside the lowest shell
  CHECK_FALSE(is_realisable_ring(ring, 2.856, 1.0)); // power must be strictly larger
  CHECK_FALSE(is_realisable_ring(ring, 2.856, 2.0));
}

TEST_CASE("encodings the analytic predictor does not cover", "[prediction][rules]") {
  SECTION("cartesian: none") {
    const Prediction p = predict(encoding("cartesian"), Activation::relu, Box{});
    CHECK(p.pattern == Pattern::none);
    CHECK_FALSE(p.has_spectrum);
    CHECK_FALSE(p.has_ring);
    CHECK_FALSE(p.k_star_per_m.has_value());
  }
  SECTION("polar: not applicable") {
    const Prediction p = predict(encoding("polar"), Activation::relu, Box{});
    CHECK(p.pattern == Pattern::not_applicable);
    CHECK_FALSE(p.has_spectrum);
    CHECK_FALSE(p.reason.empty());
  }
  SECTION("multi-field dos: not applicable, for any activation") {
    for (const char* fields : {"poisson:1", "2"}) {
      INFO(fields);
      for (Activation a : kAll) {
        const Prediction p = predict(encoding("dos", fields), a, Box{});
        CHECK(p.pattern == Pattern::not_applicable);
        CHECK_FALSE(p.has_ring);
        CHECK_FALSE(p.k_star_per_m.has_value());
        CHECK_THAT(p.reason, Catch::Contains("multi-field"));
      }
    }
  }
}

TEST_CASE("heterogeneous widths: averaged spectrum and a caveat", "[prediction]") {
  EncodingOptions spec;
  spec.sigma_m = Distribution::uniform(0.08, 0.16);
  const Prediction p = predict(make_encoding(spec), Activation::relu, Box{});
  CHECK(p.pattern == Pattern::hexagonal);
  CHECK_FALSE(p.k_star_closed_form);
  CHECK(mentions(p.caveats, "heterogeneous"));
  EncodingOptions fixed;
  CHECK_FALSE(
      mentions(predict(make_encoding(fixed), Activation::relu, Box{}).caveats, "heterogeneous"));
}

TEST_CASE("predict rejects a box of non-positive side", "[prediction]") {
  Box bad;
  bad.side_m = 0.0;
  CHECK_THROWS_AS(predict(make_encoding(EncodingOptions{}), Activation::relu, bad), InternalError);
}
