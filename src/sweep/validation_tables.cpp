// `validate`'s CSV tables (src/sweep/validation.hpp): configurations, the two confusion
// matrices, failures and the spacing points (the figure's data).
#include "src/io/csv.hpp"
#include "src/plot/figure.hpp"
#include "src/sweep/validation.hpp"
#include "src/sweep/validation_detail.hpp"

#include <string>

namespace gridtheory::sweep {

using namespace validation_detail;

std::string configs_csv(const Validation& v) {
  const ValidationOptions& o = v.options;
  std::vector<std::string> header{"config", "label"};
  const std::size_t n_opts = v.configs.empty() ? 0 : v.configs.front().options.size();
  if (!v.configs.empty())
    for (const auto& [name, value] : v.configs.front().options)
      header.push_back("opt." + name);
  for (const char* h : {"predict_runs", "predicted_pattern", "predicted_grid_spacing_m",
                        "prediction_from", "prediction_votes"})
    header.emplace_back(h);
  for (const Source s : kSources) {
    const std::string p = std::string(source_name(s)) + "_";
    header.push_back(p + "runs");
    if (s == Source::trainer) header.push_back(p + "path_integrating");
    for (const double t : o.thresholds) {
      header.push_back(p + "scored_" + key(t));
      header.push_back(p + "hexagonal_" + key(t));
    }
    header.push_back(p + "fraction_hexagonal");
    header.push_back(p + "median_spacing_m");
    if (s == Source::trainer) header.push_back(p + "median_decoding_error_cm");
    header.push_back(p + "max_score_60");
    for (const ObservedPattern op : observed_pattern_categories(s))
      header.push_back(p + "observed_" + std::string(observed_pattern_name(op)));
  }
  std::string out = csv_row(header);
  const std::size_t head = headline_index(o);
  for (std::size_t c = 0; c < v.configs.size(); ++c) {
    const ConfigResult& config = v.configs[c];
    std::vector<std::string> row{std::to_string(c + 1), config.label};
    for (std::size_t i = 0; i < n_opts; ++i)
      row.push_back(config.options[i].second);
    row.push_back(std::to_string(config.predict_runs));
    row.push_back(config.prediction.pattern);
    row.push_back(exact(config.prediction.grid_spacing_m));
    row.push_back(config.prediction.from);
    row.push_back(config.prediction.votes);
    for (const Source s : kSources) {
      const SourceOutcome& so = outcome_of(config, s);
      row.push_back(std::to_string(so.runs));
      if (s == Source::trainer) row.push_back(std::to_string(so.path_integrating));
      for (std::size_t i = 0; i < o.thresholds.size(); ++i) {
        row.push_back(std::to_string(so.scored[i]));
        row.push_back(std::to_string(so.hexagonal[i]));
      }
      row.push_back(exact(fraction(so.hexagonal[head], so.scored[head])));
      row.push_back(exact(so.median_spacing_m));
      if (s == Source::trainer) row.push_back(exact(so.median_decoding_error_cm));
      row.push_back(exact(so.max_score_60));
      for (const ObservedPattern op : observed_pattern_categories(s))
        row.push_back(std::to_string(so.patterns[static_cast<std::size_t>(op)]));
    }
    out += csv_row(row);
  }
  return out;
}

std::string confusion_csv(const Validation& v) {
  std::string out = csv_row({"source", "threshold", "predicted", "observed", "count"});
  for (const ConfusionCell& c : v.confusion)
    out += csv_row({std::string(source_name(c.source)), key(c.threshold), c.predicted,
                    std::string(observed_name(c.observed)), std::to_string(c.count)});
  return out;
}

std::string pattern_confusion_csv(const Validation& v) {
  std::string out = csv_row({"source", "threshold", "predicted", "observed", "count"});
  for (const PatternCell& c : v.pattern_confusion)
    out +=
        csv_row({std::string(source_name(c.source)), key(v.options.headline_threshold), c.predicted,
                 std::string(observed_pattern_name(c.observed)), std::to_string(c.count)});
  return out;
}

std::string failures_csv(const Validation& v) {
  std::string out =
      csv_row({"kind", "source", "config", "label", "run_id", "predicted_pattern", "runs",
               "hexagonal", "predicted_spacing_m", "measured_spacing_m", "relative_error"});
  for (const Failure& f : v.failures) {
    const bool run = f.kind == "spacing";
    out += csv_row({f.kind, std::string(source_name(f.source)), std::to_string(f.config + 1),
                    v.configs[f.config].label, f.run_id, v.configs[f.config].prediction.pattern,
                    run ? "" : std::to_string(f.runs), run ? "" : std::to_string(f.hexagonal),
                    exact(f.predicted_spacing_m), exact(f.measured_spacing_m),
                    exact(f.relative_error)});
  }
  return out;
}

std::string spacing_points_csv(const Validation& v) {
  // gnuplot reads this file: figure_row never quotes (src/plot/figure.hpp).
  std::string out = figure_row({"source", "run_id", "config", "predicted_grid_spacing_m",
                                "measured_grid_spacing_m", "relative_error"});
  for (const SpacingPoint& p : v.spacing_points)
    out += figure_row({std::string(source_name(p.source)), p.run_id, std::to_string(p.config + 1),
                       exact(p.predicted_m), exact(p.measured_m), exact(p.relative_error)});
  return out;
}

} // namespace gridtheory::sweep
