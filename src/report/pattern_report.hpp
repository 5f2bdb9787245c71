// summary.json of the pattern-forming dynamics (`gridtheory pattern`, gridtheory.pattern in
// Python): the configuration, per-map score lists and the grid statistics next to the
// prediction for the same kernel. One definition for the CLI and the module.
#pragma once

#include "numerics/grid_scores.hpp"
#include "numerics/pattern_dynamics.hpp"
#include "theory/activation.hpp"
#include "theory/encoding.hpp"
#include "theory/prediction.hpp"

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gridtheory {

struct PatternRun {
  Encoding encoding;
  Activation activation = Activation::relu;
  double box_m = 0.0;
  std::string kernel; // "sampled" or "analytic"
  std::uint64_t seed = 0;
  PatternOptions options;
  std::vector<GridScores> scores; // one per map
  Prediction prediction;
};

nlohmann::json pattern_summary(const PatternRun& run);

// The text `gridtheory pattern` prints: box, maps, scores, spacing against the prediction, and
// the files written to `dir`. cells_given: false says the cell count is the box's default.
std::string pattern_text(const PatternRun& run, bool cells_given, const std::filesystem::path& dir);

} // namespace gridtheory
