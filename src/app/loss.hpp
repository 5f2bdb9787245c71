// `loss`: the loss (with the weight-decay term), decoding error and gradients of a checkpoint on
// one batch of .npy files, so any other framework can be checked against ours.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory::app {

enum class Precision { float32, float64 };
std::string_view precision_name(Precision p);
// "float32" or "float64" (UserError naming {precision} otherwise).
Precision parse_precision(std::string_view text);

struct LossRequest {
  std::filesystem::path checkpoint; // a checkpoint folder, or a run folder (its latest)
  std::filesystem::path batch;      // velocity.npy, init_targets.npy, targets.npy, positions.npy
  std::optional<std::filesystem::path> gradients; // an existing folder for NAME.npy gradients
  Precision precision = Precision::float32;
};

struct LossResult {
  double loss = 0.0;              // the training loss on the batch, weight decay included
  double decoding_error_cm = 0.0; // mean over the batch's T x B positions
  Precision precision = Precision::float32;
  long long steps = 0, batch = 0;     // T and B of the batch
  std::vector<std::string> gradients; // the files written (NAME.npy), in the model's order
  std::optional<std::filesystem::path> gradients_dir;
};

// Checks the request as `gridtheory loss` does (UserError naming the parameter), evaluates the
// checkpoint on the batch (dropout off) and writes the gradients when asked (all or none).
LossResult loss(const LossRequest& request);

// What `gridtheory loss --format json` prints.
nlohmann::ordered_json to_json(const LossResult& result);

} // namespace gridtheory::app
