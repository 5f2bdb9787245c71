// The strict option parsers of theory/distribution.hpp: numbers, counts, width distributions
// and field counts. Every rejection is a UserError whose what() reads
// "OPTION: 'VALUE' MESSAGE (allowed: ...)" (theory/errors.hpp).
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

using namespace gridtheory;

namespace {

const Range kWidth{0.0, true, "a width in metres"};         // value > 0
const Range kAmplitude{0.0, false, "a surround amplitude"}; // value >= 0

// Runs `f`, requires a UserError, and checks that it names the option and the exact value.
template <class F>
void require_user_error(F&& f, const std::string& option, const std::string& value) {
  INFO("option " << option << ", value '" << value << "'");
  REQUIRE_THROWS_AS(f(), UserError);
  try {
    f();
  } catch (const UserError& e) {
    CHECK(e.option() == option);
    CHECK(e.value() == value);
    CHECK_THAT(std::string(e.what()), Catch::StartsWith(option + ": '" + value + "'"));
  }
}

} // namespace

TEST_CASE("parse_number accepts finite numbers spanning the text and enforces the bound",
          "[distribution][parse]") {
  CHECK(parse_number("--x", "0.12", kWidth) == 0.12);
  CHECK(parse_number("--x", "1e-1", kWidth) == 0.1);
  CHECK(parse_number("--x", "+0.5", kWidth) == 0.5);
  // The parser trims spaces and tabs around the number (read_double calls trim()).
  CHECK(parse_number("--x", " 0.12 ", kWidth) == 0.12);
  CHECK(parse_number("--x", "\t0.12\t", kWidth) == 0.12);
  // A non-strict bound admits the bound itself; a strict one does not.
  CHECK(parse_number("--x", "0", kAmplitude) == 0.0);
  require_user_error([] { return parse_number("--x", "0", kWidth); }, "--x", "0");
  require_user_error([] { return parse_number("--x", "-0", kWidth); }, "--x", "-0");

  SECTION("rejects text that is not one finite number") {
    for (const char* bad :
         {"", " ", "abc", "nan", "inf", "-inf", "0.12m", "0.12 0.2", "1,5", "++1", "0x1p-3"}) {
      require_user_error([bad] { return parse_number("--alpha-e", bad, kWidth); }, "--alpha-e",
                         bad);
    }
  }
  SECTION("the message states the allowed range") {
    try {
      parse_number("--sigma", "-0.1", kWidth);
      FAIL("no exception");
    } catch (const UserError& e) {
      CHECK_THAT(std::string(e.what()),
                 Catch::Contains("out of range") && Catch::Contains("a width in metres > 0"));
    }
  }
}

TEST_CASE("parse_count accepts whole numbers at or above the minimum", "[distribution][parse]") {
  CHECK(parse_count("--cells", "512", 1, 1000000, "a number of place cells") == 512);
  CHECK(parse_count("--cells", " 7 ", 1, 1000000, "a number of place cells") == 7);
  CHECK(parse_count("--cells", "+3", 1, 1000000, "a number of place cells") == 3);
  CHECK(parse_count("--cells", "1", 1, 1000000, "a number of place cells") == 1);
  for (const char* bad : {"0", "-4", "12x", "1.5", "1e3", "", "x"})
    require_user_error(
        [bad] { return parse_count("--cells", bad, 1, 1000000, "a number of place cells"); },
        "--cells", bad);
}

TEST_CASE("parse_distribution reads a fixed value or uniform:LO,HI", "[distribution][parse]") {
  SECTION("fixed") {
    const Distribution d = parse_distribution("--sigma", "0.12", kWidth);
    CHECK(d.is_fixed());
    CHECK(d.lo == 0.12);
    CHECK(d.hi == 0.12);
    CHECK(d.mean() == 0.12);
  }
  SECTION("uniform") {
    const Distribution d = parse_distribution("--sigma", "uniform:0.08,0.16", kWidth);
    CHECK_FALSE(d.is_fixed());
    CHECK(d.kind == Distribution::Kind::uniform);
    CHECK(d.lo == 0.08);
    CHECK(d.hi == 0.16);
    CHECK(d.mean() == Approx(0.12).epsilon(1e-15));
  }
  SECTION("surrounding blanks are trimmed, in both forms") {
    CHECK(parse_distribution("--sigma", " 0.12 ", kWidth).lo == 0.12);
    const Distribution d = parse_distribution("--sigma", " uniform: 0.08 , 0.16 ", kWidth);
    CHECK(d.lo == 0.08);
    CHECK(d.hi == 0.16);
  }
  SECTION("bad values name the option and the value") {
    for (const char* bad :
         {"0", "-0.1", "nan", "inf", "abc", "", "uniform:0.2,0.1", "uniform:0.1,0.1", "uniform:0.1",
          "uniform:a,b", "uniform:0,0.1", "uniform:", "uniform:0.1,0.2,0.3", "normal:0.1,0.2"}) {
      require_user_error([bad] { return parse_distribution("--sigma", bad, kWidth); }, "--sigma",
                         bad);
    }
  }
  SECTION("the allowed text mentions the uniform syntax") {
    try {
      parse_distribution("--sigma", "uniform:0.2,0.1", kWidth);
      FAIL("no exception");
    } catch (const UserError& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains("uniform:LO,HI with LO < HI"));
    }
  }
}

TEST_CASE("Distribution::to_string round-trips through parse_distribution",
          "[distribution][format]") {
  const Distribution cases[] = {
      Distribution::fixed(0.12),        Distribution::fixed(0.1 + 0.2), // 0.30000000000000004
      Distribution::fixed(1.0 / 3.0),   Distribution::uniform(0.08, 0.16),
      Distribution::uniform(1e-3, 2.5), Distribution::uniform(1.0 / 7.0, 2.0 / 7.0)};
  for (const Distribution& d : cases) {
    const std::string text = d.to_string();
    INFO(text);
    const Distribution back = parse_distribution("--sigma", text, kWidth);
    CHECK(back.kind == d.kind);
    CHECK(back.lo == d.lo); // bit-exact: format_number is the shortest round-trip text
    CHECK(back.hi == d.hi);
  }
  CHECK(Distribution::fixed(0.12).to_string() == "0.12");
  CHECK(Distribution::uniform(0.08, 0.16).to_string() == "uniform:0.08,0.16");
}

TEST_CASE("format_number prints the shortest text that reads back", "[distribution][format]") {
  CHECK(format_number(0.12) == "0.12");
  CHECK(format_number(2.0) == "2");
  CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");
  const double x = std::sqrt(2.0);
  CHECK(std::stod(format_number(x)) == x);
}

TEST_CASE("parse_field_count reads N or poisson:MEAN", "[distribution][parse]") {
  SECTION("fixed counts") {
    const FieldCount one = parse_field_count("--fields-per-cell", "1");
    CHECK(one.kind == FieldCount::Kind::fixed);
    CHECK(one.count == 1);
    CHECK(one.is_single());
    const FieldCount three = parse_field_count("--fields-per-cell", "3");
    CHECK(three.count == 3);
    CHECK_FALSE(three.is_single());
    CHECK(parse_field_count("--fields-per-cell", "1000000").count == 1000000);
  }
  SECTION("1 + Poisson(mean)") {
    const FieldCount p = parse_field_count("--fields-per-cell", "poisson:1.5");
    CHECK(p.kind == FieldCount::Kind::one_plus_poisson);
    CHECK(p.mean == 1.5);
    CHECK_FALSE(p.is_single());
    CHECK(parse_field_count("--fields-per-cell", "poisson:0").mean == 0.0);
  }
  SECTION("default-constructed is one field") {
    CHECK(FieldCount{}.is_single());
    CHECK(FieldCount{}.to_string() == "1");
  }
  SECTION("to_string round-trips") {
    for (const char* text : {"poisson:1.5", "poisson:0.25", "4", "1"}) {
      const FieldCount fc = parse_field_count("--fields-per-cell", text);
      CHECK(fc.to_string() == text);
      const FieldCount back = parse_field_count("--fields-per-cell", fc.to_string());
      CHECK(back.kind == fc.kind);
      CHECK(back.count == fc.count);
      CHECK(back.mean == fc.mean);
    }
  }
  SECTION("bad values") {
    for (const char* bad : {"0", "-1", "1.5", "1000001", "poisson:-1", "poisson:x",
                            "poisson:", "poisson:nan", "x", ""}) {
      require_user_error([bad] { return parse_field_count("--fields-per-cell", bad); },
                         "--fields-per-cell", bad);
    }
  }
}

TEST_CASE("parse_range reads LO:HI:STEP scans, HI included on the grid") {
  const Range any{0.0, true, "a width in metres"};
  const auto v = parse_range("--sigma", "0.08:0.2:0.005", any);
  REQUIRE(v.size() == 25);
  CHECK(v.front() == 0.08);
  CHECK(v.back() == Approx(0.2).epsilon(1e-12));
  CHECK(parse_range("--sigma", "0.1:0.1:0.01", any).size() == 1);
  CHECK(parse_range("--sigma", "0.1:0.15:0.02", any).size() == 3);
  CHECK(is_range("0.08:0.2:0.005"));
  CHECK_FALSE(is_range("uniform:0.1,0.2"));
  CHECK_FALSE(is_range("0.12"));
  for (const char* bad :
       {"0.2:0.1:0.01", "0.1:0.2:0", "0.1:0.2:-1", "a:b:c", "0.1:0.2", "0:0.2:0.1", "0.1:1e9:1e-6"})
    CHECK_THROWS_AS(parse_range("--sigma", bad, any), UserError);
}

TEST_CASE("typed values are held to the same ranges as their text", "[distribution][bad-input]") {
  const Range width{0.0, true, "a width in metres", 10.0};
  CHECK_NOTHROW(require_in_range("x", 0.5, width));
  CHECK_NOTHROW(require_in_range("x", Distribution::uniform(0.1, 0.2), width));
  require_user_error(
      [&] {
        require_in_range("x", 0.0, width);
        return 0;
      },
      "x", "0");
  require_user_error(
      [&] {
        require_in_range("x", 10.5, width);
        return 0;
      },
      "x", "10.5");
  require_user_error(
      [&] {
        require_in_range("x", std::nan(""), width);
        return 0;
      },
      "x", "nan");
  require_user_error(
      [&] {
        require_in_range("x", Distribution::uniform(0.2, 0.1), width);
        return 0;
      },
      "x", "uniform:0.2,0.1");
  // A "fixed" value whose two ends differ is not a fixed value.
  require_user_error(
      [&] {
        require_in_range("x", Distribution{Distribution::Kind::fixed, 0.1, 0.2}, width);
        return 0;
      },
      "x", "0.1");
  require_user_error(
      [&] {
        require_count_in_range("n", 0, 1, 5, "a count");
        return 0;
      },
      "n", "0");
  CHECK_NOTHROW(require_count_in_range("n", 5, 1, 5, "a count"));
  require_user_error(
      [&] {
        require_valid("f", FieldCount{FieldCount::Kind::one_plus_poisson, 1, -1.0});
        return 0;
      },
      "f", "poisson:-1");
  require_user_error(
      [&] {
        require_valid("f", FieldCount{FieldCount::Kind::fixed, 0, 0.0});
        return 0;
      },
      "f", "0");
  CHECK_NOTHROW(require_valid("f", FieldCount{FieldCount::Kind::fixed, 3, 0.0}));
}
