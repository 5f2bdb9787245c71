// Reading results.csv for `validate` (src/sweep/validation_detail.hpp, read_rows): each done
// row's configuration as its run resolved it, and each pattern and train row's calls.
#include "numerics/observed_pattern.hpp"
#include "src/params/encoding_text.hpp"
#include "src/report/encoding_report.hpp"
#include "src/sweep/validation.hpp"
#include "src/sweep/validation_detail.hpp"
#include "theory/activation.hpp"
#include "theory/distribution.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <system_error>
#include <utility>

namespace gridtheory::sweep::validation_detail {

namespace {

// classify_observed's answer as an observed pattern.
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

// A numeric field as given by the user: a number, NaN text as absent, anything else an error.
std::string canonical_value(const std::string& v) {
  double d = 0.0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (!v.empty() && ec == std::errc() && end == v.data() + v.size() && std::isfinite(d))
    return format_number(d);
  return v;
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

// The index of the row's configuration in v.configs, adding it (with its outcome vectors
// sized) when it is new; a row whose options do not resolve is joined on its options as typed
// and counted.
std::size_t config_of_row(const Reader& reader, std::size_t row, const std::string& command,
                          std::map<std::string, std::size_t>& config_index, Votes& votes,
                          Validation& v) {
  const std::size_t nt = v.options.thresholds.size();
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
    votes.predict.emplace_back();
    votes.runs.emplace_back();
  }
  return it->second;
}

// A done pattern or train row's numbers, its call at every threshold and, at the headline,
// its observed pattern (the criteria of src/sweep/validation.hpp).
RunRecord read_run(const Reader& reader, std::size_t row, const std::string& command,
                   std::size_t config, const Validation& v) {
  const ValidationOptions& options = v.options;
  const std::size_t head = headline_index(options);
  PatternThresholds pattern_thresholds;
  pattern_thresholds.hexagonal = options.headline_threshold;
  pattern_thresholds.square = options.square_threshold;
  pattern_thresholds.stripes = options.stripe_threshold;
  RunRecord run;
  run.row = row;
  run.run_id = reader.text(row, "run_id");
  run.source = command == "train" ? Source::trainer : Source::solver;
  run.config = config;
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
  return run;
}

} // namespace

Votes read_rows(const CsvTable& table, const std::string& source, const std::string& option,
                Validation& v) {
  const Reader reader(table, source, option);
  std::map<std::string, std::size_t> config_index;
  Votes votes;
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
    const std::size_t c = config_of_row(reader, row, command, config_index, votes, v);
    if (command == "predict") {
      ++v.done_predict;
      ++v.configs[c].predict_runs;
      votes.predict[c].push_back(
          {reader.text(row, "pattern"), reader.number(row, "grid_spacing_m")});
      continue;
    }
    (command == "train" ? v.done_train : v.done_pattern)++;
    votes.runs[c].push_back(
        {reader.text(row, "predicted_pattern"), reader.number(row, "predicted_grid_spacing_m")});
    v.runs.push_back(read_run(reader, row, command, c, v));
  }
  v.non_finite_fields = reader.non_finite().size();
  for (const auto& [row, column] : reader.non_finite())
    if (std::find(v.non_finite_columns.begin(), v.non_finite_columns.end(), column) ==
        v.non_finite_columns.end())
      v.non_finite_columns.push_back(column);
  std::sort(v.non_finite_columns.begin(), v.non_finite_columns.end());
  return votes;
}

} // namespace gridtheory::sweep::validation_detail
