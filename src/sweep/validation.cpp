#include "src/sweep/validation.hpp"

#include "numerics/observed_pattern.hpp"
#include "src/io/atomic_file.hpp"
#include "src/plot/figure.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/statistics.hpp"
#include "src/version.hpp"
#include "theory/activation.hpp"
#include "theory/distribution.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

namespace gridtheory::sweep {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr Source kSources[] = {Source::trainer, Source::solver};

// The predicted patterns in the theory's order (theory/prediction.hpp); others sort after.
const std::vector<std::string>& pattern_order() {
  static const std::vector<std::string> order{"hexagonal", "square", "stripes",
                                              "amorphous", "none",   "not_applicable"};
  return order;
}

std::vector<Observed> observed_categories(Source s) {
  if (s == Source::trainer)
    return {Observed::hexagonal, Observed::no_grids, Observed::not_path_integrating};
  return {Observed::hexagonal, Observed::no_grids};
}

std::vector<ObservedPattern> observed_pattern_categories(Source s) {
  using P = ObservedPattern;
  if (s == Source::trainer)
    return {P::hexagonal, P::square, P::stripes, P::none, P::not_path_integrating, P::unscored};
  return {P::hexagonal, P::square, P::stripes, P::none, P::unscored};
}

// The predicted classes of the pattern matrix, in order; the first four are always shown.
const std::vector<std::string>& predicted_class_order() {
  static const std::vector<std::string> order{"hexagonal", "square",         "stripes",
                                              "none",      "not_applicable", "unknown"};
  return order;
}

bool is_pattern_class(const std::string& c) {
  return c == "hexagonal" || c == "square" || c == "stripes" || c == "none";
}
bool is_pattern_class(ObservedPattern o) {
  return o == ObservedPattern::hexagonal || o == ObservedPattern::square ||
         o == ObservedPattern::stripes || o == ObservedPattern::none;
}
ObservedPattern observed_from(Pattern p) {
  switch (p) {
  case Pattern::hexagonal:
    return ObservedPattern::hexagonal;
  case Pattern::square:
    return ObservedPattern::square;
  case Pattern::stripes:
    return ObservedPattern::stripes;
  default:
    return ObservedPattern::none; // classify_observed returns only the four
  }
}

std::string key(double threshold) {
  return format_number(threshold);
}

// Exact numbers for tables programs read; empty where undefined.
std::string exact(double v) {
  return std::isfinite(v) ? format_number(v) : std::string();
}
std::string exact(const std::optional<double>& v) {
  return v ? exact(*v) : std::string();
}
json json_number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
json json_number(const std::optional<double>& v) {
  return v ? json_number(*v) : json(nullptr);
}
// Rounded numbers for people.
std::string shown(double v, const char* format = "%.4g") {
  if (!std::isfinite(v)) return "–";
  char buf[48];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}
std::string shown(const std::optional<double>& v) {
  return v ? shown(*v) : std::string("–");
}
// "67%, 95% CI 21-94%": every fraction in the report carries its Wilson interval.
std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "–";
  const Interval w = wilson_interval(part, whole);
  return shown(100.0 * static_cast<double>(part) / static_cast<double>(whole), "%.0f") +
         "%, 95% CI " + shown(100.0 * w.lo, "%.0f") + "–" + shown(100.0 * w.hi, "%.0f") + "%";
}

// A numeric field as given by the user: a number, NaN text as absent, anything else an error.
std::string canonical_value(const std::string& v) {
  double d = 0.0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (!v.empty() && ec == std::errc() && end == v.data() + v.size() && std::isfinite(d))
    return format_number(d);
  return v;
}

// A spacing pair the fit can use: both finite, the predicted one positive (the relative error
// divides by it).
bool usable_spacing(double predicted, double measured) {
  return std::isfinite(predicted) && std::isfinite(measured) && predicted > 0.0;
}

class Reader {
public:
  Reader(const CsvTable& table, const std::string& source, const std::string& option)
      : table_(table), source_(source), option_(option) {}

  // The NaN or infinite fields read so far, each (row, column) once.
  const std::set<std::pair<std::size_t, std::string>>& non_finite() const { return non_finite_; }

  const std::string& text(std::size_t row, std::string_view column) const {
    return table_.field(row, column);
  }
  // A finite number, nullopt for an empty field (null in summary.json) or NaN; a field that is
  // not a number is a user error.
  std::optional<double> number(std::size_t row, std::string_view column) const {
    const std::string& f = table_.field(row, column);
    if (f.empty()) return std::nullopt;
    const auto v = table_.number(row, column);
    if (!v)
      throw UserError(option_, source_,
                      "has a field that is not a number: data row " + std::to_string(row + 1) +
                          " (run " + text(row, "run_id") + "), column " + std::string(column) +
                          ": '" + f + "'",
                      "numbers (or empty fields) in the summary columns");
    if (!std::isfinite(*v)) {
      non_finite_.emplace(row, std::string(column));
      return std::nullopt;
    }
    return v;
  }

private:
  const CsvTable& table_;
  const std::string& source_;
  const std::string& option_;
  mutable std::set<std::pair<std::size_t, std::string>> non_finite_;
};

// Whether the run has a unit (map) with score_60 above t (see the header's criteria).
Observed score_call(const Reader& r, std::size_t row, const std::optional<double>& max_score,
                    double t) {
  if (max_score) return *max_score > t ? Observed::hexagonal : Observed::no_grids;
  if (const auto f = r.number(row, "fraction_score_60_above_" + key(t)))
    return *f > 0.0 ? Observed::hexagonal : Observed::no_grids;
  if (t >= 0.3)
    if (const auto f = r.number(row, "fraction_score_60_above_0.3"); f && *f == 0.0)
      return Observed::no_grids;
  return Observed::unscored;
}

// A configuration: its key, label and option values (the header's "Configurations").
struct ConfigId {
  std::string key, label;
  std::vector<std::pair<std::string, std::string>> options;
  bool resolved = true;
};

// The configuration of a row as its run resolved it; nullopt when the options do not resolve.
std::optional<ConfigId> resolved_config(const Reader& r, std::size_t row,
                                        const std::string& command) {
  const auto typed = [&](const char* name) -> std::optional<std::string> {
    const std::string& f = r.text(row, std::string("opt.") + name);
    if (f.empty()) return std::nullopt;
    return f;
  };
  const EncodingSpec spec = encoding_spec_from(typed);
  Encoding enc;
  double box_m = defaults::box_m;
  bool periodic = false;
  std::string activation = defaults::activation;
  try {
    enc = make_encoding(spec);
    if (const auto b = typed("box")) box_m = parse_number("--box", *b, {0.0, true, "a side"});
    if (const auto a = typed("activation"))
      activation = std::string(activation_name(parse_activation("--activation", *a)));
  } catch (const UserError&) {
    return std::nullopt;
  }
  // A flag: sweep specs write `true` (false leaves it out).
  if (const auto p = typed("periodic")) {
    if (*p == "true" || *p == "1")
      periodic = true;
    else if (*p != "false" && *p != "0")
      return std::nullopt;
  }
  if (command == "pattern") periodic = true; // the solver's dynamics are periodic

  ConfigId id;
  id.key = "encoding=" + to_json(enc).dump() + "\nbox=" + format_number(box_m) +
           "\nperiodic=" + (periodic ? "true" : "false") + "\nactivation=" + activation;
  const bool width = uses_width(enc.family);
  const bool gdog = enc.family == Family::general_dog;
  const auto surround = [&](SurroundConvention c) {
    return enc.surround && enc.surround->convention == c ? enc.surround->value.to_string()
                                                         : std::string();
  };
  for (const auto& name : config_option_names()) {
    std::string value;
    if (name == "encoding") value = family_name(enc.family);
    if (name == "sigma" && width) value = enc.sigma_m.to_string();
    if (name == "surround-ratio") value = surround(SurroundConvention::ratio);
    if (name == "surround-variance-ratio") value = surround(SurroundConvention::variance_ratio);
    if (name == "alpha-e" && gdog) value = format_number(enc.alpha_e);
    if (name == "alpha-i" && gdog) value = format_number(enc.alpha_i);
    if (name == "fields-per-cell" && width) value = enc.fields_per_cell.to_string();
    if (name == "cells" && width) value = std::to_string(enc.cells);
    if (name == "box") value = format_number(box_m);
    if (name == "periodic") value = periodic ? "true" : "false";
    if (name == "activation") value = activation;
    id.options.emplace_back(name, value);
    // The label leaves out what is at its default and says nothing (one field, 512 cells,
    // solid walls).
    const bool quiet = (name == "fields-per-cell" && enc.fields_per_cell.is_single()) ||
                       (name == "cells" && enc.cells == defaults::cells) ||
                       (name == "periodic" && !periodic);
    if (!value.empty() && !quiet) id.label += (id.label.empty() ? "" : " ") + name + "=" + value;
  }
  return id;
}

// The configuration of a row that does not resolve: its options as typed (numbers canonical).
ConfigId typed_config(const Reader& r, std::size_t row) {
  ConfigId id;
  id.resolved = false;
  id.key = "typed";
  for (const auto& name : config_option_names()) {
    const std::string value = canonical_value(r.text(row, "opt." + name));
    id.key += "\n" + name + "=" + value;
    id.options.emplace_back(name, value);
    if (!value.empty()) id.label += (id.label.empty() ? "" : " ") + name + "=" + value;
  }
  id.label = (id.label.empty() ? "(defaults)" : id.label) + " (options do not resolve)";
  return id;
}

struct Vote {
  std::string pattern;
  std::optional<double> spacing_m;
};

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

std::vector<std::string> ordered_patterns(const std::vector<std::string>& seen) {
  std::vector<std::string> out;
  for (const auto& p : pattern_order())
    if (std::find(seen.begin(), seen.end(), p) != seen.end()) out.push_back(p);
  std::vector<std::string> rest;
  for (const auto& p : seen)
    if (std::find(pattern_order().begin(), pattern_order().end(), p) == pattern_order().end() &&
        std::find(rest.begin(), rest.end(), p) == rest.end())
      rest.push_back(p);
  std::sort(rest.begin(), rest.end());
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::size_t headline_index(const ValidationOptions& o) {
  const auto it = std::find(o.thresholds.begin(), o.thresholds.end(), o.headline_threshold);
  if (it == o.thresholds.end())
    throw InternalError("validate: the headline threshold is not one of the thresholds");
  return static_cast<std::size_t>(it - o.thresholds.begin());
}

const SourceOutcome& outcome_of(const ConfigResult& c, Source s) {
  return s == Source::trainer ? c.trainer : c.solver;
}
const SpacingFit& fit_of(const Validation& v, Source s) {
  return s == Source::trainer ? v.trainer_fit : v.solver_fit;
}
double fraction(std::size_t part, std::size_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : kNaN;
}

} // namespace

const std::vector<std::string>& config_option_names() {
  static const std::vector<std::string> names{
      "encoding", "sigma",    "surround-ratio",  "surround-variance-ratio",
      "alpha-e",  "alpha-i",  "fields-per-cell", "cells",
      "box",      "periodic", "activation"};
  return names;
}

std::string_view source_name(Source s) {
  return s == Source::trainer ? "trainer" : "solver";
}

std::string_view observed_name(Observed o) {
  switch (o) {
  case Observed::hexagonal:
    return "hexagonal";
  case Observed::no_grids:
    return "no_grids";
  case Observed::not_path_integrating:
    return "not_path_integrating";
  case Observed::unscored:
    return "unscored";
  }
  throw InternalError("observed_name: unknown value");
}

std::string_view observed_pattern_name(ObservedPattern o) {
  switch (o) {
  case ObservedPattern::hexagonal:
    return "hexagonal";
  case ObservedPattern::square:
    return "square";
  case ObservedPattern::stripes:
    return "stripes";
  case ObservedPattern::none:
    return "none";
  case ObservedPattern::not_path_integrating:
    return "not_path_integrating";
  case ObservedPattern::unscored:
    return "unscored";
  }
  throw InternalError("observed_pattern_name: unknown value");
}

std::string predicted_pattern_class(const std::string& predicted) {
  if (predicted == "amorphous") return "none";
  return predicted;
}

HeldOutCorrection held_out_correction(const std::vector<double>& predicted_given,
                                      const std::vector<double>& measured_given) {
  if (predicted_given.size() != measured_given.size())
    throw InternalError("held_out_correction: predicted and measured differ in length");
  std::vector<double> predicted, measured;
  for (std::size_t i = 0; i < predicted_given.size(); ++i)
    if (usable_spacing(predicted_given[i], measured_given[i])) {
      predicted.push_back(predicted_given[i]);
      measured.push_back(measured_given[i]);
    }
  HeldOutCorrection h;
  h.n = predicted.size();
  double xy[2] = {0, 0}, xx[2] = {0, 0};
  std::vector<double> uncorrected;
  for (std::size_t i = 0; i < h.n; ++i) {
    xy[i % 2] += predicted[i] * measured[i];
    xx[i % 2] += predicted[i] * predicted[i];
    uncorrected.push_back(std::abs(measured[i] - predicted[i]) / measured[i]);
  }
  h.factor_even = xx[0] > 0 ? xy[0] / xx[0] : kNaN;
  h.factor_odd = xx[1] > 0 ? xy[1] / xx[1] : kNaN;
  h.uncorrected_median_relative_error = median_of(uncorrected);
  h.held_out_median_relative_error = kNaN;
  if (std::isfinite(h.factor_even) && std::isfinite(h.factor_odd)) {
    std::vector<double> held_out;
    for (std::size_t i = 0; i < h.n; ++i) {
      const double factor = i % 2 ? h.factor_even : h.factor_odd; // the other fold's
      held_out.push_back(std::abs(measured[i] - factor * predicted[i]) / measured[i]);
    }
    h.held_out_median_relative_error = median_of(held_out);
  }
  return h;
}

SpacingFit fit_spacing(const std::vector<double>& predicted_given,
                       const std::vector<double>& measured_given) {
  if (predicted_given.size() != measured_given.size())
    throw InternalError("fit_spacing: predicted and measured differ in length");
  SpacingFit f;
  f.slope = f.intercept = f.slope_through_origin = f.r_squared = f.median_relative_error = kNaN;
  std::vector<double> predicted, measured;
  for (std::size_t i = 0; i < predicted_given.size(); ++i)
    if (usable_spacing(predicted_given[i], measured_given[i])) {
      predicted.push_back(predicted_given[i]);
      measured.push_back(measured_given[i]);
    }
  f.n = predicted.size();
  f.left_out = predicted_given.size() - f.n;
  if (f.n == 0) return f;
  const double n = static_cast<double>(f.n);
  double mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < f.n; ++i) {
    mx += predicted[i];
    my += measured[i];
  }
  mx /= n;
  my /= n;
  double sxx = 0.0, sxy = 0.0, syy = 0.0, xx = 0.0, xy = 0.0;
  std::vector<double> rel;
  for (std::size_t i = 0; i < f.n; ++i) {
    const double dx = predicted[i] - mx, dy = measured[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
    xx += predicted[i] * predicted[i];
    xy += predicted[i] * measured[i];
    rel.push_back(std::abs(measured[i] - predicted[i]) / predicted[i]);
  }
  f.median_relative_error = median_of(rel);
  if (xx > 0.0) f.slope_through_origin = xy / xx;
  if (f.n >= 2 && sxx > 0.0) {
    f.slope = sxy / sxx;
    f.intercept = my - f.slope * mx;
    if (syy > 0.0) {
      double ss_res = 0.0;
      for (std::size_t i = 0; i < f.n; ++i) {
        const double e = measured[i] - (f.intercept + f.slope * predicted[i]);
        ss_res += e * e;
      }
      f.r_squared = 1.0 - ss_res / syy;
    }
  }
  return f;
}

Validation validate_results(const CsvTable& table, const ValidationOptions& options,
                            const std::string& source, const std::string& option) {
  if (options.thresholds.empty() || !(options.error_threshold_cm > 0.0) ||
      !std::isfinite(options.error_threshold_cm))
    throw InternalError("validate_results: unchecked options");
  const std::size_t head = headline_index(options);
  const std::size_t nt = options.thresholds.size();
  for (const char* column : {"run_id", "command", "status"})
    if (!table.column(column))
      throw UserError(option, source, "has no column '" + std::string(column) + "'",
                      "a results.csv written by gridtheory sweep collect (columns run_id, index, "
                      "block, command, status, error, opt.NAME..., summary scalars)");
  const Reader reader(table, source, option);

  Validation v;
  v.results = source;
  v.options = options;
  v.rows = table.rows.size();
  v.unscored.assign(2, std::vector<std::size_t>(nt, 0));

  v.has_score_90 = table.column("max_score_90").has_value();
  v.has_stripe_score = table.column("max_stripe_score").has_value();
  PatternThresholds pattern_thresholds;
  pattern_thresholds.hexagonal = options.headline_threshold;
  pattern_thresholds.square = options.square_threshold;
  pattern_thresholds.stripes = options.stripe_threshold;

  std::map<std::string, std::size_t> config_index;
  std::vector<std::vector<Vote>> predict_votes, run_votes;
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    const std::string& status = reader.text(row, "status");
    if (status == "failed") ++v.failed;
    if (status == "pending") ++v.pending;
    if (status != "done") {
      if (status != "failed" && status != "pending") ++v.other_status;
      continue;
    }
    ++v.done;
    const std::string& command = reader.text(row, "command");
    if (command != "predict" && command != "pattern" && command != "train") {
      ++v.done_other;
      continue;
    }
    std::optional<ConfigId> id = resolved_config(reader, row, command);
    if (!id) {
      id = typed_config(reader, row);
      ++v.unresolved_rows;
    }
    auto [it, added] = config_index.emplace(id->key, v.configs.size());
    if (added) {
      ConfigResult config;
      config.options = std::move(id->options);
      config.label = std::move(id->label);
      config.key = std::move(id->key);
      config.resolved = id->resolved;
      for (SourceOutcome* o : {&config.trainer, &config.solver}) {
        o->hexagonal.assign(nt, 0);
        o->scored.assign(nt, 0);
        o->patterns.assign(observed_pattern_count, 0);
      }
      v.configs.push_back(std::move(config));
      predict_votes.emplace_back();
      run_votes.emplace_back();
    }
    const std::size_t c = it->second;

    if (command == "predict") {
      ++v.done_predict;
      ++v.configs[c].predict_runs;
      predict_votes[c].push_back(
          {reader.text(row, "pattern"), reader.number(row, "grid_spacing_m")});
      continue;
    }
    RunRecord run;
    run.row = row;
    run.run_id = reader.text(row, "run_id");
    run.source = command == "train" ? Source::trainer : Source::solver;
    run.config = c;
    (command == "train" ? v.done_train : v.done_pattern)++;
    run_votes[c].push_back(
        {reader.text(row, "predicted_pattern"), reader.number(row, "predicted_grid_spacing_m")});
    run.max_score_60 = reader.number(row, "max_score_60");
    run.max_score_90 = reader.number(row, "max_score_90");
    run.max_stripe_score = reader.number(row, "max_stripe_score");
    run.measured_spacing_m = reader.number(row, "median_grid_spacing_m");
    run.predicted_spacing_m = reader.number(row, "predicted_grid_spacing_m");
    if (run.source == Source::trainer)
      run.decoding_error_cm = reader.number(row, "decoding_error_cm");
    for (const double t : options.thresholds) {
      Observed o = Observed::unscored;
      if (run.source == Source::solver)
        o = score_call(reader, row, run.max_score_60, t);
      else if (run.decoding_error_cm)
        o = *run.decoding_error_cm >= options.error_threshold_cm
                ? Observed::not_path_integrating
                : score_call(reader, row, run.max_score_60, t);
      run.observed.push_back(o);
    }
    // The observed pattern at the headline: classify_observed on the best unit of each measure
    // (a run the fraction columns call hexagonal without a max_score_60 is hexagonal).
    switch (run.observed[head]) {
    case Observed::unscored:
      run.pattern = ObservedPattern::unscored;
      break;
    case Observed::not_path_integrating:
      run.pattern = ObservedPattern::not_path_integrating;
      break;
    default: {
      const bool hex = run.observed[head] == Observed::hexagonal;
      const PatternEvidence e{
          run.max_score_60.value_or(hex ? std::numeric_limits<double>::infinity() : kNaN),
          run.max_score_90.value_or(kNaN), run.max_stripe_score.value_or(kNaN)};
      run.pattern = observed_from(classify_observed(e, pattern_thresholds));
    }
    }
    v.runs.push_back(std::move(run));
  }
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

  // Predictions: predict rows where present, else the runs' own.
  for (std::size_t c = 0; c < v.configs.size(); ++c)
    v.configs[c].prediction = predict_votes[c].empty() ? decide(run_votes[c], "runs")
                                                       : decide(predict_votes[c], "predict");

  // Outcomes per configuration.
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

  // Confusion and agreement, over runs, with each run's configuration's prediction.
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

  // The pattern matrix at the headline: predicted class x observed pattern.
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

  // Spacing over runs hexagonal at the headline; the fit leaves out (and counts) those
  // without both spacings.
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
  v.non_finite_fields = reader.non_finite().size();
  for (const auto& [row, column] : reader.non_finite())
    if (std::find(v.non_finite_columns.begin(), v.non_finite_columns.end(), column) ==
        v.non_finite_columns.end())
      v.non_finite_columns.push_back(column);
  std::sort(v.non_finite_columns.begin(), v.non_finite_columns.end());

  // Where the theory fails: configurations, then runs.
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
  return v;
}

// ---- outputs ----

namespace {

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

} // namespace

std::vector<ConfigSpacing> spacing_by_config(const Validation& v) {
  std::vector<ConfigSpacing> out;
  for (const Source s : kSources)
    for (std::size_t c = 0; c < v.configs.size(); ++c) {
      std::vector<double> measured, ratio;
      double predicted = std::nan("");
      for (const SpacingPoint& p : v.spacing_points)
        if (p.source == s && p.config == c && usable_spacing(p.predicted_m, p.measured_m)) {
          measured.push_back(p.measured_m);
          ratio.push_back(p.measured_m / p.predicted_m);
          predicted = p.predicted_m;
        }
      if (measured.empty()) continue;
      ConfigSpacing cs;
      cs.source = s;
      cs.config = c;
      // The configuration's prediction where it has one (all its runs share it), else the runs'.
      cs.predicted_m = v.configs[c].prediction.grid_spacing_m.value_or(predicted);
      cs.measured_m = mean_interval(measured);
      cs.ratio = mean_interval(ratio);
      out.push_back(cs);
    }
  std::stable_sort(out.begin(), out.end(), [](const ConfigSpacing& a, const ConfigSpacing& b) {
    return a.config < b.config;
  });
  return out;
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

namespace {

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

namespace {

// A confusion matrix as a Markdown table: one row per predicted class (cells come row by row,
// cats.size() per row, in `cats` order), one column per observed category.
template <typename Category, typename Name, typename Cell>
void matrix_markdown(std::ostream& md, const std::vector<Category>& cats, Name name,
                     const std::vector<const Cell*>& cells) {
  md << "| predicted \\ observed |";
  for (const Category c : cats)
    md << " " << name(c) << " |";
  md << "\n|---|";
  for (std::size_t k = 0; k < cats.size(); ++k)
    md << "---|";
  md << "\n";
  for (std::size_t k = 0; k < cells.size(); k += cats.size()) {
    md << "| " << cells[k]->predicted << " |";
    for (std::size_t m = 0; m < cats.size(); ++m)
      md << " " << cells[k + m]->count << " |";
    md << "\n";
  }
}

} // namespace

std::string validation_markdown(const Validation& v) {
  const ValidationOptions& o = v.options;
  const std::size_t head = headline_index(o);
  const std::string ht = key(o.headline_threshold);
  std::ostringstream md;
  md << "# Theory against simulation\n\n";
  md << "Written by `gridtheory validate` " << version << " from `" << v.results << "`.\n\n";

  md << "## Inputs\n\n";
  md << "- rows: " << v.rows << " (" << v.done << " done, " << v.failed << " failed, " << v.pending
     << " pending";
  if (v.other_status) md << ", " << v.other_status << " with another status";
  md << "); only done rows are used\n";
  md << "- done rows by command: predict " << v.done_predict << ", pattern (solver) "
     << v.done_pattern << ", train (trainer) " << v.done_train;
  if (v.done_other) md << ", other commands (ignored) " << v.done_other;
  md << "\n";
  md << "- configurations: " << v.configs.size()
     << " (joined on the resolved target: the encoding options";
  for (const auto& name : config_option_names())
    if (name != "box" && name != "periodic" && name != "activation") md << " `--" << name << "`";
  md << " with every default filled in; the box: `--box`, `--periodic` (pattern runs are always "
        "periodic); the activation: `--activation`, default relu; seed and command-specific "
        "options ignored)\n";
  if (v.unresolved_rows)
    md << "- " << v.unresolved_rows
       << " done rows have options that do not resolve (the run would refuse them): joined on "
          "their options as typed\n";
  if (!v.has_score_90 || !v.has_stripe_score) {
    md << "- the table has no";
    if (!v.has_score_90) md << " `max_score_90`";
    if (!v.has_score_90 && !v.has_stripe_score) md << " or";
    if (!v.has_stripe_score) md << " `max_stripe_score`";
    md << " column: no run can be observed "
       << (!v.has_score_90 && !v.has_stripe_score ? "square or stripes"
           : !v.has_score_90                      ? "square"
                                                  : "stripes")
       << " (results from a trainer before these measures)\n";
  }
  for (const Source s : kSources) {
    const std::size_t si = s == Source::trainer ? 0 : 1;
    std::size_t total = 0;
    for (std::size_t i = 0; i < o.thresholds.size(); ++i)
      total += v.unscored[si][i];
    if (total == 0) continue;
    md << "- " << source_name(s) << " runs without a score (left out of the matrices):";
    for (std::size_t i = 0; i < o.thresholds.size(); ++i)
      md << " " << v.unscored[si][i] << " at " << key(o.thresholds[i]) << ";";
    md << "\n";
  }
  if (v.non_finite_fields) {
    md << "- " << v.non_finite_fields
       << " fields were NaN or infinite and were read as missing (columns";
    for (std::size_t i = 0; i < v.non_finite_columns.size(); ++i)
      md << (i ? ", " : " ") << "`" << v.non_finite_columns[i] << "`";
    md << ")\n";
  }
  md << "\n";

  md << "## Criteria\n\n";
  md << "- trainer (`train` runs): **not_path_integrating** when decoding_error_cm >= "
     << format_number(o.error_threshold_cm)
     << " (NFL: a run path-integrates below 10 cm; such a network never counts as having grids, "
        "whatever its scores); otherwise **hexagonal** when max_score_60 > t, else "
        "**no_grids**.\n";
  md << "- solver (`pattern` runs): **hexagonal** when max_score_60 > t, else **no_grids**.\n";
  md << "- t = " << ht << " is the headline (NFL's \"has grid cells\"); also shown: t =";
  for (std::size_t i = 0, shown_count = 0; i < o.thresholds.size(); ++i)
    if (i != head) md << (shown_count++ ? ", " : " ") << key(o.thresholds[i]);
  md << ". Scores are score_60 as each command writes it (train: DeepMind SAC, "
        "unvisited bins as 0; pattern: NaN-aware SAC).\n";
  md << "- A run missing max_score_60 is decided by fraction_score_60_above_t when that column "
        "exists (or as no_grids when fraction_score_60_above_0.3 is 0); else it is unscored.\n";
  md << "- observed pattern, at t = " << ht
     << " (numerics/observed_pattern.hpp, on the run's best unit of each measure): "
        "**hexagonal** when max_score_60 > "
     << ht << "; else **square** when max_score_90 > " << format_number(o.square_threshold)
     << "; else **stripes** when max_stripe_score > " << format_number(o.stripe_threshold)
     << " (the share of a unit's spectral-ring power in one pair of opposite peaks); else "
        "**none**. A missing measure never claims its class. Predicted `amorphous` and `none` "
        "are the class none; `not_applicable` (and `unknown`: no prediction) stay apart.\n";
  md << "- prediction: from the configuration's `predict` rows where present, else the "
        "predicted_pattern of its pattern/train rows (the most frequent one; all are listed as "
        "votes). Each run is compared with its configuration's prediction.\n";
  md << "- spacing: over runs hexagonal at t = " << ht
     << " with both median_grid_spacing_m (measured: median over units/maps above 0.3) and "
        "predicted_grid_spacing_m; relative error = |measured - predicted| / predicted; runs above "
     << format_number(o.spacing_tolerance) << " are listed as failures.\n\n";

  md << "## Configurations (t = " << ht << ")\n\n";
  md << "Hexagonal: runs hexagonal of the scored runs (trainer: of the path-integrating ones). "
        "Spacings: the median of median_grid_spacing_m over the runs hexagonal at t = "
     << ht
     << ". Decoding error: the median over all train runs. Observed: the runs' observed "
        "patterns (hex, sq, str, none; npi: not path-integrating; uns: unscored).\n\n";
  md << "| # | configuration | predicted | predicted spacing (m) | solver hexagonal | solver "
        "spacing (m) | trainer path-integrating | trainer hexagonal | trainer spacing (m) | "
        "trainer decoding error (cm) | observed (solver; trainer) |\n";
  md << "|---|---|---|---|---|---|---|---|---|---|---|\n";
  const auto observed_cell = [](const SourceOutcome& so, Source s) {
    static const char* const short_names[] = {"hex", "sq", "str", "none", "npi", "uns"};
    std::string out;
    for (const ObservedPattern p : observed_pattern_categories(s)) {
      const std::size_t n = so.patterns[static_cast<std::size_t>(p)];
      if (n)
        out += (out.empty() ? "" : " ") + std::string(short_names[static_cast<std::size_t>(p)]) +
               ":" + std::to_string(n);
    }
    return out.empty() ? std::string("–") : out;
  };
  for (std::size_t c = 0; c < v.configs.size(); ++c) {
    const ConfigResult& config = v.configs[c];
    const auto& s = config.solver;
    const auto& t = config.trainer;
    md << "| " << c + 1 << " | " << config.label << " | " << config.prediction.pattern;
    if (config.prediction.votes.find(' ') != std::string::npos)
      md << " (" << config.prediction.votes << ")";
    md << " | " << shown(config.prediction.grid_spacing_m) << " | ";
    if (s.runs)
      md << s.hexagonal[head] << " of " << s.scored[head] << " ("
         << percent(s.hexagonal[head], s.scored[head]) << ")";
    else
      md << "–";
    md << " | " << shown(s.median_spacing_m) << " | ";
    if (t.runs)
      md << t.path_integrating << " of " << t.runs << " | " << t.hexagonal[head] << " of "
         << t.scored[head] << " (" << percent(t.hexagonal[head], t.scored[head]) << ")";
    else
      md << "– | –";
    md << " | " << shown(t.median_spacing_m) << " | " << shown(t.median_decoding_error_cm) << " | "
       << observed_cell(s, Source::solver) << "; " << observed_cell(t, Source::trainer) << " |\n";
  }
  md << "\n";

  md << "## Observed pattern against predicted pattern (runs, t = " << ht << ")\n\n";
  md << "Rows: the configuration's predicted pattern (amorphous and none as none); columns: the "
        "run's observed pattern. Every predicted and observed class has its row and column.\n\n";
  for (const Source s : kSources) {
    const auto cats = observed_pattern_categories(s);
    md << "### " << source_name(s) << "\n\n";
    std::vector<const PatternCell*> cells;
    for (const PatternCell& c : v.pattern_confusion)
      if (c.source == s) cells.push_back(&c);
    if (cells.empty()) {
      md << "No " << (s == Source::trainer ? "train" : "pattern") << " runs.\n\n";
      continue;
    }
    matrix_markdown(md, cats, observed_pattern_name, cells);
    for (const Agreement& a : v.pattern_agreement)
      if (a.source == s)
        md << "\nPredicted and observed pattern (hexagonal, square, stripes, none) agree on "
           << a.agree << " of " << a.runs << " runs (" << percent(a.agree, a.runs) << ").\n";
    md << "\n";
  }

  md << "## Grids or not: confusion matrices (runs; rows: predicted, columns: observed)\n\n";
  for (const Source s : kSources) {
    const auto cats = observed_categories(s);
    for (std::size_t i = 0; i < o.thresholds.size(); ++i) {
      const double t = o.thresholds[i];
      md << "### " << source_name(s) << ", score_60 > " << key(t)
         << (i == head ? " (headline)" : "") << "\n\n";
      std::vector<const ConfusionCell*> cells;
      for (const ConfusionCell& c : v.confusion)
        if (c.source == s && c.threshold == t) cells.push_back(&c);
      if (cells.empty()) {
        md << "No " << (s == Source::trainer ? "train" : "pattern") << " runs.\n\n";
        continue;
      }
      matrix_markdown(md, cats, observed_name, cells);
      for (const Agreement& a : v.agreement)
        if (a.source == s && a.threshold == t)
          md << "\nHexagonal or not, prediction and observation agree on " << a.agree << " of "
             << a.runs << " scored runs (" << percent(a.agree, a.runs) << ").\n";
      md << "\n";
    }
  }

  md << "## Spacing: predicted against measured (runs hexagonal at t = " << ht << ")\n\n";
  md << "| source | n | left out | OLS slope | OLS intercept (m) | R^2 | slope through origin | "
        "median relative error |\n|---|---|---|---|---|---|---|---|\n";
  for (const Source s : kSources) {
    const SpacingFit& f = fit_of(v, s);
    md << "| " << source_name(s) << " | " << f.n << " | " << f.left_out << " | " << shown(f.slope)
       << " | " << shown(f.intercept) << " | " << shown(f.r_squared) << " | "
       << shown(f.slope_through_origin) << " | " << shown(f.median_relative_error) << " |\n";
  }
  md << "\nLeft out: runs hexagonal at t = " << ht
     << " without a finite measured and a finite positive predicted spacing.\n";
  md << "\nFigure: `spacing.png` (data `spacing.csv`, script `spacing.gp`): measured against "
        "predicted spacing, one point per run, with the line y = x.\n\n";

  {
    const HeldOutCorrection& hc = v.trainer_correction;
    md << "\n### An empirical correction, judged on runs it was not fitted to (trainer)\n\n";
    md << "measured ~ c x predicted, c fitted through the origin on alternate runs of the "
          "trainer pairs above (n = "
       << hc.n << "): c = " << shown(hc.factor_even, "%.3f") << " on runs 1, 3, 5, ... and "
       << shown(hc.factor_odd, "%.3f")
       << " on runs 2, 4, 6, ...; each run predicted with the c of the other half: median "
          "|measured - c x predicted| / measured = "
       << shown(hc.held_out_median_relative_error, "%.3f")
       << " (the theory uncorrected, on the same runs: "
       << shown(hc.uncorrected_median_relative_error, "%.3f") << ").\n\n";
  }
  const auto mean_cell = [](const MeanInterval& m) {
    if (m.n == 0) return std::string("–");
    if (m.n == 1) return shown(m.mean, "%.3f") + " (n = 1, no interval)";
    return shown(m.mean, "%.3f") + " [" + shown(m.ci.lo, "%.3f") + ", " + shown(m.ci.hi, "%.3f") +
           "]";
  };
  const std::vector<ConfigSpacing> per_config = spacing_by_config(v);
  md << "### Per configuration\n\n";
  if (per_config.empty()) {
    md << "No configuration has runs hexagonal at t = " << ht << " with both spacings.\n\n";
  } else {
    md << "Runs hexagonal at t = " << ht
       << " with both spacings; measured spacing and measured / predicted as the mean over runs "
          "with its 95% Student-t interval.\n\n"
          "| source | # | configuration | n | predicted (m) | measured (m), mean [95% CI] | "
          "measured / predicted [95% CI] |\n|---|---|---|---|---|---|---|\n";
    for (const ConfigSpacing& cs : per_config)
      md << "| " << source_name(cs.source) << " | " << cs.config + 1 << " | "
         << v.configs[cs.config].label << " | " << cs.measured_m.n << " | " << shown(cs.predicted_m)
         << " | " << mean_cell(cs.measured_m) << " | " << mean_cell(cs.ratio) << " |\n";
    md << "\n";
  }

  md << "## NFL's claim: grids at sigma = 12 cm but not at 11 or 13 cm\n\n";
  const std::vector<std::size_t> claim = nfl_width_configs(v);
  if (claim.empty()) {
    md << "No trained DoS configuration at sigma 0.11, 0.12 or 0.13 m (surround ratio 2, relu, "
          "one field, the 2.2 m walled box) in these results.\n\n";
  } else {
    md << "Trained DoS networks (surround ratio 2, relu, one field per cell, 2.2 m walled box). "
          "Grids: runs with a unit above the threshold, of the path-integrating runs; 95% Wilson "
          "intervals.\n\n| sigma | configuration | predicted | trained | path-integrating |";
    for (const double t : o.thresholds)
      md << " grids, score_60 > " << key(t) << " |";
    md << " best score_60 |\n|---|---|---|---|---|";
    for (std::size_t i = 0; i < o.thresholds.size(); ++i)
      md << "---|";
    md << "---|\n";
    for (const std::size_t c : claim) {
      const ConfigResult& config = v.configs[c];
      const SourceOutcome& t = config.trainer;
      std::string sigma;
      for (const auto& [name, value] : config.options)
        if (name == "sigma") sigma = value;
      md << "| " << sigma << " | " << c + 1 << " | " << config.prediction.pattern << " | " << t.runs
         << " | "
         << (t.runs ? std::to_string(t.path_integrating) + " of " + std::to_string(t.runs)
                    : std::string("–"))
         << " |";
      for (std::size_t i = 0; i < o.thresholds.size(); ++i) {
        if (t.runs)
          md << " " << t.hexagonal[i] << " of " << t.scored[i] << " ("
             << percent(t.hexagonal[i], t.scored[i]) << ") |";
        else
          md << " – |";
      }
      md << " " << shown(t.max_score_60) << " |\n";
    }
    md << "\n";
  }

  md << "## Where the theory fails\n\n";
  if (v.failures.empty()) md << "Nowhere in these results at t = " << ht << ".\n";
  for (const Failure& f : v.failures) {
    const ConfigResult& config = v.configs[f.config];
    md << "- ";
    if (f.kind == "spacing") {
      md << source_name(f.source) << " run `" << f.run_id << "` (configuration " << f.config + 1
         << ", " << config.label << "): measured spacing " << shown(f.measured_spacing_m)
         << " m, predicted " << shown(f.predicted_spacing_m) << " m, relative error "
         << shown(f.relative_error, "%.3f") << "\n";
    } else if (f.kind == "predicted_hexagonal_not_observed") {
      md << "configuration " << f.config + 1 << " (" << config.label
         << "): predicted hexagonal (spacing " << shown(f.predicted_spacing_m)
         << " m), but none of " << f.runs << " scored " << source_name(f.source)
         << " runs is hexagonal (best score_60 " << shown(outcome_of(config, f.source).max_score_60)
         << ")\n";
    } else {
      md << "configuration " << f.config + 1 << " (" << config.label << "): predicted "
         << config.prediction.pattern << ", but " << f.hexagonal << " of " << f.runs << " scored "
         << source_name(f.source) << " runs are hexagonal (median spacing "
         << shown(f.measured_spacing_m) << " m)\n";
    }
  }
  md << "\n## Files\n\n";
  md << "`summary.json` (every number above), `configs.csv` (one row per configuration), "
        "`confusion.csv` (grids or not: source, threshold, predicted, observed, count), "
        "`pattern_confusion.csv` (observed pattern: the same columns, at t = "
     << ht << "), `failures.csv`, `spacing.png` / `spacing.csv` / `spacing.gp`.\n";
  return md.str();
}

std::vector<std::string> validation_file_names() {
  return {"report.md",    "summary.json", "configs.csv", "confusion.csv", "pattern_confusion.csv",
          "failures.csv", "spacing.png",  "spacing.csv", "spacing.gp"};
}

void check_validation_dir(const fs::path& dir, const std::string& option) {
  if (dir.empty()) throw UserError(option, "", "is empty", "a folder path");
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UserError(option, dir.string(), "exists and is not a folder", "a folder path");
  check_output_path(fs::is_directory(dir, ec) ? dir / "summary.json" : dir, option);
  if (fs::is_directory(dir, ec)) check_figure_path(dir / "spacing.png", option);
}

void write_validation(const Validation& v, const fs::path& dir, const std::string& option) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw UserError(option, dir.string(), "could not be created: " + ec.message(),
                    "a folder whose parent exists and is writable");
  write_file_atomically(dir / "report.md", validation_markdown(v), option);
  write_file_atomically(dir / "summary.json", validation_summary(v).dump(2) + "\n", option);
  write_file_atomically(dir / "configs.csv", configs_csv(v), option);
  write_file_atomically(dir / "confusion.csv", confusion_csv(v), option);
  write_file_atomically(dir / "pattern_confusion.csv", pattern_confusion_csv(v), option);
  write_file_atomically(dir / "failures.csv", failures_csv(v), option);

  // The figure: measured against predicted spacing, one point per run, y = x.
  const FigureFiles files = figure_files_for(dir / "spacing.png");
  double top = 0.0;
  std::size_t n[2] = {0, 0};
  for (const SpacingPoint& p : v.spacing_points) {
    top = std::max({top, p.predicted_m, p.measured_m});
    ++n[p.source == Source::trainer ? 0 : 1];
  }
  top = top > 0.0 ? 1.1 * top : 1.0;
  const std::string data = files.data.filename().string();
  std::ostringstream gp;
  gp << "# Measured against predicted grid spacing, written by gridtheory validate; run `gnuplot "
     << files.script.filename().string() << "` in this folder to redraw.\n";
  gp << "if (!exists(\"outfile\")) outfile = '" << files.png.filename().string() << "'\n";
  gp << "set terminal pngcairo size 720,680 enhanced font 'Sans,10'\n";
  gp << "set output outfile\nset datafile separator ','\n";
  gp << "set title \"grid spacing of runs hexagonal at score_60 > "
     << key(v.options.headline_threshold) << "\" noenhanced\n";
  gp << "set xlabel 'predicted grid spacing (m)'\nset ylabel 'measured grid spacing (m)'\n";
  gp << "set grid\nset key top left\nset size square\n";
  gp << "set xrange [0:" << format_number(top) << "]\nset yrange [0:" << format_number(top)
     << "]\n";
  gp << "plot x with lines dt 2 lw 1.5 lc rgb '#555555' title 'y = x', \\\n";
  gp << "     '" << data
     << "' using 4:(strcol(1) eq 'trainer' ? $5 : NaN) skip 1 with points pt 7 ps 1.3 lc rgb "
        "'#1f4e79' title 'trainer ("
     << n[0] << " runs)', \\\n";
  gp << "     '" << data
     << "' using 4:(strcol(1) eq 'solver' ? $5 : NaN) skip 1 with points pt 9 ps 1.3 lc rgb "
        "'#c0392b' title 'solver ("
     << n[1] << " runs)'\n";
  render_figure(files, spacing_points_csv(v), gp.str(), option);
}

} // namespace gridtheory::sweep
