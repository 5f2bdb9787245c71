#include "src/sweep/spec.hpp"

#include "src/train/dropout.hpp"
#include "theory/errors.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace gridtheory::sweep {

namespace {

constexpr std::string_view spec_option = "SPEC";
// More runs than any machine or cluster would finish: a spec that expands further is a mistake
// (and would exhaust memory before saying so).
constexpr std::size_t max_runs = 1'000'000;
const std::set<std::string, std::less<>> commands = {"predict", "pattern", "train"};
// Options the sweep itself sets for every run.
const std::set<std::string, std::less<>> reserved = {"out",    "resume", "init-from",
                                                     "format", "plot",   "threads"};

struct SpecError {
  const std::string& source;
  [[noreturn]] void operator()(const std::string& where, const std::string& what,
                               const std::string& allowed) const {
    throw UserError(std::string(spec_option), source, where + ": " + what, allowed);
  }
};

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

using Options = std::map<std::string, std::optional<std::string>>;

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

// An axis: option name and its values (nullopt: the flag left out).
struct Axis {
  std::string name;
  std::vector<std::optional<std::string>> values;
};

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

// A random axis: a distribution drawn once per sample.
struct RandomAxis {
  std::string name;
  std::string kind; // uniform, log-uniform, int, choice
  double lo = 0, hi = 0;
  std::vector<std::optional<std::string>> choices;
};

double as_number(const toml::node* n, const SpecError& fail, const std::string& where) {
  if (n) {
    if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
    if (const auto* f = n->as_floating_point())
      if (std::isfinite(f->get())) return f->get();
  }
  fail(where, "is not a finite number", "a number");
}

struct RandomSpec {
  long long samples = 0;
  std::uint64_t seed = 0;
  std::vector<RandomAxis> axes;
};

RandomSpec random_of(const toml::table& t, const SpecError& fail, const std::string& where) {
  RandomSpec r;
  for (auto&& [key, node] : t) {
    const std::string name(key.str());
    const std::string at = where + "." + name;
    if (name == "samples" || name == "seed") {
      const auto* i = node.as_integer();
      if (!i || i->get() < (name == "samples" ? 1 : 0))
        fail(at,
             "is not " + std::string(name == "samples" ? "a positive" : "a non-negative") +
                 " integer",
             name == "samples" ? "samples = N with N >= 1" : "seed = N with N >= 0");
      if (name == "samples")
        r.samples = i->get();
      else
        r.seed = static_cast<std::uint64_t>(i->get());
      continue;
    }
    check_option_name(name, fail, where);
    const auto* dist = node.as_table();
    if (!dist || dist->size() != 1)
      fail(at, "is not a distribution",
           "{ uniform = [lo, hi] }, { log-uniform = [lo, hi] }, { int = [lo, hi] } or "
           "{ choice = [a, b, ...] }");
    const auto first = dist->cbegin();
    RandomAxis axis{name, std::string(first->first.str()), 0, 0, {}};
    const toml::array* arr = first->second.as_array();
    if (axis.kind == "choice") {
      if (!arr || arr->empty()) fail(at + ".choice", "is not a non-empty list", "[a, b, ...]");
      for (std::size_t i = 0; i < arr->size(); ++i)
        axis.choices.push_back(
            scalar_text(*arr->get(i), fail, at + ".choice[" + std::to_string(i) + "]"));
    } else if (axis.kind == "uniform" || axis.kind == "log-uniform" || axis.kind == "int") {
      if (!arr || arr->size() != 2)
        fail(at + "." + axis.kind, "is not a pair [lo, hi]", "[lo, hi] with lo <= hi");
      axis.lo = as_number(arr->get(0), fail, at + "." + axis.kind + "[0]");
      axis.hi = as_number(arr->get(1), fail, at + "." + axis.kind + "[1]");
      if (!(axis.lo <= axis.hi))
        fail(at + "." + axis.kind, "has lo > hi", "[lo, hi] with lo <= hi");
      if (axis.kind == "log-uniform" && !(axis.lo > 0))
        fail(at + ".log-uniform", "has lo <= 0", "0 < lo <= hi");
      if (axis.kind == "int" && (axis.lo != std::floor(axis.lo) || axis.hi != std::floor(axis.hi)))
        fail(at + ".int", "has a bound that is not an integer", "integer bounds");
    } else {
      fail(at, "has an unknown distribution '" + axis.kind + "'",
           "uniform, log-uniform, int, choice");
    }
    r.axes.push_back(std::move(axis));
  }
  if (r.samples == 0 && !r.axes.empty())
    fail(where, "has no samples = N", "samples = N (N >= 1) next to the distributions");
  return r;
}

// Value of a random axis for one sample: splitmix64 keyed by (seed, sample, axis name).
std::optional<std::string> draw(const RandomAxis& a, std::uint64_t seed, long long sample) {
  std::uint64_t key = train::splitmix64_mix(seed + 0x9E3779B97F4A7C15ULL);
  key = train::splitmix64_mix(key ^ static_cast<std::uint64_t>(sample));
  for (char c : a.name) // FNV-1a of the name folds the axis into the key
    key = train::splitmix64_mix(
        key ^ (static_cast<std::uint64_t>(static_cast<unsigned char>(c)) * 0x100000001B3ULL));
  const double u = static_cast<double>(train::splitmix64_mix(key) >> 11) * 0x1.0p-53;
  if (a.kind == "uniform") return shortest(a.lo + u * (a.hi - a.lo));
  if (a.kind == "log-uniform")
    return shortest(std::exp(std::log(a.lo) + u * (std::log(a.hi) - std::log(a.lo))));
  if (a.kind == "int") {
    const double n = a.hi - a.lo + 1.0;
    const double v = a.lo + std::min(std::floor(u * n), n - 1.0);
    return std::to_string(static_cast<long long>(v));
  }
  const auto i = std::min(static_cast<std::size_t>(u * static_cast<double>(a.choices.size())),
                          a.choices.size() - 1);
  return a.choices[i];
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

struct Defaults {
  std::string command;
  Options fixed;
  std::optional<std::vector<std::string>> seeds;
};

void expand_block(const toml::table& block, const std::string& name, const Defaults& defaults,
                  const SpecError& fail, const std::string& where, Plan& plan,
                  std::set<std::string>& seen) {
  static const std::set<std::string, std::less<>> keys = {"name", "command", "seeds", "fixed",
                                                          "grid", "zip",     "random"};
  for (auto&& [key, node] : block)
    if (!keys.count(key.str()))
      fail(where + "." + std::string(key.str()), "is not a known key",
           "name, command, seeds, fixed, grid, zip, random");
  const std::string command = command_of(block.get("command"), defaults.command, fail, where);
  if (command.empty())
    fail(where, "names no command", "command = \"predict\", \"pattern\" or \"train\"");
  const auto seeds_override = seeds_of(block.get("seeds"), fail, where);
  const auto& seeds = seeds_override ? seeds_override : defaults.seeds;

  Options fixed = defaults.fixed;
  if (const auto* t = table_at(block, "fixed", fail, where))
    for (auto& [k, v] : scalar_table(*t, fail, where + ".fixed"))
      fixed[k] = v;
  std::vector<Axis> grid, zip;
  if (const auto* t = table_at(block, "grid", fail, where))
    grid = axes_of(*t, fail, where + ".grid");
  if (const auto* t = table_at(block, "zip", fail, where)) zip = axes_of(*t, fail, where + ".zip");
  RandomSpec random;
  if (const auto* t = table_at(block, "random", fail, where))
    random = random_of(*t, fail, where + ".random");

  std::size_t zip_len = 1;
  if (!zip.empty()) {
    zip_len = zip.front().values.size();
    for (const auto& a : zip)
      if (a.values.size() != zip_len)
        fail(where + ".zip." + a.name,
             "has " + std::to_string(a.values.size()) + " values, " + zip.front().name + " " +
                 std::to_string(zip_len),
             "zip lists of equal length");
  }
  const auto check_unique = [&](const std::string& axis_name, const std::string& here) {
    for (const auto& a : grid)
      if (a.name == axis_name && here != "grid")
        fail(where + "." + here + "." + axis_name, "is also a grid axis",
             "each option on one axis");
    for (const auto& a : zip)
      if (a.name == axis_name && here == "random")
        fail(where + ".random." + axis_name, "is also a zip axis", "each option on one axis");
  };
  for (const auto& a : zip)
    check_unique(a.name, "zip");
  for (const auto& a : random.axes)
    check_unique(a.name, "random");
  if (seeds) {
    const auto is_seed = [](const auto& a) { return a.name == "seed"; };
    if (std::any_of(grid.begin(), grid.end(), is_seed) ||
        std::any_of(zip.begin(), zip.end(), is_seed) ||
        std::any_of(random.axes.begin(), random.axes.end(), is_seed))
      fail(where + ".seeds", "is given and seed is also an axis", "seeds or a seed axis, not both");
  }

  // Grid product: the last axis (in name order) varies fastest.
  const long long samples = random.samples > 0 ? random.samples : 1;
  const std::vector<std::string> seed_list = seeds ? *seeds : std::vector<std::string>{""};
  std::size_t grid_count = 1;
  {
    // The block's size, checked before anything is expanded (saturating at the limit).
    double n = static_cast<double>(zip_len) * static_cast<double>(samples) *
               static_cast<double>(seed_list.size());
    for (const auto& a : grid) {
      grid_count *= a.values.size();
      n *= static_cast<double>(a.values.size());
    }
    if (n + static_cast<double>(plan.runs.size()) > static_cast<double>(max_runs))
      fail(where, "expands to more than " + std::to_string(max_runs) + " runs",
           "a spec of at most " + std::to_string(max_runs) + " runs (split it into several)");
  }
  for (std::size_t g = 0; g < grid_count; ++g) {
    Options grid_opts;
    std::size_t rest = g;
    for (std::size_t a = grid.size(); a-- > 0;) {
      grid_opts[grid[a].name] = grid[a].values[rest % grid[a].values.size()];
      rest /= grid[a].values.size();
    }
    for (std::size_t z = 0; z < zip_len; ++z)
      for (long long s = 0; s < samples; ++s)
        for (const auto& seed : seed_list) {
          Options o = fixed;
          for (const auto& [k, v] : grid_opts)
            o[k] = v;
          for (const auto& a : zip)
            o[a.name] = a.values[z];
          for (const auto& a : random.axes)
            o[a.name] = draw(a, random.seed, s);
          if (!seed.empty()) o["seed"] = seed;
          PlannedRun run;
          run.block = name;
          run.command = command;
          for (const auto& [k, v] : o)
            if (v) run.options[k] = *v;
          run.id = run_id(command, run.options);
          if (!seen.insert(run.id).second) {
            ++plan.duplicates;
            continue;
          }
          run.index = plan.runs.size();
          plan.runs.push_back(std::move(run));
        }
  }
}

} // namespace

std::vector<std::string> PlannedRun::arguments() const {
  std::vector<std::string> args{command};
  for (const auto& [k, v] : options) {
    args.push_back("--" + k);
    if (v != "true") args.push_back(v);
  }
  return args;
}

std::string canonical_config(std::string_view command,
                             const std::map<std::string, std::string>& options) {
  std::string text = "command=" + std::string(command) + "\n";
  for (const auto& [k, v] : options)
    text += k + "=" + v + "\n";
  return text;
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

std::string run_id(std::string_view command, const std::map<std::string, std::string>& options) {
  const std::uint64_t h = fnv1a64(canonical_config(command, options));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string(command) + "-" + hex;
}

Plan plan_from_text(std::string_view text, const std::string& source) {
  const SpecError fail{source};
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::string what(e.description());
    fail("line " + std::to_string(e.source().begin.line), "is not valid TOML: " + what,
         "a TOML file (src/sweep/README.md)");
  }
  static const std::set<std::string, std::less<>> top_keys = {"name", "command", "seeds",  "fixed",
                                                              "grid", "zip",     "random", "block"};
  for (auto&& [key, node] : root)
    if (!top_keys.count(key.str()))
      fail(std::string(key.str()), "is not a known key",
           "name, command, seeds, fixed, grid, zip, random, block");
  Plan plan;
  plan.spec_text = std::string(text);
  if (const auto* n = root.get("name")) {
    if (!n->is_string()) fail("name", "is not a string", "name = \"...\"");
    plan.name = n->as_string()->get();
  }
  Defaults defaults;
  defaults.command = command_of(root.get("command"), "", fail, "spec");
  defaults.seeds = seeds_of(root.get("seeds"), fail, "spec");
  if (const auto* t = table_at(root, "fixed", fail, "spec"))
    defaults.fixed = scalar_table(*t, fail, "fixed");

  std::set<std::string> seen;
  if (const auto* blocks_node = root.get("block")) {
    for (const char* k : {"grid", "zip", "random"})
      if (root.get(k))
        fail(k, "is at the top level of a spec with blocks", "grid, zip and random inside blocks");
    const auto* blocks = blocks_node->as_array();
    if (!blocks || blocks->empty() || !blocks->is_homogeneous(toml::node_type::table))
      fail("block", "is not a list of tables", "[[block]] tables");
    for (std::size_t b = 0; b < blocks->size(); ++b) {
      const auto& block = *blocks->get(b)->as_table();
      std::string name = "block" + std::to_string(b + 1);
      if (const auto* n = block.get("name")) {
        if (!n->is_string()) fail(name + ".name", "is not a string", "name = \"...\"");
        name = n->as_string()->get();
      }
      expand_block(block, name, defaults, fail, "block[" + std::to_string(b + 1) + "]", plan, seen);
    }
  } else {
    toml::table block;
    for (const char* k : {"grid", "zip", "random"})
      if (const auto* n = root.get(k)) block.insert(k, *n);
    Defaults d = defaults;
    expand_block(block, plan.name.empty() ? "main" : plan.name, d, fail, "spec", plan, seen);
  }
  return plan;
}

Plan plan_from_file(const std::filesystem::path& spec) {
  std::ifstream in(spec, std::ios::binary);
  if (!in)
    throw UserError(std::string(spec_option), spec.string(), "cannot be read",
                    "an existing, readable TOML sweep spec");
  std::ostringstream s;
  s << in.rdbuf();
  return plan_from_text(s.str(), spec.string());
}

} // namespace gridtheory::sweep
