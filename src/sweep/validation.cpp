// `gridtheory validate`'s analysis (src/sweep/validation.hpp): validate_results as a sequence of
// named steps over the rows read by validation_rows.cpp, and the NFL width claim's
// configurations. The outputs are validation_json.cpp, _tables, _markdown and _files.
#include "src/sweep/validation.hpp"

#include "src/report/statistics.hpp"
#include "src/sweep/validation_detail.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <system_error>

namespace gridtheory::sweep {

using namespace validation_detail;

namespace {

// The columns every results.csv of gridtheory sweep collect has.
void require_columns(const CsvTable& table, const std::string& source, const std::string& option) {
  for (const char* column : {"run_id", "command", "status"})
    if (!table.column(column))
      throw UserError(option, source, "has no column '" + std::string(column) + "'",
                      "a results.csv written by gridtheory sweep collect (columns run_id, index, "
                      "block, command, status, error, opt.NAME..., summary scalars)");
}

// At least one done predict, pattern or train row.
void require_runs(const Validation& v, const std::string& source, const std::string& option) {
  if (v.done == 0)
    throw UserError(option, source,
                    "has no row with status done (" + std::to_string(v.rows) +
                        " rows: " + std::to_string(v.failed) + " failed, " +
                        std::to_string(v.pending) + " pending)",
                    "a results.csv with at least one finished run");
  if (v.done_predict + v.done_pattern + v.done_train == 0)
    throw UserError(option, source,
                    "has no done predict, pattern or train row (" + std::to_string(v.done) +
                        " done rows of other commands)",
                    "a results.csv of predict, pattern or train runs");
}

// The prediction the votes make: the most frequent pattern (first seen on a tie) and the
// median spacing of the votes for it.
ConfigPrediction decide(const std::vector<Vote>& votes, const std::string& from) {
  ConfigPrediction p;
  std::vector<std::pair<std::string, std::size_t>> counts; // first-seen order
  for (const Vote& v : votes) {
    if (v.pattern.empty()) continue;
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& c) { return c.first == v.pattern; });
    if (it == counts.end())
      counts.emplace_back(v.pattern, 1);
    else
      ++it->second;
  }
  if (counts.empty()) return p;
  std::size_t best = 0;
  for (std::size_t i = 1; i < counts.size(); ++i)
    if (counts[i].second > counts[best].second) best = i;
  p.pattern = counts[best].first;
  p.from = from;
  std::vector<double> spacings;
  for (const Vote& v : votes)
    if (v.pattern == p.pattern && v.spacing_m) spacings.push_back(*v.spacing_m);
  if (!spacings.empty()) p.grid_spacing_m = median_of(spacings);
  for (const auto& [name, n] : counts)
    p.votes += (p.votes.empty() ? "" : " ") + name + ":" + std::to_string(n);
  return p;
}

// Each configuration's prediction: from its predict rows where present, else from its runs'
// own (the most frequent pattern).
void predict_configs(Validation& v, const Votes& votes) {
  for (std::size_t c = 0; c < v.configs.size(); ++c)
    v.configs[c].prediction = votes.predict[c].empty() ? decide(votes.runs[c], "runs")
                                                       : decide(votes.predict[c], "predict");
}

// The outcomes of each configuration and source: run counts, calls per threshold, observed
// patterns, median spacing and decoding error, and the best score_60.
void tally_outcomes(Validation& v) {
  const ValidationOptions& options = v.options;
  const std::size_t nt = options.thresholds.size();
  const std::size_t head = headline_index(options);
  std::vector<std::vector<double>> spacings(2 * v.configs.size()), errors(v.configs.size());
  for (const RunRecord& run : v.runs) {
    ConfigResult& config = v.configs[run.config];
    SourceOutcome& o = run.source == Source::trainer ? config.trainer : config.solver;
    const std::size_t s = run.source == Source::trainer ? 0 : 1;
    ++o.runs;
    ++o.patterns[static_cast<std::size_t>(run.pattern)];
    if (run.source == Source::solver ||
        (run.decoding_error_cm && *run.decoding_error_cm < options.error_threshold_cm))
      ++o.path_integrating;
    if (run.decoding_error_cm) errors[run.config].push_back(*run.decoding_error_cm);
    for (std::size_t i = 0; i < nt; ++i) {
      if (run.observed[i] == Observed::hexagonal) ++o.hexagonal[i];
      if (run.observed[i] == Observed::hexagonal || run.observed[i] == Observed::no_grids)
        ++o.scored[i];
      if (run.observed[i] == Observed::unscored) ++v.unscored[s][i];
    }
    if (run.observed[head] == Observed::hexagonal && run.measured_spacing_m)
      spacings[2 * run.config + s].push_back(*run.measured_spacing_m);
  }
  for (std::size_t c = 0; c < v.configs.size(); ++c) {
    ConfigResult& config = v.configs[c];
    config.trainer.median_spacing_m = median_of(spacings[2 * c]);
    config.solver.median_spacing_m = median_of(spacings[2 * c + 1]);
    config.trainer.median_decoding_error_cm = median_of(errors[c]);
    config.solver.median_decoding_error_cm = kNaN;
    config.trainer.max_score_60 = config.solver.max_score_60 = kNaN;
  }
  // The best score_60 of each configuration and source (NaN when no run has one); a network
  // that does not path-integrate has no grid cells, whatever its scores, and is left out.
  for (const RunRecord& run : v.runs) {
    SourceOutcome& o = run.source == Source::trainer ? v.configs[run.config].trainer
                                                     : v.configs[run.config].solver;
    const bool integrates =
        run.source == Source::solver ||
        (run.decoding_error_cm && *run.decoding_error_cm < options.error_threshold_cm);
    if (integrates && run.max_score_60 && !(o.max_score_60 >= *run.max_score_60))
      o.max_score_60 = *run.max_score_60;
  }
}

// Confusion and agreement of the hexagonal-or-not call, over runs, at every threshold, with
// each run's configuration's prediction.
void count_confusion(Validation& v) {
  const ValidationOptions& options = v.options;
  const std::size_t nt = options.thresholds.size();
  for (const Source s : kSources) {
    std::vector<std::string> seen;
    for (const RunRecord& run : v.runs)
      if (run.source == s) seen.push_back(v.configs[run.config].prediction.pattern);
    const std::vector<std::string> predicted = ordered_patterns(seen);
    for (std::size_t i = 0; i < nt; ++i) {
      Agreement a{s, options.thresholds[i], 0, 0};
      for (const std::string& p : predicted)
        for (const Observed o : observed_categories(s)) {
          ConfusionCell cell{s, options.thresholds[i], p, o, 0};
          for (const RunRecord& run : v.runs)
            if (run.source == s && run.observed[i] == o &&
                v.configs[run.config].prediction.pattern == p)
              ++cell.count;
          v.confusion.push_back(cell);
        }
      for (const RunRecord& run : v.runs) {
        const std::string& p = v.configs[run.config].prediction.pattern;
        const Observed o = run.observed[i];
        if (run.source != s || p == "unknown" ||
            (o != Observed::hexagonal && o != Observed::no_grids))
          continue;
        ++a.runs;
        if ((p == "hexagonal") == (o == Observed::hexagonal)) ++a.agree;
      }
      v.agreement.push_back(a);
    }
  }
}

// The pattern matrix at the headline: predicted class x observed pattern, and their agreement.
void count_pattern_confusion(Validation& v) {
  const ValidationOptions& options = v.options;
  for (const Source s : kSources) {
    std::vector<std::string> seen;
    bool any = false;
    for (const RunRecord& run : v.runs)
      if (run.source == s) {
        any = true;
        seen.push_back(predicted_pattern_class(v.configs[run.config].prediction.pattern));
      }
    if (!any) continue;
    std::vector<std::string> rows;
    for (const std::string& p : predicted_class_order())
      if (is_pattern_class(p) || std::find(seen.begin(), seen.end(), p) != seen.end())
        rows.push_back(p);
    for (const std::string& p : seen) // a class outside the theory's (a hand-made table)
      if (std::find(rows.begin(), rows.end(), p) == rows.end()) rows.push_back(p);
    Agreement a{s, options.headline_threshold, 0, 0};
    for (const std::string& p : rows)
      for (const ObservedPattern o : observed_pattern_categories(s)) {
        PatternCell cell{s, p, o, 0};
        for (const RunRecord& run : v.runs)
          if (run.source == s && run.pattern == o &&
              predicted_pattern_class(v.configs[run.config].prediction.pattern) == p)
            ++cell.count;
        v.pattern_confusion.push_back(cell);
      }
    for (const RunRecord& run : v.runs) {
      const std::string p = predicted_pattern_class(v.configs[run.config].prediction.pattern);
      if (run.source != s || !is_pattern_class(p) || !is_pattern_class(run.pattern)) continue;
      ++a.runs;
      if (p == observed_pattern_name(run.pattern)) ++a.agree;
    }
    v.pattern_agreement.push_back(a);
  }
}

// Spacing over runs hexagonal at the headline: the points with both spacings, and the fits,
// which leave out (and count) those without.
void fit_spacings(Validation& v) {
  const ValidationOptions& options = v.options;
  const std::size_t head = headline_index(options);
  std::vector<double> px[2], mx[2];
  for (const RunRecord& run : v.runs) {
    if (run.observed[head] != Observed::hexagonal) continue;
    const std::size_t s = run.source == Source::trainer ? 0 : 1;
    const double predicted = run.predicted_spacing_m.value_or(kNaN);
    const double measured = run.measured_spacing_m.value_or(kNaN);
    px[s].push_back(predicted);
    mx[s].push_back(measured);
    if (!usable_spacing(predicted, measured)) continue;
    SpacingPoint p;
    p.source = run.source;
    p.run_id = run.run_id;
    p.config = run.config;
    p.predicted_m = predicted;
    p.measured_m = measured;
    p.relative_error = std::abs(p.measured_m - p.predicted_m) / p.predicted_m;
    v.spacing_points.push_back(p);
  }
  v.trainer_fit = fit_spacing(px[0], mx[0]);
  v.trainer_correction = held_out_correction(px[0], mx[0]);
  v.solver_fit = fit_spacing(px[1], mx[1]);
}

// Where the theory fails: configurations (hexagonal predicted but never observed, or the
// reverse), then runs whose spacing misses the prediction by more than the tolerance.
void list_failures(Validation& v) {
  const ValidationOptions& options = v.options;
  const std::size_t head = headline_index(options);
  for (std::size_t c = 0; c < v.configs.size(); ++c) {
    const ConfigResult& config = v.configs[c];
    const std::string& p = config.prediction.pattern;
    if (p == "unknown") continue;
    for (const Source s : kSources) {
      const SourceOutcome& o = outcome_of(config, s);
      if (o.scored[head] == 0) continue;
      const bool predicted_hex = p == "hexagonal";
      const bool observed_hex = o.hexagonal[head] > 0;
      if (predicted_hex == observed_hex) continue;
      Failure f;
      f.kind =
          predicted_hex ? "predicted_hexagonal_not_observed" : "observed_hexagonal_not_predicted";
      f.source = s;
      f.config = c;
      f.runs = o.scored[head];
      f.hexagonal = o.hexagonal[head];
      f.predicted_spacing_m = config.prediction.grid_spacing_m.value_or(kNaN);
      f.measured_spacing_m = o.median_spacing_m;
      f.relative_error = kNaN;
      v.failures.push_back(f);
    }
  }
  for (const SpacingPoint& p : v.spacing_points) {
    if (!(p.relative_error > options.spacing_tolerance)) continue;
    Failure f;
    f.kind = "spacing";
    f.source = p.source;
    f.config = p.config;
    f.run_id = p.run_id;
    f.predicted_spacing_m = p.predicted_m;
    f.measured_spacing_m = p.measured_m;
    f.relative_error = p.relative_error;
    v.failures.push_back(f);
  }
}

} // namespace

Validation validate_results(const CsvTable& table, const ValidationOptions& options,
                            const std::string& source, const std::string& option) {
  if (options.thresholds.empty() || !(options.error_threshold_cm > 0.0) ||
      !std::isfinite(options.error_threshold_cm))
    throw InternalError("validate_results: unchecked options");
  (void)headline_index(options); // InternalError unless the headline is one of the thresholds
  require_columns(table, source, option);

  Validation v;
  v.results = source;
  v.options = options;
  v.rows = table.rows.size();
  v.unscored.assign(2, std::vector<std::size_t>(options.thresholds.size(), 0));
  v.has_score_90 = table.column("max_score_90").has_value();
  v.has_stripe_score = table.column("max_stripe_score").has_value();
  const Votes votes = read_rows(table, source, option, v);
  require_runs(v, source, option);
  predict_configs(v, votes);
  tally_outcomes(v);
  count_confusion(v);
  count_pattern_confusion(v);
  fit_spacings(v);
  list_failures(v);
  return v;
}

std::vector<std::size_t> nfl_width_configs(const Validation& v) {
  const std::map<std::string, std::string> wanted = {
      {"encoding", "dos"},     {"surround-ratio", "2"}, {"surround-variance-ratio", ""},
      {"activation", "relu"},  {"box", "2.2"},          {"periodic", "false"},
      {"fields-per-cell", "1"}};
  std::vector<std::pair<double, std::size_t>> found;
  for (std::size_t c = 0; c < v.configs.size(); ++c) {
    const ConfigResult& config = v.configs[c];
    if (!config.resolved) continue;
    bool match = true;
    std::optional<double> sigma;
    for (const auto& [name, value] : config.options) {
      const auto it = wanted.find(name);
      if (it != wanted.end() && it->second != value) match = false;
      if (name == "sigma") {
        double d = 0.0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
        if (ec == std::errc() && end == value.data() + value.size()) sigma = d;
      }
    }
    if (!match || !sigma) continue;
    for (const double claim : nfl_claim_sigmas_m)
      if (std::abs(*sigma - claim) < 1e-9) found.emplace_back(*sigma, c);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::size_t> out;
  for (const auto& [sigma, c] : found)
    out.push_back(c);
  return out;
}

} // namespace gridtheory::sweep
