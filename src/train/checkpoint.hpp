// Checkpoints: a folder holding a run's config.json, state.json (the step reached and the
// optimiser's step count), one NumPy .npy per parameter named as the model names it
// (encoder.weight.npy, rnn.weight_hh.npy, ...: torch's names, see src/train/README.md) and the
// optimiser state as optimizer/NAME.BUFFER.npy (BUFFER as torch's state_dict: exp_avg, ...),
// plus the metrics rows up to that step.
//
// A checkpoint folder appears whole or not at all: it is written as DIR/checkpoint.new, then the
// old one is renamed to DIR/checkpoint.old, the new one to DIR/checkpoint, and the old one is
// removed. state.json is written last, so a folder with state.json is complete; after a kill
// between the renames, latest_checkpoint() finds checkpoint.old.
#pragma once

#include "src/train/model.hpp"
#include "src/train/optimizer.hpp"

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gridtheory::train {

struct MetricsRow {
  long long step = 0;
  double loss = 0.0;
  double decoding_error_cm = 0.0;
  double seconds = 0.0; // wall-clock seconds of training since the run started (resumes add up)
};

std::string metrics_csv(const std::vector<MetricsRow>& rows);
// Parses metrics_csv's output; UserError naming `option` and `path` otherwise.
std::vector<MetricsRow> parse_metrics_csv(const std::string& text, const std::string& option,
                                          const std::string& path);

struct CheckpointState {
  long long step = 0;   // optimiser steps done
  double seconds = 0.0; // training wall-clock seconds so far
  std::int64_t optimizer_steps = 0;
};

// Writes `model`'s parameters, `optimizer`'s state, `config_json` and `metrics` as
// run_dir/checkpoint (replacing the previous one as described above).
void save_checkpoint(const std::filesystem::path& run_dir,
                     const nlohmann::ordered_json& config_json, Model<float>& model,
                     Optimizer<float>& optimizer, const CheckpointState& state,
                     const std::vector<MetricsRow>& metrics);

// The complete checkpoint folder of run_dir (checkpoint, or checkpoint.old after an interrupted
// swap), or nullopt when the run has none yet.
std::optional<std::filesystem::path> latest_checkpoint(const std::filesystem::path& run_dir);

// The checkpoint a user named with `option` (--resume, --init-from, --checkpoint): `dir` must be
// an existing folder; a run folder gives its latest checkpoint, a folder holding state.json is a
// checkpoint itself, anything else nullopt. A checkpoint/ without state.json (a damaged run: the
// folder only ever appears whole) is a UserError rather than silently no checkpoint.
std::optional<std::filesystem::path> find_checkpoint(const std::filesystem::path& dir,
                                                     const std::string& option);

// Reads every parameter of `model` from `folder` (a checkpoint): names, shapes and dtypes must
// match; UserError naming `option` and the file otherwise.
void load_parameters(const std::filesystem::path& folder, Model<float>& model,
                     const std::string& option);
void load_parameters(const std::filesystem::path& folder, Model<double>& model,
                     const std::string& option);
// Reads the optimiser state and state.json.
CheckpointState load_optimizer(const std::filesystem::path& folder, Optimizer<float>& optimizer,
                               Model<float>& model, const std::string& option);
// Reads config.json of a run or checkpoint folder.
nlohmann::json read_json_file(const std::filesystem::path& path, const std::string& option);

} // namespace gridtheory::train
