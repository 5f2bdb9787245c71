// The population rule shared by the sampled spectra, the pattern solver and the trainer.
#include "tests/theory/text_values.hpp"
#include "theory/errors.hpp"
#include "theory/place_cells.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <numeric>

using namespace gridtheory;

namespace {
Encoding encoding(const std::string& name, std::optional<std::string> fields = std::nullopt) {
  EncodingOptions spec;
  spec.family = family_from_name(name).value();
  spec.fields_per_cell = test::field_count_of(fields);
  return make_encoding(spec);
}

std::vector<double> code_at(const Population& pop, double x, double y) {
  std::vector<double> out(static_cast<size_t>(pop.cells)), scratch(2 * out.size());
  target_code(pop, x, y, out, scratch);
  return out;
}

// A hand-made population with fields at the given centres (one field per cell).
Population handmade(const Encoding& enc, const std::vector<std::pair<double, double>>& centres) {
  Population pop;
  pop.encoding = enc;
  pop.arena = Arena{2.2, false};
  pop.cells = static_cast<int>(centres.size());
  for (size_t c = 0; c < centres.size(); ++c) {
    pop.first_field.push_back(static_cast<int>(c));
    PlaceField f;
    f.x_m = centres[c].first;
    f.y_m = centres[c].second;
    f.sigma_m = enc.sigma_m.lo;
    f.surround_ratio = enc.mean_surround_ratio();
    f.cell = static_cast<int>(c);
    pop.fields.push_back(f);
  }
  pop.first_field.push_back(pop.cells);
  return pop;
}
} // namespace

TEST_CASE("a seed gives one population: another seed another") {
  const Encoding enc = encoding("dos");
  const Population a = sample_population(enc, Arena{2.2, false}, 7);
  const Population b = sample_population(enc, Arena{2.2, false}, 7);
  const Population c = sample_population(enc, Arena{2.2, false}, 8);
  REQUIRE(a.fields.size() == 512);
  REQUIRE(a.cells == 512);
  for (size_t i = 0; i < a.fields.size(); ++i) {
    CHECK(a.fields[i].x_m == b.fields[i].x_m);
    CHECK(a.fields[i].y_m == b.fields[i].y_m);
    CHECK(a.fields[i].x_m >= 0.0);
    CHECK(a.fields[i].x_m <= 2.2);
    CHECK(a.fields[i].sigma_m == 0.12);
    CHECK(a.fields[i].surround_ratio == 2.0);
  }
  CHECK(a.fields[0].x_m != c.fields[0].x_m);
}

TEST_CASE("1 + Poisson(mean) fields per cell, and per-field widths from their distributions") {
  EncodingOptions spec;
  spec.fields_per_cell = FieldCount{FieldCount::Kind::one_plus_poisson, 1, 1.5};
  spec.cells = 4000;
  spec.sigma_m = Distribution::uniform(0.08, 0.16);
  spec.surround_ratio = Distribution::uniform(1.5, 2.5);
  const Population pop = sample_population(make_encoding(spec), Arena{2.2, false}, 1);
  const double mean_fields = static_cast<double>(pop.fields.size()) / pop.cells;
  CHECK(mean_fields == Approx(2.5).epsilon(0.04));
  for (int c = 0; c < pop.cells; ++c)
    CHECK(pop.first_field[static_cast<size_t>(c) + 1] > pop.first_field[static_cast<size_t>(c)]);
  double lo = 1, hi = 0;
  for (const auto& f : pop.fields) {
    CHECK(f.sigma_m >= 0.08);
    CHECK(f.sigma_m <= 0.16);
    CHECK(f.surround_ratio >= 1.5);
    CHECK(f.surround_ratio <= 2.5);
    lo = std::min(lo, f.sigma_m);
    hi = std::max(hi, f.sigma_m);
  }
  CHECK(lo < 0.085); // the whole range is drawn
  CHECK(hi > 0.155);
}

TEST_CASE("NFL's DoS code is non-negative, zero at its minimum and sums to one") {
  const Population pop = sample_population(encoding("dos"), Arena{2.2, false}, 3);
  for (double x : {0.01, 0.5, 1.1, 2.19})
    for (double y : {0.01, 0.7, 2.0}) {
      const auto p = code_at(pop, x, y);
      CHECK(*std::min_element(p.begin(), p.end()) == 0.0);
      CHECK(std::accumulate(p.begin(), p.end(), 0.0) == Approx(1.0).epsilon(1e-12));
    }
}

TEST_CASE("the DoS code peaks at the cell whose field is at the position") {
  const Encoding enc = encoding("dos");
  const Population pop = handmade(enc, {{0.5, 0.5}, {1.5, 1.5}, {0.5, 1.5}, {1.5, 0.5}});
  const auto p = code_at(pop, 1.5, 1.5);
  CHECK(std::max_element(p.begin(), p.end()) - p.begin() == 1);
}

TEST_CASE("softmax codes are the closed-form rules") {
  const Population g = handmade(encoding("gaussian"), {{0.5, 0.5}, {0.8, 0.5}});
  const auto p = code_at(g, 0.6, 0.5);
  // softmax of -d^2 / 2 sigma^2 with d = 0.1 and 0.2
  const double a = std::exp(-0.01 / 0.0288), b = std::exp(-0.04 / 0.0288);
  CHECK(p[0] == Approx(a / (a + b)).epsilon(1e-12));
  CHECK(p[1] == Approx(b / (a + b)).epsilon(1e-12));

  const Population s = handmade(encoding("sod"), {{0.5, 0.5}, {0.8, 0.5}});
  const auto q = code_at(s, 0.6, 0.5);
  // -d^2/2sigma^2 + d^2/2sigma_I^2 = -d^2 (1 - 1/4) / 2 sigma^2
  const double c = std::exp(-0.01 * 0.75 / 0.0288), d = std::exp(-0.04 * 0.75 / 0.0288);
  CHECK(q[0] == Approx(c / (c + d)).epsilon(1e-12));
}

// NFL's rule for its difference codes, written out here for the tests: add |min over cells|,
// divide by the sum over cells.
static std::vector<double> nfl_normalised(std::vector<double> raw) {
  const double low = *std::min_element(raw.begin(), raw.end());
  double sum = 0.0;
  for (double& v : raw)
    sum += (v += std::abs(low));
  for (double& v : raw)
    v /= sum;
  return raw;
}

TEST_CASE(
    "difference-of-Gaussian codes: the tuning curves, shifted by |min| and normalised (NFL)") {
  const double se = 0.0144, si = 0.0576;
  const std::vector<std::pair<double, double>> centres{{1.0, 1.0}, {1.5, 1.0}, {1.3, 1.9}};
  const std::vector<double> d2{0.09, 0.04, 0.81}; // from (1.3, 1.0)
  std::vector<double> unit_mass, equal_peak, general;
  for (double d : d2) {
    const double e = std::exp(-d / (2 * se)), i = std::exp(-d / (2 * si));
    unit_mass.push_back(e / (2 * std::numbers::pi * se) - i / (2 * std::numbers::pi * si));
    equal_peak.push_back(e - i);
    general.push_back(4.0 * e - 1.0 * i);
  }
  const auto check = [&](const char* family, const std::vector<double>& raw,
                         const std::vector<std::string>& alphas = {}) {
    INFO(family);
    EncodingOptions spec;
    spec.family = family_from_name(family).value();
    if (!alphas.empty()) {
      spec.alpha_e = test::number_of(alphas[0]);
      spec.alpha_i = test::number_of(alphas[1]);
    }
    const auto p = code_at(handmade(make_encoding(spec), centres), 1.3, 1.0);
    const auto want = nfl_normalised(raw);
    for (size_t c = 0; c < 3; ++c)
      CHECK(p[c] == Approx(want[c]).epsilon(1e-12).margin(1e-15));
    CHECK(std::accumulate(p.begin(), p.end(), 0.0) == Approx(1.0).epsilon(1e-14));
    CHECK(*std::min_element(p.begin(), p.end()) == 0.0);
  };
  check("dog", unit_mass);
  check("true-dog", equal_peak);
  check("general-dog", general, {"4", "1"});
  // Values computed independently in Python (math.exp) for true-dog: raw
  // (-0.413896428148, -0.457296069080, -0.000883826306).
  const auto p = code_at(handmade(encoding("true-dog"), centres), 1.3, 1.0);
  CHECK(p[0] == Approx(0.08683195087397146).epsilon(1e-12));
  CHECK(p[1] == 0.0);
  CHECK(p[2] == Approx(0.9131680491260286).epsilon(1e-12));
}

TEST_CASE("a difference code with one cell, or all cells equal, is the uniform distribution") {
  const auto one = code_at(handmade(encoding("true-dog"), {{1.0, 1.0}}), 1.3, 1.0);
  CHECK(one[0] == 1.0);
  // Two cells at the same distance: both differences equal, shifted to 0: uniform.
  const auto two = code_at(handmade(encoding("dog"), {{1.0, 1.0}, {1.6, 1.0}}), 1.3, 1.0);
  CHECK(two[0] == 0.5);
  CHECK(two[1] == 0.5);
}

TEST_CASE("the nearest field of a multi-field cell wins") {
  const Encoding enc = encoding("true-dog");
  Population pop = handmade(enc, {{0.5, 0.5}, {1.0, 1.0}});
  // Give cell 0 a second field at (1.7, 1.7), next to the query point.
  PlaceField extra = pop.fields[0];
  extra.x_m = 1.7;
  extra.y_m = 1.7;
  pop.fields.insert(pop.fields.begin() + 1, extra);
  pop.first_field = {0, 2, 3};
  const auto raw = [](double d2) { return std::exp(-d2 / 0.0288) - std::exp(-d2 / 0.1152); };
  // Cell 1's field at (1.0, 1.0) is 0.7 sqrt(2) away; cell 0's nearest field is at distance 0
  // (true-dog 0 there) and not its far field at (0.5, 0.5).
  const auto p = code_at(pop, 1.7, 1.7);
  auto want = nfl_normalised({0.0, raw(0.98)});
  CHECK(p[0] == Approx(want[0]).epsilon(1e-12));
  CHECK(p[1] == Approx(want[1]).margin(1e-15));
  const auto q = code_at(pop, 1.75, 1.7);
  want = nfl_normalised({raw(0.05 * 0.05), raw(0.75 * 0.75 + 0.7 * 0.7)});
  CHECK(q[0] == Approx(want[0]).epsilon(1e-12));
  CHECK(q[1] == Approx(want[1]).epsilon(1e-12).margin(1e-15));
}

TEST_CASE("periodic arenas measure distance by the minimum image") {
  const Arena solid{2.2, false}, periodic{2.2, true};
  CHECK(squared_distance(solid, 0.1, 0.1, 2.1, 0.1) == Approx(4.0));
  CHECK(squared_distance(periodic, 0.1, 0.1, 2.1, 0.1) == Approx(0.04));
  CHECK(squared_distance(periodic, 0.1, 2.1, 2.1, 0.1) == Approx(0.08));
}

TEST_CASE("cartesian and polar codes are the position in centred coordinates") {
  const Population cart = sample_population(encoding("cartesian"), Arena{2.2, false}, 0);
  REQUIRE(cart.cells == 2);
  const auto c = code_at(cart, 1.6, 0.1);
  CHECK(c[0] == Approx(0.5));
  CHECK(c[1] == Approx(-1.0));
  const Population polar = sample_population(encoding("polar"), Arena{2.2, false}, 0);
  const auto p = code_at(polar, 1.1, 2.1);
  CHECK(p[0] == Approx(1.0));
  CHECK(p[1] == Approx(std::numbers::pi / 2));
}

TEST_CASE("target_code refuses buffers that are too small") {
  const Population pop = sample_population(encoding("dos"), Arena{2.2, false}, 0);
  std::vector<double> out(511), scratch(1024);
  CHECK_THROWS_AS(target_code(pop, 1, 1, out, scratch), InternalError);
}
