// The analytic prediction for people (text) and for programs (one JSON object).
#pragma once

#include "theory/prediction.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace gridtheory {

// Everything that determined a prediction, resolved (written into every output).
struct PredictConfig {
  Encoding encoding;
  Activation activation = Activation::relu;
  Box box;
  unsigned long long seed = 0;
};

nlohmann::json to_json(const PredictConfig& config, const Prediction& p);
std::string to_text(const PredictConfig& config, const Prediction& p);

} // namespace gridtheory
