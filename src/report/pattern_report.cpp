#include "src/report/pattern_report.hpp"

#include "numerics/observed_pattern.hpp"
#include "numerics/sac.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/statistics.hpp"
#include "src/report/text_values.hpp"
#include "src/version.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace gridtheory {

namespace {
nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
} // namespace

nlohmann::json pattern_summary(const PatternRun& run) {
  using nlohmann::json;
  const auto& scores = run.scores;
  const auto& po = run.options;
  json summary;
  std::vector<double> grid_spacings;
  for (const auto& s : scores) {
    summary["score_60"].push_back(number_or_null(s.score_60));
    summary["score_60_minmax"].push_back(number_or_null(s.score_60_minmax));
    summary["score_90"].push_back(number_or_null(s.score_90));
    summary["grid_spacing_m"].push_back(number_or_null(s.grid_spacing_m));
    summary["orientation_deg"].push_back(number_or_null(s.orientation_deg));
    if (s.score_60 > 0.3 && std::isfinite(s.grid_spacing_m))
      grid_spacings.push_back(s.grid_spacing_m);
  }
  const auto fraction = [&](double t) {
    return static_cast<double>(std::count_if(scores.begin(), scores.end(),
                                             [t](const GridScores& s) { return s.score_60 > t; })) /
           static_cast<double>(scores.size());
  };
  summary["command"] = "pattern";
  summary["version"] = version;
  summary["encoding"] = to_json(run.encoding);
  summary["activation"] = std::string(activation_name(run.activation));
  summary["box_m"] = run.box_m;
  summary["periodic"] = true; // the solver's dynamics are periodic, whatever --periodic says
  summary["cells"] = run.encoding.cells; // resolved: default_cell_count(box_m) without --cells
  summary["kernel"] = run.kernel;
  summary["res"] = po.res;
  summary["maps"] = po.maps;
  summary["steps"] = po.steps;
  summary["lr"] = po.lr;
  summary["multi"] = po.multi;
  summary["normalise"] = po.normalise;
  summary["seed"] = run.seed;
  summary["threads"] = po.threads;
  summary["sac"] = std::string(sac_mode_name(default_sac));
  summary["score"] = "score_60/score_90: DeepMind ring scores on the " +
                     std::string(sac_mode_name(default_sac)) + " SAC";
  // The best finite score_60 of any map (null when none is finite): `validate` applies its
  // thresholds (0.3, 0.8, 1.2) to it, as it does to a train run's max_score_60.
  // The best map of each measure, and the pattern they make (numerics/observed_pattern.hpp), so
  // `validate` can observe square and stripes in solver runs as it does in trained networks.
  const auto best = [&](double GridScores::*measure) {
    double m = -std::numeric_limits<double>::infinity();
    for (const auto& s : scores)
      if (std::isfinite(s.*measure)) m = std::max(m, s.*measure);
    return std::isfinite(m) ? m : std::nan("");
  };
  const PatternEvidence evidence{best(&GridScores::score_60), best(&GridScores::score_90),
                                 best(&GridScores::stripe_score)};
  summary["max_score_60"] = number_or_null(evidence.max_score_60);
  summary["max_score_90"] = number_or_null(evidence.max_score_90);
  summary["max_stripe_score"] = number_or_null(evidence.max_stripe_score);
  summary["observed_pattern"] = std::string(pattern_name(classify_observed(evidence)));
  summary["fraction_score_60_above_0.3"] = fraction(0.3);
  summary["fraction_score_60_above_0.8"] = fraction(0.8);
  summary["median_grid_spacing_m"] = number_or_null(median_of(grid_spacings));
  summary["predicted_pattern"] = std::string(pattern_name(run.prediction.pattern));
  summary["predicted_grid_spacing_m"] =
      run.prediction.grid_spacing_m ? json(*run.prediction.grid_spacing_m) : json(nullptr);
  summary["prediction_method"] = run.prediction.method;
  return summary;
}

std::string pattern_text(const PatternRun& run, bool cells_given,
                         const std::filesystem::path& dir) {
  const nlohmann::json summary = pattern_summary(run);
  const auto value = [&](const char* name) {
    return summary.at(name).is_number() ? summary.at(name).get<double>() : std::nan("");
  };
  const auto six = [](double v) {
    if (!std::isfinite(v)) return std::string("nan");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return std::string(buf);
  };
  const PatternOptions& po = run.options;
  std::ostringstream out;
  out << "box           " << six(run.box_m)
      << " m, periodic (the solver's dynamics are always periodic); " << run.encoding.cells
      << " place cells" << (cells_given ? "" : " (default: 512 x (L / 2.2 m)^2)") << "\n";
  out << "maps          " << po.maps << " x " << po.res << "^2, " << po.steps << " steps, "
      << (po.multi ? "multi (Oja/Sanger)" : "single") << ", " << activation_name(run.activation)
      << ", kernel " << run.kernel << "\n";
  out << "score_60>0.8  " << text_percent(value("fraction_score_60_above_0.8")) << " of maps ("
      << text_percent(value("fraction_score_60_above_0.3")) << " above 0.3; "
      << sac_mode_name(default_sac) << " SAC)\n";
  out << "spacing       median " << text_number(value("median_grid_spacing_m"), "m", 6)
      << " over maps above 0.3; predicted "
      << text_number(run.prediction.grid_spacing_m.value_or(NAN), "m", 6) << " ("
      << pattern_name(run.prediction.pattern) << ", " << run.prediction.method << ")\n";
  out << "written       " << (dir / "maps.npy").string() << ", metrics.csv, mosaic.png, "
      << "summary.json\n";
  return out.str();
}

} // namespace gridtheory
