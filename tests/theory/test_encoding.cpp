// make_encoding on typed options (theory/encoding.hpp): the defaults, which parameter applies to
// which family, the ranges, and errors that name the parameter in the library's spelling
// (theory/errors.hpp). The text path is tested in tests/src/test_encoding_text.cpp.
#include "theory/defaults.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

using namespace gridtheory;

namespace {

// make_encoding(o) throws a UserError naming `parameter` and quoting `value`.
void require_rejected(const EncodingOptions& o, const std::string& parameter,
                      const std::string& value) {
  INFO(family_name(o.family) << ": expecting " << parameter << " '" << value << "'");
  try {
    make_encoding(o);
    FAIL("accepted");
  } catch (const UserError& e) {
    CHECK(e.option() == param(parameter));
    CHECK(e.value() == value);
  }
}

// The message with parameters in Python's spelling (the keyword itself).
std::string keyword_text(const UserError& e) {
  return e.text([](std::string_view name) { return std::string(name); });
}

} // namespace

TEST_CASE("typed options: nothing given is NFL's DoS target", "[encoding][defaults]") {
  const Encoding enc = make_encoding(EncodingOptions{});
  CHECK(enc.family == Family::dos);
  CHECK(enc.sigma_m.is_fixed());
  CHECK(enc.sigma_m.lo == defaults::sigma_m);
  REQUIRE(enc.surround.has_value());
  CHECK(enc.surround->convention == SurroundConvention::ratio);
  CHECK(enc.surround->value.lo == defaults::surround_ratio);
  CHECK(enc.cells == 512);
  CHECK(make_encoding(EncodingOptions{}, 4.4).cells == 2048);
  CHECK(enc.fields_per_cell.is_single());
}

TEST_CASE("typed options: given values are kept exactly", "[encoding]") {
  EncodingOptions o;
  o.family = Family::general_dog;
  o.sigma_m = Distribution::uniform(0.08, 0.16);
  o.surround_variance_ratio = Distribution::fixed(3.0);
  o.alpha_e = 4.0;
  o.alpha_i = 0.0; // a surround amplitude may be 0
  o.fields_per_cell = FieldCount{FieldCount::Kind::one_plus_poisson, 1, 1.5};
  o.cells = 300;
  const Encoding enc = make_encoding(o, 4.4);
  CHECK(enc.family == Family::general_dog);
  CHECK(enc.sigma_m.lo == 0.08);
  CHECK(enc.sigma_m.hi == 0.16);
  REQUIRE(enc.surround.has_value());
  CHECK(enc.surround->convention == SurroundConvention::variance_ratio);
  CHECK(enc.mean_surround_ratio() == Approx(std::sqrt(3.0)).epsilon(1e-15));
  CHECK(enc.alpha_e == 4.0);
  CHECK(enc.alpha_i == 0.0);
  CHECK(enc.fields_per_cell.mean == 1.5);
  CHECK(enc.cells == 300); // given cells win over the box's default
}

TEST_CASE("which parameter applies to which family", "[encoding]") {
  using P = EncodingParameter;
  for (P p : {P::sigma, P::fields_per_cell, P::cells}) {
    CHECK_FALSE(applies(p, Family::cartesian));
    CHECK_FALSE(applies(p, Family::polar));
    CHECK(applies(p, Family::gaussian));
    CHECK(applies(p, Family::dos));
  }
  for (P p : {P::surround_ratio, P::surround_variance_ratio}) {
    CHECK_FALSE(applies(p, Family::gaussian));
    for (Family f : {Family::dos, Family::dog, Family::true_dog, Family::general_dog, Family::sod})
      CHECK(applies(p, f));
  }
  for (P p : {P::alpha_e, P::alpha_i}) {
    CHECK(applies(p, Family::general_dog));
    CHECK_FALSE(applies(p, Family::dog));
  }
  CHECK(parameter_name(P::surround_variance_ratio) == "surround_variance_ratio");
}

TEST_CASE("typed options: a parameter that does not apply is refused by name",
          "[encoding][bad-input]") {
  EncodingOptions o;
  o.family = Family::gaussian;
  o.surround_ratio = Distribution::fixed(2.0);
  require_rejected(o, "surround_ratio", "2");
  try {
    make_encoding(o);
  } catch (const UserError& e) {
    CHECK(keyword_text(e) == "surround_ratio: '2' does not apply to encoding gaussian (allowed: "
                             "only with dos, dog, true-dog, general-dog, sod)");
  }
  EncodingOptions c;
  c.family = Family::cartesian;
  c.cells = 64;
  require_rejected(c, "cells", "64");
  EncodingOptions a;
  a.alpha_i = 0.5; // dos
  require_rejected(a, "alpha_i", "0.5");
}

TEST_CASE("typed options: values out of range are refused, quoted as the library writes them",
          "[encoding][bad-input]") {
  EncodingOptions sigma;
  sigma.sigma_m = Distribution::fixed(-0.1);
  require_rejected(sigma, "sigma", "-0.1");
  EncodingOptions nan_sigma;
  nan_sigma.sigma_m = Distribution::fixed(std::nan(""));
  require_rejected(nan_sigma, "sigma", "nan");
  EncodingOptions reversed;
  reversed.sigma_m = Distribution::uniform(0.2, 0.1); // LO < HI is required
  require_rejected(reversed, "sigma", "uniform:0.2,0.1");
  EncodingOptions narrow;
  narrow.surround_ratio = Distribution::fixed(1.0); // the surround must be wider
  require_rejected(narrow, "surround_ratio", "1");
  EncodingOptions amplitude;
  amplitude.family = Family::general_dog;
  amplitude.alpha_e = 0.0; // the centre amplitude must be positive
  require_rejected(amplitude, "alpha_e", "0");
  EncodingOptions fields;
  fields.fields_per_cell = FieldCount{FieldCount::Kind::fixed, 0, 0.0};
  require_rejected(fields, "fields_per_cell", "0");
  EncodingOptions cells;
  cells.cells = 0;
  require_rejected(cells, "cells", "0");
  EncodingOptions softmax;
  softmax.cells = 1; // a softmax over one cell carries no position
  require_rejected(softmax, "cells", "1");
}

TEST_CASE("typed options: both surround conventions at once are refused", "[encoding][bad-input]") {
  EncodingOptions o;
  o.surround_ratio = Distribution::fixed(2.0);
  o.surround_variance_ratio = Distribution::fixed(4.0);
  require_rejected(o, "surround_variance_ratio", "4");
  try {
    make_encoding(o);
  } catch (const UserError& e) {
    CHECK_THAT(keyword_text(e), Catch::Contains("cannot be combined with surround_ratio 2"));
  }
}

TEST_CASE("family names map to families and back", "[encoding]") {
  for (std::string_view name : family_names())
    CHECK(family_name(family_from_name(name).value()) == name);
  CHECK_FALSE(family_from_name("DoS").has_value());
  CHECK(joined_family_names() ==
        "cartesian, polar, gaussian, dos, dog, true-dog, general-dog, sod");
}
