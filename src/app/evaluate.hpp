// `evaluate`: a saved checkpoint of a train run evaluated as the trainer evaluates at its end
// (ratemaps, scores, spacings, figures, summary.json) into a new folder.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gridtheory::app {

struct EvaluateRequest {
  std::filesystem::path run;                        // a run folder written by train
  std::optional<std::filesystem::path> checkpoint;  // default: the run's latest checkpoint
  std::filesystem::path out;                        // a new folder for the evaluation's files
  std::optional<long long> eval_bins, eval_batches; // default: the run's
  std::optional<long long> threads;                 // default: all cores
};

struct EvaluateResult {
  std::filesystem::path out;
  nlohmann::ordered_json summary; // summary.json (what `evaluate --format json` prints)
  std::filesystem::path checkpoint;
  long long checkpoint_step = 0;
  double decoding_error_cm = 0.0; // NaN where undefined
  double max_score_60 = 0.0;
  double fraction_score_60_above_0_3 = 0.0;
  double median_grid_spacing_m = 0.0;
  double predicted_grid_spacing_m = 0.0;
  std::string observed_pattern, sac;
};

// Checks the request as `gridtheory evaluate` does (UserError naming the parameter), evaluates
// and writes request.out (summary.json last).
EvaluateResult evaluate(const EvaluateRequest& request);

} // namespace gridtheory::app
