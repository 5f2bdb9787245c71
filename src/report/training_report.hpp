// The trainer's use cases as text for people: `train`'s and `evaluate`'s summaries and `loss`'s
// numbers, from the JSON each prints with --format json (their one record).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gridtheory {

// A run's summary.json as text: steps and timing, decoding error, the grid units (when the run
// was evaluated), and where it was written (`dir`).
std::string train_summary_text(const nlohmann::ordered_json& summary,
                               const std::filesystem::path& dir);

// An evaluation's summary.json as text; `out` the folder it wrote.
std::string evaluation_text(const nlohmann::ordered_json& summary, const std::string& out);

// `loss`'s JSON as text (loss to 9 significant digits, error to 6); `gradients` the folder the
// gradients went to, when asked for.
std::string loss_text(const nlohmann::ordered_json& result,
                      const std::optional<std::string>& gradients);

} // namespace gridtheory
