// `validate`'s report.md (src/sweep/validation.hpp): the report for people, section by section.
#include "src/report/statistics.hpp"
#include "src/sweep/validation.hpp"
#include "src/sweep/validation_detail.hpp"
#include "src/version.hpp"

#include <cstdio>
#include <ostream>
#include <sstream>
#include <string>

namespace gridtheory::sweep {

using namespace validation_detail;

namespace {

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

// The title and the inputs: rows by status and command, configurations, what the table lacks,
// unscored runs and non-finite fields.
void title_and_inputs_section(std::ostream& md, const Validation& v) {
  const ValidationOptions& o = v.options;
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
}

// The criteria of every call, with this run's thresholds.
void criteria_section(std::ostream& md, const Validation& v) {
  const ValidationOptions& o = v.options;
  const std::size_t head = headline_index(o);
  const std::string ht = key(v.options.headline_threshold);
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
}

// One row per configuration: its prediction and what the solver and trainer runs showed.
void configurations_section(std::ostream& md, const Validation& v) {
  const ValidationOptions& o = v.options;
  const std::size_t head = headline_index(o);
  const std::string ht = key(v.options.headline_threshold);
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
}

// The observed-pattern confusion matrices at the headline, per source.
void pattern_matrices_section(std::ostream& md, const Validation& v) {
  const std::string ht = key(v.options.headline_threshold);
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
}

// The hexagonal-or-not confusion matrices, per source and threshold.
void grid_matrices_section(std::ostream& md, const Validation& v) {
  const ValidationOptions& o = v.options;
  const std::size_t head = headline_index(o);
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
}

// The spacing fits, the held-out correction and the spacing per configuration.
void spacing_section(std::ostream& md, const Validation& v) {
  const std::string ht = key(v.options.headline_threshold);
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
}

// NFL's claim of grids at sigma = 12 cm but not at 11 or 13 cm, on the trained DoS runs.
void nfl_claim_section(std::ostream& md, const Validation& v) {
  const ValidationOptions& o = v.options;
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
}

// Where the theory fails: configurations, then runs.
void failures_section(std::ostream& md, const Validation& v) {
  const std::string ht = key(v.options.headline_threshold);
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
}

// The files written beside report.md.
void files_section(std::ostream& md, const Validation& v) {
  const std::string ht = key(v.options.headline_threshold);
  md << "\n## Files\n\n";
  md << "`summary.json` (every number above), `configs.csv` (one row per configuration), "
        "`confusion.csv` (grids or not: source, threshold, predicted, observed, count), "
        "`pattern_confusion.csv` (observed pattern: the same columns, at t = "
     << ht << "), `failures.csv`, `spacing.png` / `spacing.csv` / `spacing.gp`.\n";
}

} // namespace

std::string validation_markdown(const Validation& v) {
  std::ostringstream md;
  title_and_inputs_section(md, v);
  criteria_section(md, v);
  configurations_section(md, v);
  pattern_matrices_section(md, v);
  grid_matrices_section(md, v);
  spacing_section(md, v);
  nfl_claim_section(md, v);
  failures_section(md, v);
  files_section(md, v);
  return md.str();
}

} // namespace gridtheory::sweep
