// libFuzzer target: the sweep-spec parser and its expansion (src/sweep/spec.hpp). Any text either
// expands into runs with distinct ids named by their canonical options, or is refused with a
// UserError; anything else is a bug.
#include "src/sweep/spec.hpp"
#include "theory/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const gridtheory::sweep::Plan plan = gridtheory::sweep::plan_from_text(text, "fuzz.toml");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < plan.runs.size(); ++i) {
      const auto& run = plan.runs[i];
      if (run.index != i) std::abort();
      if (run.id != gridtheory::sweep::run_id(run.command, run.options)) std::abort();
      if (!ids.insert(run.id).second) std::abort(); // duplicates must have been merged
    }
  } catch (const gridtheory::UserError&) {
  }
  return 0;
}
