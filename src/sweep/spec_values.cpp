// A sweep spec's TOML values as option text (src/sweep/spec_detail.hpp).
#include "src/sweep/spec_detail.hpp"
#include "theory/errors.hpp"

#include <charconv>
#include <cmath>
#include <set>

namespace gridtheory::sweep::detail {

namespace {

const std::set<std::string, std::less<>> commands = {"predict", "pattern", "train"};
// Options the sweep itself sets for every run.
const std::set<std::string, std::less<>> reserved = {"out",    "resume", "init-from",
                                                     "format", "plot",   "threads"};

} // namespace

void SpecError::operator()(const std::string& where, const std::string& what,
                           const std::string& allowed) const {
  throw UserError(std::string(spec_option), source, where + ": " + what, allowed);
}

std::string shortest(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// A scalar TOML value as option text; nullopt for `false` (the flag is left out).
std::optional<std::string> scalar_text(const toml::node& node, const SpecError& fail,
                                       const std::string& where) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* f = node.as_floating_point()) {
    if (!std::isfinite(f->get())) fail(where, "is not finite", "a finite number");
    return shortest(f->get());
  }
  if (const auto* b = node.as_boolean()) {
    if (b->get()) return std::string("true");
    return std::nullopt;
  }
  fail(where, "is not a string, number or boolean", "a string, number or boolean");
}

void check_option_name(const std::string& name, const SpecError& fail, const std::string& where) {
  if (name.empty() || name.front() == '-')
    fail(where, "option '" + name + "' must be written without dashes", "e.g. sigma = 0.12");
  if (reserved.count(name))
    fail(where, "option '" + name + "' is set by the sweep itself",
         "any option but out, resume, init-from, format, plot, threads");
}

Options scalar_table(const toml::table& t, const SpecError& fail, const std::string& where) {
  Options out;
  for (auto&& [key, node] : t) {
    const std::string name(key.str());
    check_option_name(name, fail, where);
    if (node.is_array() || node.is_table())
      fail(where + "." + name, "is a list or table", "one value (lists belong in grid or zip)");
    out[name] = scalar_text(node, fail, where + "." + name);
  }
  return out;
}

std::vector<Axis> axes_of(const toml::table& t, const SpecError& fail, const std::string& where) {
  std::vector<Axis> axes;
  for (auto&& [key, node] : t) {
    const std::string name(key.str());
    check_option_name(name, fail, where);
    const auto* arr = node.as_array();
    if (!arr || arr->empty())
      fail(where + "." + name, "is not a non-empty list", "a list of values, e.g. [0.08, 0.12]");
    Axis axis{name, {}};
    for (std::size_t i = 0; i < arr->size(); ++i)
      axis.values.push_back(
          scalar_text(*arr->get(i), fail, where + "." + name + "[" + std::to_string(i) + "]"));
    axes.push_back(std::move(axis));
  }
  return axes;
}

std::string command_of(const toml::node* node, const std::string& fallback, const SpecError& fail,
                       const std::string& where) {
  if (!node) return fallback;
  const auto* s = node->as_string();
  if (!s || !commands.count(s->get()))
    fail(where + ".command",
         "is '" + (s ? s->get() : std::string("(not a string)")) + "', not a sweepable command",
         "predict, pattern, train");
  return s->get();
}

std::optional<std::vector<std::string>> seeds_of(const toml::node* node, const SpecError& fail,
                                                 const std::string& where) {
  if (!node) return std::nullopt;
  const auto* arr = node->as_array();
  if (!arr || arr->empty()) fail(where + ".seeds", "is not a non-empty list", "seeds = [0, 1, 2]");
  std::vector<std::string> seeds;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto* v = arr->get(i)->as_integer();
    if (!v || v->get() < 0)
      fail(where + ".seeds[" + std::to_string(i) + "]", "is not a non-negative integer",
           "seeds = [0, 1, 2]");
    seeds.push_back(std::to_string(v->get()));
  }
  return seeds;
}

const toml::table* table_at(const toml::table& t, std::string_view key, const SpecError& fail,
                            const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return nullptr;
  const auto* tbl = n->as_table();
  if (!tbl) fail(where + "." + std::string(key), "is not a table", "a TOML table");
  return tbl;
}

} // namespace gridtheory::sweep::detail
