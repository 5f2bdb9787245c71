// `train`: train (or resume) a path integrator in a run folder, with typed options and a
// progress callback; the CLI and Python call it alike (src/train/trainer.hpp: the run folder).
#pragma once

#include "src/train/run_config.hpp"
#include "src/train/trainer.hpp"

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

namespace gridtheory::app {

struct TrainRequest {
  // A new run's options (nullopt: the preset's value or the default).
  train::TrainOptions options;
  std::optional<std::filesystem::path> out;       // a new run folder (its parent must exist)
  std::optional<std::filesystem::path> resume;    // continue this run folder (nothing else given)
  std::optional<std::filesystem::path> init_from; // start from these weights (a checkpoint or run)
  // Called at each logged step; an exception it throws stops training and propagates (the run
  // folder keeps its last checkpoint).
  std::function<void(const train::TrainingProgress&)> progress;
  // The CLI's progress line (stderr); null: none.
  std::ostream* progress_line = nullptr;
  bool progress_tty = false;
  // Called before a fresh run without a preset and steps (NFL's full schedule) starts, with its
  // resolved config (the CLI's notice of what it costs).
  std::function<void(const train::TrainConfig&)> before_bare_run;
};

struct TrainResult {
  std::filesystem::path dir;
  bool already_finished = false;  // a resumed run that had finished: nothing was done
  nlohmann::ordered_json summary; // summary.json (what `train --format json` prints)
  // summary.json's main numbers (NaN where the run has none, e.g. without evaluation).
  long long steps = 0;
  double seconds = 0.0;
  double ms_per_step = 0.0;
  double final_loss = 0.0;
  double train_decoding_error_cm = 0.0; // on the last logged training batch
  double decoding_error_cm = 0.0;       // the final evaluation's (or the training batch's)
  bool evaluated = false;               // the final evaluation ran (ratemaps, scores)
  double max_score_60 = 0.0;
  double fraction_score_60_above_0_3 = 0.0;
  double median_grid_spacing_m = 0.0;
  double predicted_grid_spacing_m = 0.0;
  std::string predicted_pattern;
};

// Checks the request as `gridtheory train` does (UserError naming the parameter), then trains,
// evaluates and writes the run folder; a resumed finished run is read back, not touched.
TrainResult train(const TrainRequest& request);

// The result's typed numbers read from a summary.json (`dir` the run folder).
TrainResult train_result_of(const std::filesystem::path& dir, nlohmann::ordered_json summary,
                            bool already_finished);

} // namespace gridtheory::app
