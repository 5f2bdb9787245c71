// The encoding options as text (src/params/encoding_text.hpp) through make_encoding: parsing and
// validation of every option as the command line gives it, and the documented defaults
// (theory/defaults.hpp; docs/CONVENTIONS.md, "The two surround conventions").
#include "src/params/encoding_text.hpp"
#include "src/params/parameter_spelling.hpp"
#include "theory/defaults.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

using namespace gridtheory;

namespace {

// What the command line shows of an error.
std::string cli_text(const UserError& e) {
  return e.text(flag_spelling);
}

// make_encoding(spec) must throw a UserError that names `option` (the command line's spelling,
// "--surround-ratio") and quotes `value`.
void require_rejected(const EncodingSpec& spec, const std::string& option,
                      const std::string& value) {
  INFO("--encoding " << spec.encoding << ": expecting " << option << " '" << value
                     << "' to be rejected");
  REQUIRE_THROWS_AS(make_encoding(spec), UserError);
  try {
    make_encoding(spec);
  } catch (const UserError& e) {
    CHECK(flag_spelling(e.option().substr(1, e.option().size() - 2)) == option);
    CHECK(e.value() == value);
    CHECK_THAT(cli_text(e), Catch::StartsWith(option + ": '" + value + "'"));
  }
}

EncodingSpec spec_named(const std::string& encoding) {
  EncodingSpec spec;
  spec.encoding = encoding;
  return spec;
}

const char* const kSurroundFamilies[] = {"dos", "dog", "true-dog", "general-dog", "sod"};

} // namespace

TEST_CASE("make_encoding with no options gives NFL's ideal target", "[encoding][defaults]") {
  const Encoding enc = make_encoding(EncodingSpec{});
  CHECK(enc.family == Family::dos);
  CHECK(family_name(enc.family) == "dos");
  CHECK(enc.sigma_m.is_fixed());
  CHECK(enc.sigma_m.lo == 0.12);
  CHECK(enc.sigma_m.hi == 0.12);
  REQUIRE(enc.surround.has_value());
  CHECK(enc.surround->convention == SurroundConvention::ratio); // NFL: sigma_I = s sigma_E
  CHECK(enc.surround->value.is_fixed());
  CHECK(enc.surround->value.lo == 2.0);
  CHECK(enc.mean_surround_ratio() == 2.0);
  CHECK(enc.cells == 512);
  CHECK(enc.fields_per_cell.is_single());
  CHECK(enc.fields_per_cell.count == 1);
  // The defaults live in one place and make_encoding uses them.
  CHECK(enc.sigma_m.lo == defaults::sigma_m);
  CHECK(enc.surround->value.lo == defaults::surround_ratio);
  CHECK(enc.cells == defaults::cells);
  CHECK(std::string(defaults::encoding) == "dos");
}

TEST_CASE("the default cell count keeps NFL's density in any box", "[encoding][defaults]") {
  // 512 cells in the 2.2 m box (105.8 per square metre), round(512 (L / 2.2)^2) elsewhere.
  CHECK(default_cell_count(2.2) == 512);
  CHECK(default_cell_count(4.4) == 2048);
  CHECK(default_cell_count(1.1) == 128);
  CHECK(default_cell_count(3.0) == 952); // 512 x 1.8595 = 952.07
  CHECK(make_encoding(EncodingSpec{}, 2.2).cells == 512);
  CHECK(make_encoding(EncodingSpec{}, 4.4).cells == 2048);
  CHECK(make_encoding(EncodingSpec{}).cells == 512); // no box: the reference 2.2 m box
  // Far from the reference size the count stays within what --cells accepts.
  CHECK(default_cell_count(0.01) == defaults::min_softmax_cells);
  CHECK(default_cell_count(1e6) == defaults::max_cells);
  CHECK(default_cell_count(1e300) == defaults::max_cells);
  // An explicit --cells wins over the box.
  EncodingSpec spec;
  spec.cells = "300";
  CHECK(make_encoding(spec, 4.4).cells == 300);
  CHECK(make_encoding(spec, 2.2).cells == 300);
}

TEST_CASE("make_encoding parses valid options", "[encoding]") {
  SECTION("every family name is known and round-trips") {
    REQUIRE(family_names().size() == 8);
    for (std::string_view name : family_names()) {
      const Encoding enc = make_encoding(spec_named(std::string(name)));
      CHECK(family_name(enc.family) == name);
      // The surround is set exactly when the family uses one.
      CHECK(enc.surround.has_value() == uses_surround(enc.family));
    }
  }
  SECTION("width and surround flags by family") {
    CHECK_FALSE(uses_width(Family::cartesian));
    CHECK_FALSE(uses_width(Family::polar));
    CHECK_FALSE(uses_surround(Family::gaussian));
    for (const char* name : kSurroundFamilies) {
      const Encoding enc = make_encoding(spec_named(name));
      CHECK(uses_width(enc.family));
      CHECK(uses_surround(enc.family));
    }
  }
  SECTION("a uniform width") {
    EncodingSpec spec;
    spec.sigma = "uniform:0.08,0.16";
    const Encoding enc = make_encoding(spec);
    CHECK_FALSE(enc.sigma_m.is_fixed());
    CHECK(enc.sigma_m.lo == 0.08);
    CHECK(enc.sigma_m.hi == 0.16);
  }
  SECTION("Sorscher's variance ratio keeps its convention; the ratio is its square root") {
    EncodingSpec spec;
    spec.surround_variance_ratio = "2";
    const Encoding enc = make_encoding(spec);
    REQUIRE(enc.surround.has_value());
    CHECK(enc.surround->convention == SurroundConvention::variance_ratio);
    CHECK(enc.surround->value.lo == 2.0);
    CHECK(enc.surround->ratio_for(2.0) == Approx(std::sqrt(2.0)).epsilon(1e-15));
    CHECK(enc.mean_surround_ratio() == Approx(std::sqrt(2.0)).epsilon(1e-15));
  }
  SECTION("mean_surround_ratio uses the distribution's mean in its own convention") {
    EncodingSpec spec;
    spec.surround_variance_ratio = "uniform:2,4";
    CHECK(make_encoding(spec).mean_surround_ratio() == Approx(std::sqrt(3.0)).epsilon(1e-15));
    EncodingSpec ratio;
    ratio.surround_ratio = "uniform:1.5,2.5";
    CHECK(make_encoding(ratio).mean_surround_ratio() == Approx(2.0).epsilon(1e-15));
    CHECK(make_encoding(spec_named("gaussian")).mean_surround_ratio() == 1.0);
  }
  SECTION("general-dog amplitudes; alpha_i may be 0, alpha_e must be positive") {
    EncodingSpec spec = spec_named("general-dog");
    const Encoding def = make_encoding(spec);
    CHECK(def.alpha_e == 1.0);
    CHECK(def.alpha_i == 1.0);
    spec.alpha_e = "1.3";
    spec.alpha_i = "0";
    const Encoding enc = make_encoding(spec);
    CHECK(enc.alpha_e == 1.3);
    CHECK(enc.alpha_i == 0.0);
  }
  SECTION("cells and fields per cell") {
    EncodingSpec spec;
    spec.cells = "2";
    spec.fields_per_cell = "poisson:1.5";
    const Encoding enc = make_encoding(spec);
    CHECK(enc.cells == 2);
    CHECK(enc.fields_per_cell.kind == FieldCount::Kind::one_plus_poisson);
    CHECK(enc.fields_per_cell.mean == 1.5);
  }
  SECTION("cartesian and polar take no width options and keep no surround") {
    for (const char* name : {"cartesian", "polar"}) {
      const Encoding enc = make_encoding(spec_named(name));
      CHECK_FALSE(enc.surround.has_value());
      CHECK_FALSE(uses_width(enc.family));
    }
  }
}

TEST_CASE("make_encoding rejects bad widths, naming --sigma and the value",
          "[encoding][bad-input]") {
  for (const char* bad : {"0", "-0.1", "nan", "inf", "abc", "", "uniform:0.2,0.1", "uniform:0.1",
                          "uniform:a,b", "uniform:0,0.1"}) {
    EncodingSpec spec;
    spec.sigma = bad;
    require_rejected(spec, "--sigma", bad);
  }
}

TEST_CASE("make_encoding rejects a surround that is not wider than the centre",
          "[encoding][bad-input]") {
  for (const char* family : kSurroundFamilies) {
    for (const char* bad : {"1", "0.5", "uniform:1,2", "uniform:0.5,2"}) {
      EncodingSpec spec = spec_named(family);
      spec.surround_ratio = bad;
      require_rejected(spec, "--surround-ratio", bad);
    }
    EncodingSpec var = spec_named(family);
    var.surround_variance_ratio = "1";
    require_rejected(var, "--surround-variance-ratio", "1");
  }
}

TEST_CASE("make_encoding rejects both surround conventions at once", "[encoding][bad-input]") {
  EncodingSpec spec;
  spec.surround_ratio = "2";
  spec.surround_variance_ratio = "4";
  require_rejected(spec, "--surround-variance-ratio", "4");
  try {
    make_encoding(spec);
  } catch (const UserError& e) {
    CHECK_THAT(cli_text(e), Catch::Contains("--surround-ratio"));
  }
}

TEST_CASE("make_encoding rejects options that do not apply to the encoding",
          "[encoding][bad-input]") {
  SECTION("amplitudes only with general-dog") {
    for (const char* family : {"dos", "dog", "true-dog", "sod", "gaussian"}) {
      EncodingSpec e = spec_named(family);
      e.alpha_e = "1.3";
      require_rejected(e, "--alpha-e", "1.3");
      EncodingSpec i = spec_named(family);
      i.alpha_i = "0.4";
      require_rejected(i, "--alpha-i", "0.4");
    }
  }
  SECTION("no width, cells or fields for cartesian and polar") {
    for (const char* family : {"cartesian", "polar"}) {
      EncodingSpec s = spec_named(family);
      s.sigma = "0.12";
      require_rejected(s, "--sigma", "0.12");
      EncodingSpec c = spec_named(family);
      c.cells = "512";
      require_rejected(c, "--cells", "512");
      EncodingSpec f = spec_named(family);
      f.fields_per_cell = "1";
      require_rejected(f, "--fields-per-cell", "1");
    }
  }
  SECTION("no surround without a difference") {
    for (const char* family : {"gaussian", "cartesian", "polar"}) {
      EncodingSpec r = spec_named(family);
      r.surround_ratio = "2";
      require_rejected(r, "--surround-ratio", "2");
      EncodingSpec v = spec_named(family);
      v.surround_variance_ratio = "2";
      require_rejected(v, "--surround-variance-ratio", "2");
    }
  }
  SECTION("the message says which encodings take the option") {
    EncodingSpec spec = spec_named("gaussian");
    spec.surround_ratio = "2";
    try {
      make_encoding(spec);
      FAIL("no exception");
    } catch (const UserError& e) {
      CHECK_THAT(cli_text(e), Catch::Contains("--encoding gaussian") &&
                                  Catch::Contains("dos, dog, true-dog, general-dog"));
    }
  }
}

TEST_CASE("make_encoding rejects bad amplitudes, encodings, field counts and cell counts",
          "[encoding][bad-input]") {
  SECTION("amplitudes") {
    EncodingSpec e = spec_named("general-dog");
    e.alpha_e = "0";
    require_rejected(e, "--alpha-e", "0");
    EncodingSpec i = spec_named("general-dog");
    i.alpha_i = "-1";
    require_rejected(i, "--alpha-i", "-1");
    EncodingSpec n = spec_named("general-dog");
    n.alpha_e = "nan";
    require_rejected(n, "--alpha-e", "nan");
  }
  SECTION("unknown encoding lists the known ones") {
    require_rejected(spec_named("dogg"), "--encoding", "dogg");
    require_rejected(spec_named("DoS"), "--encoding", "DoS");
    require_rejected(spec_named(""), "--encoding", "");
    try {
      make_encoding(spec_named("dogg"));
    } catch (const UserError& e) {
      CHECK_THAT(
          std::string(e.what()),
          Catch::Contains("cartesian, polar, gaussian, dos, dog, true-dog, general-dog, sod"));
    }
  }
  SECTION("fields per cell") {
    for (const char* bad : {"0", "1.5", "poisson:-1", "poisson:x"}) {
      EncodingSpec spec;
      spec.fields_per_cell = bad;
      require_rejected(spec, "--fields-per-cell", bad);
    }
  }
  SECTION("cells") {
    for (const char* bad : {"0", "12x", "-3", ""}) {
      EncodingSpec spec;
      spec.cells = bad;
      require_rejected(spec, "--cells", bad);
    }
  }
}

// Regression: "3000000000" once became -1294967296 cells and "4294967808" silently 512.
TEST_CASE("make_encoding rejects a cell count beyond its documented maximum",
          "[encoding][bad-input]") {
  for (const char* bad : {"1000001", "3000000000", "4294967808", "99999999999999999999"}) {
    EncodingSpec spec;
    spec.cells = bad;
    require_rejected(spec, "--cells", bad);
  }
}

// Regression: a ratio of 1e200 once overflowed s^2 and gave k* = NaN ("square").
TEST_CASE("make_encoding rejects surround ratios beyond the documented maximum",
          "[encoding][bad-input]") {
  for (const char* bad : {"1000.5", "1e200"}) {
    EncodingSpec spec;
    spec.surround_ratio = bad;
    require_rejected(spec, "--surround-ratio", bad);
  }
  EncodingSpec variance;
  variance.surround_variance_ratio = "1e7";
  require_rejected(variance, "--surround-variance-ratio", "1e7");
  EncodingSpec ok;
  ok.surround_ratio = "1000";
  CHECK(make_encoding(ok).mean_surround_ratio() == 1000.0);
}

TEST_CASE("1 + Poisson(0) fields is exactly one field per cell", "[encoding]") {
  EncodingSpec spec;
  spec.fields_per_cell = "poisson:0";
  const Encoding enc = make_encoding(spec);
  CHECK(enc.fields_per_cell.is_single());
  CHECK(enc.fields_per_cell.to_string() == "poisson:0");
  spec.fields_per_cell = "poisson:0.01";
  CHECK_FALSE(make_encoding(spec).fields_per_cell.is_single());
}

// Text keeps the value as typed in the message; the typed path (tests/theory/test_encoding.cpp)
// quotes the value as the library writes it back.
TEST_CASE("the text path quotes an out-of-range value as it was typed", "[encoding][bad-input]") {
  EncodingSpec spec;
  spec.sigma = "1e10";
  require_rejected(spec, "--sigma", "1e10");
  try {
    make_encoding(spec);
  } catch (const UserError& e) {
    CHECK(cli_text(e) == "--sigma: '1e10' is out of range (allowed: a width in metres >= 1e-09 and "
                         "<= 1e+09, or uniform:LO,HI with LO < HI)");
  }
  // Found by fuzz/fuzz_encoding: --alpha-e of 200 fives (5.6e199).
  EncodingSpec fives;
  fives.encoding = "general-dog";
  fives.alpha_e = std::string(200, '5');
  require_rejected(fives, "--alpha-e", std::string(200, '5'));
}

TEST_CASE("spec_of writes a typed encoding as options that parse back to it", "[encoding]") {
  const auto json_of = [](const Encoding& e) {
    return "family " + std::string(family_name(e.family)) + " sigma " + e.sigma_m.to_string() +
           " surround " +
           (e.surround ? std::to_string(static_cast<int>(e.surround->convention)) + ":" +
                             e.surround->value.to_string()
                       : std::string("none")) +
           " alpha " + format_number(e.alpha_e) + "," + format_number(e.alpha_i) + " fields " +
           e.fields_per_cell.to_string() + " cells " + std::to_string(e.cells);
  };
  EncodingSpec general = spec_named("general-dog");
  general.sigma = "uniform:0.08,0.16";
  general.surround_variance_ratio = "3";
  general.alpha_e = "4";
  general.alpha_i = "0";
  general.fields_per_cell = "poisson:1.5";
  general.cells = "300";
  EncodingSpec cartesian = spec_named("cartesian");
  for (const EncodingSpec& spec : {EncodingSpec{}, general, cartesian, spec_named("gaussian")}) {
    INFO(spec.encoding);
    const Encoding enc = make_encoding(spec, 4.4);
    const EncodingSpec written = spec_of(enc);
    // Explicit cells: the box no longer changes the count.
    CHECK(json_of(make_encoding(written, 2.2)) == json_of(enc));
  }
  const EncodingSpec w = spec_of(make_encoding(general));
  CHECK(w.sigma == "uniform:0.08,0.16");
  CHECK(w.surround_variance_ratio == "3");
  CHECK_FALSE(w.surround_ratio.has_value());
  CHECK(w.alpha_i == "0");
  CHECK(w.fields_per_cell == "poisson:1.5");
  CHECK(w.cells == "300");
  CHECK_FALSE(spec_of(make_encoding(cartesian)).sigma.has_value());
}
