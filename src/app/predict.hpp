// `predict`: the pattern and grid spacing a path integrator trained on a target encoding forms,
// from the encoding's power spectrum, with the box lattice's best hexagonal triad.
#pragma once

#include "src/app/spectrum_source.hpp"
#include "src/report/prediction_report.hpp"

#include <optional>
#include <string>

namespace gridtheory::app {

struct PredictRequest {
  EncodingOptions encoding;
  std::optional<double> box_m; // metres, default 2.2
  bool periodic = false;
  Activation activation = Activation::relu;
  std::optional<long long> seed; // default 0; recorded whatever the method
  Method method = Method::automatic;
  SampledRequest sampled;          // res: the sampled spectrum only
  std::optional<std::string> plot; // also write the spectrum figure FILE.png (+ .csv, .gp)
  bool log_power = false;          // the figure's power axis is logarithmic (with plot only)
};

struct PredictResult {
  PredictConfig config; // the resolved encoding, activation, box and seed
  Prediction prediction;
  std::optional<BoxLattice> lattice; // when there is a ring
  bool sampled = false;              // the spectrum was the sampled one
};

// Validates the request (UserError naming the parameter, before any work, in the CLI's order),
// predicts, and writes the figure when asked.
PredictResult predict(const PredictRequest& request);

} // namespace gridtheory::app
