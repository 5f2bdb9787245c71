// Parameter names in errors (theory/errors.hpp): the library writes {name}; each edge spells it.
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace gridtheory;

namespace {
std::string flag(std::string_view name) {
  std::string f = "--" + std::string(name);
  for (char& c : f)
    if (c == '_') c = '-';
  return f;
}
} // namespace

TEST_CASE("spell_parameters spells {name} and leaves every other text alone", "[errors]") {
  CHECK(param("surround_ratio") == "{surround_ratio}");
  CHECK(spell_parameters("{surround_ratio}: '1' is out of range", flag) ==
        "--surround-ratio: '1' is out of range");
  CHECK(spell_parameters("with {encoding} dos and {k_max2}", flag) ==
        "with --encoding dos and --k-max2");
  // Not a name: empty, capitals, a leading digit or underscore, a space, unclosed, JSON.
  for (const char* same :
       {"{}", "{A}", "{1a}", "{_a}", "{a b}", "a{b", "{a", "}", "{\"a\":1}", "{{", "plain text"})
    CHECK(spell_parameters(same, flag) == same);
  CHECK(spell_parameters("{{sigma}}", flag) == "{--sigma}");
}

TEST_CASE("UserError keeps the library's spelling and renders each edge's", "[errors]") {
  const UserError e(param("alpha_e"), "0", "is out of range",
                    "a centre amplitude > 0, see " + param("alpha_i"));
  CHECK(e.option() == "{alpha_e}");
  CHECK(std::string(e.what()) ==
        "{alpha_e}: '0' is out of range (allowed: a centre amplitude > 0, see {alpha_i})");
  CHECK(e.text(flag) ==
        "--alpha-e: '0' is out of range (allowed: a centre amplitude > 0, see --alpha-i)");
  CHECK(e.text([](std::string_view n) { return std::string(n); }) ==
        "alpha_e: '0' is out of range (allowed: a centre amplitude > 0, see alpha_i)");
  // An edge's own name is shown as it is.
  const UserError own("--out", "x", "exists", "");
  CHECK(own.text(flag) == "--out: 'x' exists");
}
