#include "src/sweep/spec.hpp"

#include "src/sweep/spec_detail.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>

namespace gridtheory::sweep {

namespace {

using namespace detail; // the spec's TOML pieces (src/sweep/spec_detail.hpp)

// More runs than any machine or cluster would finish: a spec that expands further is a mistake
// (and would exhaust memory before saying so).
constexpr std::size_t max_runs = 1'000'000;

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
