#include "src/app/evaluate.hpp"

#include "src/app/threads.hpp"
#include "src/train/trainer.hpp"

#include <cmath>

namespace gridtheory::app {

namespace {

double number_in(const nlohmann::ordered_json& j, const char* key) {
  return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : NAN;
}

std::string text_in(const nlohmann::ordered_json& j, const char* key) {
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : std::string();
}

} // namespace

EvaluateResult evaluate(const EvaluateRequest& r) {
  train::EvaluateRequest req;
  req.run = r.run;
  req.checkpoint = r.checkpoint.value_or(std::filesystem::path());
  req.out = r.out;
  req.eval_bins = r.eval_bins;
  req.eval_batches = r.eval_batches;
  req.threads = r.threads;
  EvaluateResult out;
  out.summary = train::evaluate_checkpoint(req, default_threads());
  const auto& s = out.summary;
  out.out = r.out;
  out.checkpoint = text_in(s, "checkpoint");
  out.checkpoint_step = s.at("checkpoint_step").get<long long>();
  out.decoding_error_cm = number_in(s, "decoding_error_cm");
  out.max_score_60 = number_in(s, "max_score_60");
  out.fraction_score_60_above_0_3 = number_in(s, "fraction_score_60_above_0.3");
  out.median_grid_spacing_m = number_in(s, "median_grid_spacing_m");
  out.predicted_grid_spacing_m = number_in(s, "predicted_grid_spacing_m");
  out.observed_pattern = text_in(s, "observed_pattern");
  out.sac = text_in(s, "sac");
  return out;
}

} // namespace gridtheory::app
