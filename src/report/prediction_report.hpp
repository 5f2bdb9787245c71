// The analytic prediction for people (text) and for programs (one JSON object).
#pragma once

#include "numerics/box_lattice.hpp"
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

// `lattice`: the box-lattice analysis of the ring, when there is one.
nlohmann::json to_json(const PredictConfig& config, const Prediction& p,
                       const std::optional<BoxLattice>& lattice);
std::string to_text(const PredictConfig& config, const Prediction& p,
                    const std::optional<BoxLattice>& lattice);

} // namespace gridtheory
