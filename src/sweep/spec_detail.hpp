// The pieces of a sweep spec's TOML that src/sweep/spec.cpp expands into runs: option values
// as text, axes, random axes and their draws. Internal to the sweep's spec reader (not
// installed: *_detail.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace gridtheory::sweep::detail {

// Every spec error names the spec file, as the SPEC argument.
inline constexpr std::string_view spec_option = "SPEC";

// Throws the UserError of a spec: `where` (a TOML path) and what is wrong with it.
struct SpecError {
  const std::string& source;
  [[noreturn]] void operator()(const std::string& where, const std::string& what,
                               const std::string& allowed) const;
};

// Options as text by name; nullopt: a flag set to false (left out of the command line).
using Options = std::map<std::string, std::optional<std::string>>;

// An axis: option name and its values (nullopt: the flag left out).
struct Axis {
  std::string name;
  std::vector<std::optional<std::string>> values;
};

// A random axis: a distribution drawn once per sample.
struct RandomAxis {
  std::string name;
  std::string kind; // uniform, log-uniform, int, choice
  double lo = 0, hi = 0;
  std::vector<std::optional<std::string>> choices;
};

struct RandomSpec {
  long long samples = 0;
  std::uint64_t seed = 0;
  std::vector<RandomAxis> axes;
};

// spec_values.cpp: TOML values as option text.
std::string shortest(double v); // the shortest text that reads back to v
// An option name as a spec may write it: no dashes, none the sweep sets itself.
void check_option_name(const std::string& name, const SpecError& fail, const std::string& where);
std::optional<std::string> scalar_text(const toml::node& node, const SpecError& fail,
                                       const std::string& where);
Options scalar_table(const toml::table& t, const SpecError& fail, const std::string& where);
std::vector<Axis> axes_of(const toml::table& t, const SpecError& fail, const std::string& where);
std::string command_of(const toml::node* node, const std::string& fallback, const SpecError& fail,
                       const std::string& where);
std::optional<std::vector<std::string>> seeds_of(const toml::node* node, const SpecError& fail,
                                                 const std::string& where);
const toml::table* table_at(const toml::table& t, std::string_view key, const SpecError& fail,
                            const std::string& where);

// spec_random.cpp: random axes.
RandomSpec random_of(const toml::table& t, const SpecError& fail, const std::string& where);
std::optional<std::string> draw(const RandomAxis& a, std::uint64_t seed, long long sample);

} // namespace gridtheory::sweep::detail
