// `validate`'s summary.json (src/sweep/validation.hpp): every number of the report.
#include "src/report/statistics.hpp"
#include "src/sweep/validation.hpp"
#include "src/sweep/validation_detail.hpp"
#include "src/version.hpp"

#include <string>

namespace gridtheory::sweep {

using namespace validation_detail;
using nlohmann::json;

namespace {

// A number, or null where it is undefined (NaN, infinite, missing).
json json_number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
json json_number(const std::optional<double>& v) {
  return v ? json_number(*v) : json(nullptr);
}

json per_threshold(const ValidationOptions& o, const std::vector<std::size_t>& counts) {
  json j = json::object();
  for (std::size_t i = 0; i < o.thresholds.size(); ++i)
    j[key(o.thresholds[i])] = counts[i];
  return j;
}

json outcome_json(const ValidationOptions& opts, const SourceOutcome& o, Source s) {
  json j;
  j["runs"] = o.runs;
  if (s == Source::trainer) j["path_integrating"] = o.path_integrating;
  j["scored"] = per_threshold(opts, o.scored);
  j["hexagonal"] = per_threshold(opts, o.hexagonal);
  json fr = json::object();
  for (std::size_t i = 0; i < opts.thresholds.size(); ++i)
    fr[key(opts.thresholds[i])] = json_number(fraction(o.hexagonal[i], o.scored[i]));
  j["fraction_hexagonal"] = fr;
  j["median_spacing_m"] = json_number(o.median_spacing_m);
  if (s == Source::trainer) j["median_decoding_error_cm"] = json_number(o.median_decoding_error_cm);
  j["max_score_60"] = json_number(o.max_score_60);
  json patterns = json::object();
  for (const ObservedPattern p : observed_pattern_categories(s))
    patterns[std::string(observed_pattern_name(p))] = o.patterns[static_cast<std::size_t>(p)];
  j["observed_patterns"] = patterns;
  return j;
}

json fit_json(const SpacingFit& f) {
  return json{{"n", f.n},
              {"left_out", f.left_out},
              {"slope", json_number(f.slope)},
              {"intercept_m", json_number(f.intercept)},
              {"slope_through_origin", json_number(f.slope_through_origin)},
              {"r_squared", json_number(f.r_squared)},
              {"median_relative_error", json_number(f.median_relative_error)}};
}

std::string criteria_text(const ValidationOptions& o) {
  return "Runs are joined on their resolved target (make_encoding of the opt.* encoding options, "
         "defaults filled in), box (side; periodic: opt.periodic, always for pattern runs) and "
         "activation (default relu). A train run is not_path_integrating when "
         "decoding_error_cm >= " +
         format_number(o.error_threshold_cm) +
         " and then never has grids; otherwise hexagonal when max_score_60 > t, else no_grids. "
         "A pattern (solver) run is hexagonal when max_score_60 > t, else no_grids. Scores are "
         "score_60 as each command writes it (train: DeepMind SAC, unvisited bins as 0; "
         "pattern: NaN-aware SAC). t = " +
         format_number(o.headline_threshold) +
         " is the headline (NFL's 'has grid cells'). Observed pattern at the headline "
         "(classify_observed): hexagonal when max_score_60 > t, else square when max_score_90 > " +
         format_number(o.square_threshold) + ", else stripes when max_stripe_score > " +
         format_number(o.stripe_threshold) +
         ", else none; a missing measure never claims its class. Predicted amorphous and none "
         "are the class none. Each run is compared with its configuration's prediction (predict "
         "rows of that configuration, else the predicted_pattern of its pattern/train rows; the "
         "most frequent pattern).";
}

json interval_json(const Interval& i) {
  return {json_number(i.lo), json_number(i.hi)};
}

json mean_json(const MeanInterval& m) {
  return {{"n", m.n},
          {"mean", json_number(m.mean)},
          {"sd", json_number(m.sd)},
          {"ci95", interval_json(m.ci)}};
}

json fraction_json(std::size_t part, std::size_t whole) {
  return {{"runs", whole},
          {"count", part},
          {"fraction", json_number(fraction(part, whole))},
          {"wilson95", interval_json(wilson_interval(part, whole))}};
}

} // namespace

nlohmann::json validation_summary(const Validation& v) {
  const ValidationOptions& o = v.options;
  json j;
  j["command"] = "validate";
  j["version"] = std::string(version);
  j["results"] = v.results;
  json criteria;
  criteria["error_threshold_cm"] = o.error_threshold_cm;
  criteria["score_60_thresholds"] = o.thresholds;
  criteria["headline_threshold"] = o.headline_threshold;
  criteria["spacing_tolerance"] = o.spacing_tolerance;
  criteria["square_threshold"] = o.square_threshold;
  criteria["stripe_threshold"] = o.stripe_threshold;
  criteria["measures"] = {{"max_score_90", v.has_score_90},
                          {"max_stripe_score", v.has_stripe_score}};
  criteria["config_options"] = config_option_names();
  criteria["text"] = criteria_text(o);
  j["criteria"] = criteria;
  j["rows"] = {{"total", v.rows},
               {"done", v.done},
               {"failed", v.failed},
               {"pending", v.pending},
               {"other_status", v.other_status}};
  j["done"] = {{"predict", v.done_predict},
               {"pattern", v.done_pattern},
               {"train", v.done_train},
               {"other", v.done_other}};
  j["unresolved_rows"] = v.unresolved_rows;
  j["unscored"] = {{"trainer", per_threshold(o, v.unscored[0])},
                   {"solver", per_threshold(o, v.unscored[1])}};
  j["non_finite_fields"] = {{"count", v.non_finite_fields}, {"columns", v.non_finite_columns}};
  json configs = json::array();
  for (std::size_t c = 0; c < v.configs.size(); ++c) {
    const ConfigResult& config = v.configs[c];
    json cj;
    cj["config"] = c + 1;
    cj["label"] = config.label;
    cj["resolved"] = config.resolved;
    json opts = json::object();
    for (const auto& [name, value] : config.options)
      opts[name] = value;
    cj["options"] = opts;
    cj["predict_runs"] = config.predict_runs;
    cj["prediction"] = {{"pattern", config.prediction.pattern},
                        {"grid_spacing_m", json_number(config.prediction.grid_spacing_m)},
                        {"from", config.prediction.from},
                        {"votes", config.prediction.votes}};
    cj["trainer"] = outcome_json(o, config.trainer, Source::trainer);
    cj["solver"] = outcome_json(o, config.solver, Source::solver);
    configs.push_back(cj);
  }
  j["configs"] = configs;
  json confusion = json::object();
  for (const Source s : kSources)
    confusion[std::string(source_name(s))] = json::object();
  for (const ConfusionCell& cell : v.confusion)
    confusion[std::string(source_name(cell.source))][key(cell.threshold)][cell.predicted]
             [std::string(observed_name(cell.observed))] = cell.count;
  j["confusion"] = confusion;
  json agreement = json::object();
  for (const Agreement& a : v.agreement)
    agreement[std::string(source_name(a.source))][key(a.threshold)] = {
        {"runs", a.runs},
        {"agree", a.agree},
        {"fraction", json_number(fraction(a.agree, a.runs))},
        {"wilson95", interval_json(wilson_interval(a.agree, a.runs))}};
  j["agreement"] = agreement;
  json patterns = json::object();
  for (const PatternCell& cell : v.pattern_confusion)
    patterns[std::string(source_name(cell.source))][cell.predicted]
            [std::string(observed_pattern_name(cell.observed))] = cell.count;
  j["pattern_confusion"] = {{"threshold", o.headline_threshold}, {"counts", patterns}};
  json pattern_agreement = json::object();
  for (const Agreement& a : v.pattern_agreement)
    pattern_agreement[std::string(source_name(a.source))] = {
        {"runs", a.runs},
        {"agree", a.agree},
        {"fraction", json_number(fraction(a.agree, a.runs))},
        {"wilson95", interval_json(wilson_interval(a.agree, a.runs))}};
  j["pattern_agreement"] = pattern_agreement;
  j["spacing"] = {{"trainer", fit_json(v.trainer_fit)}, {"solver", fit_json(v.solver_fit)}};
  const HeldOutCorrection& hc = v.trainer_correction;
  j["spacing"]["trainer_correction"] = {
      {"n", hc.n},
      {"factor_even", json_number(hc.factor_even)},
      {"factor_odd", json_number(hc.factor_odd)},
      {"held_out_median_relative_error", json_number(hc.held_out_median_relative_error)},
      {"uncorrected_median_relative_error", json_number(hc.uncorrected_median_relative_error)}};
  json by_config = json::array();
  for (const ConfigSpacing& cs : spacing_by_config(v))
    by_config.push_back({{"source", std::string(source_name(cs.source))},
                         {"config", cs.config + 1},
                         {"label", v.configs[cs.config].label},
                         {"predicted_m", json_number(cs.predicted_m)},
                         {"measured_m", mean_json(cs.measured_m)},
                         {"ratio", mean_json(cs.ratio)}});
  j["spacing_by_config"] = by_config;
  json claim = json::array();
  for (const std::size_t c : nfl_width_configs(v)) {
    const ConfigResult& config = v.configs[c];
    const SourceOutcome& t = config.trainer;
    json cj = {{"config", c + 1},
               {"label", config.label},
               {"predicted_pattern", config.prediction.pattern},
               {"path_integrating", fraction_json(t.path_integrating, t.runs)}};
    for (std::size_t i = 0; i < o.thresholds.size(); ++i)
      cj["hexagonal"][key(o.thresholds[i])] =
          fraction_json(t.runs ? t.hexagonal[i] : 0, t.runs ? t.scored[i] : 0);
    cj["max_score_60"] = json_number(t.max_score_60);
    claim.push_back(cj);
  }
  j["nfl_width_claim"] = claim;
  json failures = json::array();
  for (const Failure& f : v.failures) {
    const ConfigResult& config = v.configs[f.config];
    json fj;
    fj["kind"] = f.kind;
    fj["source"] = std::string(source_name(f.source));
    fj["config"] = f.config + 1;
    fj["label"] = config.label;
    fj["run_id"] = f.run_id.empty() ? json(nullptr) : json(f.run_id);
    fj["predicted_pattern"] = config.prediction.pattern;
    if (f.kind != "spacing") {
      fj["runs"] = f.runs;
      fj["hexagonal"] = f.hexagonal;
    }
    fj["predicted_spacing_m"] = json_number(f.predicted_spacing_m);
    fj["measured_spacing_m"] = json_number(f.measured_spacing_m);
    fj["relative_error"] = json_number(f.relative_error);
    failures.push_back(fj);
  }
  j["failures"] = failures;
  j["files"] = validation_file_names();
  return j;
}

} // namespace gridtheory::sweep
