// Sweep specs (TOML, src/sweep/README.md) and their deterministic expansion into runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory::sweep {

// One planned run: a subcommand and its options (name without "--" -> value text; a flag has
// the value "true").
struct PlannedRun {
  std::size_t index = 0;
  std::string id; // COMMAND-HASH (README: identity)
  std::string block;
  std::string command;
  std::map<std::string, std::string> options;

  // The argument list after the program name: COMMAND --name value ... (flags without value).
  std::vector<std::string> arguments() const;
};

struct Plan {
  std::string name;
  std::string spec_text;
  std::vector<PlannedRun> runs; // in expansion order, duplicates removed
  std::size_t duplicates = 0;   // expanded runs identical to an earlier one
};

// Parses and expands a spec. `source` names it in errors (UserError, option "SPEC").
Plan plan_from_text(std::string_view toml, const std::string& source);
Plan plan_from_file(const std::filesystem::path& spec);

// The 64-bit FNV-1a hash (Fowler, Noll, Vo) of `text`: the run ids' hash.
std::uint64_t fnv1a64(std::string_view text);

// The canonical text of a run's configuration and its id (README: identity).
std::string canonical_config(std::string_view command,
                             const std::map<std::string, std::string>& options);
std::string run_id(std::string_view command, const std::map<std::string, std::string>& options);

} // namespace gridtheory::sweep
