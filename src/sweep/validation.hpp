// `gridtheory validate`: the theory's predictions against what the solver (`pattern` runs) and
// the trainer (`train` runs) of a sweep produced, read from the sweep's results.csv
// (src/sweep/README.md). Joins runs by configuration, counts predicted vs observed patterns,
// regresses measured on predicted grid spacing and lists where the theory fails.
//
// Configurations: runs are joined on what they resolved, not on their options as typed:
// - the target: the encoding make_encoding (theory/encoding.hpp) builds from the run's opt.*
//   encoding columns, every default filled in, compared by its canonical JSON
//   (src/report/encoding_report.hpp), so `--encoding dos` and `--encoding dos --sigma 0.12
//   --surround-ratio 2` are one target (a surround given as a variance ratio stays its own);
// - the box: opt.box (default 2.2 m) and opt.periodic for predict and train rows; pattern rows
//   are always periodic (the solver's dynamics are; its summary.json says periodic: true);
// - the activation: opt.activation (default relu).
// A row whose options do not resolve (make_encoding, --box or --activation would refuse them) is
// joined on its options as typed (numbers canonical) and counted in Validation::unresolved_rows.
//
// Criteria (NFL: Schaeffer, Khona & Fiete 2022; docs/CONVENTIONS.md, "Thresholds"), for a
// score_60 threshold t:
// - a train run is "not_path_integrating" when decoding_error_cm >= the error threshold (10 cm):
//   whatever its scores, it never counts as having grids; else "hexagonal" when max_score_60 > t,
//   else "no_grids";
// - a pattern (solver) run is "hexagonal" when max_score_60 > t, else "no_grids";
// - a run lacking max_score_60 is decided by fraction_score_60_above_t (> 0) when that column
//   exists, or as "no_grids" when fraction_score_60_above_0.3 is 0 and t >= 0.3; otherwise it is
//   "unscored" at t (counted, left out of the grids matrices); a train run without a finite
//   decoding_error_cm is unscored;
// - t = 0.8 is the headline (NFL's "has grid cells"); 0.3 and 1.2 are shown as well.
//
// Observed pattern, in the predictor's classes, at the headline t (numerics/observed_pattern.hpp,
// classify_observed, on the run's best unit of each measure: max_score_60, max_score_90,
// max_stripe_score): "hexagonal" when max_score_60 > t (as above); else "square" when
// max_score_90 > 0.8; else "stripes" when max_stripe_score > 0.6; else "none". A missing measure
// (an older results.csv without max_score_90 or max_stripe_score) never claims its class. Not
// path-integrating and unscored runs (as above) are their own columns. The pattern confusion
// matrix puts these against the predicted pattern with amorphous and none merged into "none"
// (neither is a periodic pattern); not_applicable (and "unknown": no prediction) stay apart.
#pragma once

#include "src/io/csv.hpp"
#include "src/report/statistics.hpp"
#include "theory/defaults.hpp"

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gridtheory::sweep {

// The defaults of `gridtheory validate`, with their sources.
namespace validation_defaults {
inline constexpr double error_threshold_cm = defaults::low_decoding_error_cm;
inline constexpr double headline_threshold = defaults::grid_cell_score;
inline constexpr double spacing_tolerance = 0.25; // |measured - predicted| / predicted listed
} // namespace validation_defaults

struct ValidationOptions {
  double error_threshold_cm = validation_defaults::error_threshold_cm;
  std::vector<double> thresholds{0.3, 0.8, 1.2}; // score_60 thresholds, ascending (NFL's three)
  double headline_threshold = validation_defaults::headline_threshold; // one of `thresholds`
  double spacing_tolerance = validation_defaults::spacing_tolerance;
  // The observed pattern's other classes (numerics/observed_pattern.hpp), at the headline.
  double square_threshold = defaults::square_cell_score; // max_score_90 above: square
  double stripe_threshold = defaults::stripe_cell_score; // max_stripe_score above: stripes
};

// The options of a run that make its configuration (opt.NAME columns; seed and the command's own
// options are ignored): the encoding, the arena and the activation. Each configuration lists
// them resolved (defaults filled in; empty where the target has no such parameter).
const std::vector<std::string>& config_option_names();

enum class Source { trainer, solver };
std::string_view source_name(Source s); // "trainer", "solver"

// Grids or not at one score_60 threshold.
enum class Observed { hexagonal, no_grids, not_path_integrating, unscored };
// "hexagonal", "no_grids", "not_path_integrating", "unscored"
std::string_view observed_name(Observed o);

// The observed pattern at the headline threshold (the header's criteria).
enum class ObservedPattern { hexagonal, square, stripes, none, not_path_integrating, unscored };
// "hexagonal", "square", "stripes", "none", "not_path_integrating", "unscored"
std::string_view observed_pattern_name(ObservedPattern o);
inline constexpr std::size_t observed_pattern_count = 6;

// A predicted pattern in the classes of the pattern confusion matrix: hexagonal, square and
// stripes as they are, amorphous and none as "none", anything else (not_applicable, unknown)
// unchanged.
std::string predicted_pattern_class(const std::string& predicted);

// One done `pattern` or `train` row.
struct RunRecord {
  std::size_t row = 0; // data row of results.csv, 0-based
  std::string run_id;
  Source source = Source::trainer;
  std::size_t config = 0;                  // index into Validation::configs
  std::optional<double> decoding_error_cm; // train runs
  std::optional<double> max_score_60, max_score_90, max_stripe_score;
  std::vector<Observed> observed;                      // per threshold
  ObservedPattern pattern = ObservedPattern::unscored; // at the headline
  std::optional<double> measured_spacing_m, predicted_spacing_m;
};

// What the theory predicts for a configuration.
struct ConfigPrediction {
  std::string pattern = "unknown";      // the most frequent pattern, first seen on a tie
  std::optional<double> grid_spacing_m; // median over the rows that predicted `pattern`
  std::string from = "none";            // "predict" rows, else "runs" (pattern/train rows)
  std::string votes;                    // "hexagonal:2 square:1": every prediction seen
};

// The runs of one source for one configuration.
struct SourceOutcome {
  std::size_t runs = 0;               // done runs
  std::size_t path_integrating = 0;   // trainer: decoding error below the threshold; solver: runs
  std::vector<std::size_t> hexagonal; // per threshold
  std::vector<std::size_t> scored;    // per threshold: hexagonal + no_grids
  std::vector<std::size_t> patterns;  // per ObservedPattern, at the headline
  double median_spacing_m = 0.0;      // over runs hexagonal at the headline; NaN for none
  double median_decoding_error_cm = 0.0; // trainer, over runs with an error; NaN for none
  // The largest over the runs (trainer: over the path-integrating ones); NaN for none.
  double max_score_60 = 0.0;
};

struct ConfigResult {
  // (name, value) for every config_option_names(): resolved (canonical option text, "" where
  // the target has no such parameter), or as typed for an unresolved configuration.
  std::vector<std::pair<std::string, std::string>> options;
  // "encoding=dos sigma=0.12 surround-ratio=2 box=2.2 activation=relu": the resolved values,
  // fields-per-cell, cells and periodic only where they differ from the defaults.
  std::string label;
  std::string key;      // what runs are joined on (the header's "Configurations")
  bool resolved = true; // false: joined on the options as typed
  std::size_t predict_runs = 0;
  ConfigPrediction prediction;
  SourceOutcome trainer, solver;
};

struct ConfusionCell {
  Source source = Source::trainer;
  double threshold = 0.0;
  std::string predicted;
  Observed observed = Observed::hexagonal;
  std::size_t count = 0;
};

// Predicted pattern class x observed pattern, at the headline threshold.
struct PatternCell {
  Source source = Source::trainer;
  std::string predicted; // predicted_pattern_class()
  ObservedPattern observed = ObservedPattern::hexagonal;
  std::size_t count = 0;
};

// Runs observed hexagonal at the headline that have both spacings.
struct SpacingPoint {
  Source source = Source::trainer;
  std::string run_id;
  std::size_t config = 0;
  double predicted_m = 0.0, measured_m = 0.0, relative_error = 0.0;
};

// measured = intercept + slope * predicted (ordinary least squares); NaN where undefined
// (slope, intercept and R^2 need two points with different predictions; R^2 needs measured
// values that differ). A pair with a NaN or infinite value, or a predicted spacing <= 0, is
// left out of every statistic and counted in left_out: n counts the pairs used.
struct SpacingFit {
  std::size_t n = 0;
  std::size_t left_out = 0;
  double slope = 0.0, intercept = 0.0, slope_through_origin = 0.0, r_squared = 0.0,
         median_relative_error = 0.0;
};
SpacingFit fit_spacing(const std::vector<double>& predicted, const std::vector<double>& measured);

// An empirical correction of the predicted spacing, measured ~ factor x predicted, judged only on
// runs it was not fitted to: the usable pairs (as in fit_spacing) are split in two folds by
// alternate position (the table's row order), the factor is fitted through the origin on each
// fold, and every pair is predicted by the other fold's factor. NaN where a fold has no pair.
struct HeldOutCorrection {
  std::size_t n = 0;
  double factor_even = 0.0, factor_odd = 0.0; // fitted on pairs 0, 2, 4, ... and 1, 3, 5, ...
  double held_out_median_relative_error = 0.0;
  double uncorrected_median_relative_error = 0.0; // the theory as it is, on the same pairs
};
HeldOutCorrection held_out_correction(const std::vector<double>& predicted,
                                      const std::vector<double>& measured);

struct Failure {
  std::string kind; // predicted_hexagonal_not_observed | observed_hexagonal_not_predicted |
                    // spacing
  Source source = Source::trainer;
  std::size_t config = 0;
  std::string run_id;        // spacing failures
  std::size_t runs = 0;      // config failures: scored runs at the headline
  std::size_t hexagonal = 0; // config failures: of which hexagonal
  double predicted_spacing_m = 0.0, measured_spacing_m = 0.0, relative_error = 0.0; // NaN: n/a
};

// Agreement of the binary call (predicted hexagonal vs observed hexagonal) over scored runs
// (hexagonal or no_grids; not_path_integrating and unscored runs left out). For the pattern
// matrix (threshold: the headline): predicted class equal to the observed pattern, over runs
// with a predicted class and an observed pattern among hexagonal, square, stripes and none.
struct Agreement {
  Source source = Source::trainer;
  double threshold = 0.0;
  std::size_t runs = 0, agree = 0;
};

struct Validation {
  std::string results; // the path as given
  ValidationOptions options;
  std::size_t rows = 0, done = 0, failed = 0, pending = 0, other_status = 0;
  std::size_t done_predict = 0, done_pattern = 0, done_train = 0, done_other = 0;
  std::size_t unresolved_rows = 0;                // done rows joined on options as typed
  std::vector<std::vector<std::size_t>> unscored; // [source][threshold]
  std::vector<ConfigResult> configs;              // in order of first appearance
  std::vector<RunRecord> runs;                    // done pattern and train rows, in row order
  std::vector<ConfusionCell> confusion;           // source, threshold, predicted, observed
  std::vector<Agreement> agreement;               // source, threshold
  // Every predicted class seen (hexagonal, square, stripes, none always; then not_applicable,
  // unknown) x every observed pattern of the source (solver: no not_path_integrating), per source.
  std::vector<PatternCell> pattern_confusion;
  std::vector<Agreement> pattern_agreement; // per source
  // Which measures the table had: without max_score_90 / max_stripe_score columns (an older
  // results.csv) no run can be observed square / stripes.
  bool has_score_90 = false, has_stripe_score = false;
  std::vector<SpacingPoint> spacing_points; // row order
  // Fits over the runs hexagonal at the headline; a run without a finite measured and a finite
  // positive predicted spacing is in the fit's left_out.
  SpacingFit trainer_fit, solver_fit;
  HeldOutCorrection trainer_correction; // over the same trainer pairs
  // Fields of done rows that read as a number but are NaN or infinite ("nan", "inf", "-inf"):
  // each is treated as missing (an empty field). Their count and columns, for the report.
  std::size_t non_finite_fields = 0;
  std::vector<std::string> non_finite_columns; // sorted
  std::vector<Failure> failures;
};

// Measured against predicted spacing for one configuration and source: the runs hexagonal at
// the headline with both spacings (Validation::spacing_points), as a mean with its 95% t
// interval, and the same for measured / predicted.
struct ConfigSpacing {
  Source source = Source::trainer;
  std::size_t config = 0;
  double predicted_m = 0.0;
  MeanInterval measured_m, ratio;
};
// Per configuration with spacing points, in configuration order, trainer before solver.
std::vector<ConfigSpacing> spacing_by_config(const Validation& v);

// NFL's claim that trained DoS networks grow grids at sigma = 12 cm but not at 11 or 13 cm
// (surround ratio 2, relu, one field per cell, the 2.2 m walled box): the configurations of
// those three widths found in the table (missing ones left out), in order of sigma.
std::vector<std::size_t> nfl_width_configs(const Validation& v);
inline constexpr double nfl_claim_sigmas_m[] = {0.11, 0.12, 0.13};

// Computes the validation of a results table. Throws UserError naming `option` and `source`
// (the path) for a table that lacks run_id, command or status, has no done row, or holds a
// field that is not a number where one is needed. NaN and infinite fields count as missing: a
// run without a finite max_score_60 (and no fraction column to fall back on) is unscored, a
// train run without a finite decoding_error_cm is unscored, a hexagonal run without finite
// spacings is left out of the spacing fit, and the report says how many of each.
Validation validate_results(const CsvTable& table, const ValidationOptions& options,
                            const std::string& source, const std::string& option = "--results");

// The outputs (each is a whole file's text).
nlohmann::json validation_summary(const Validation& v);
std::string validation_markdown(const Validation& v);
std::string configs_csv(const Validation& v);
std::string confusion_csv(const Validation& v);
std::string pattern_confusion_csv(const Validation& v); // source, threshold, predicted, observed,
                                                        // count
std::string failures_csv(const Validation& v);
std::string spacing_points_csv(const Validation& v);

// The files written into DIR, in order (the figure's three last).
std::vector<std::string> validation_file_names();

// Checks that `dir` can be made (an existing folder, or a new one whose parent exists and is
// writable): UserError naming `option`.
void check_validation_dir(const std::filesystem::path& dir, const std::string& option);
// Creates `dir` and writes every file atomically (report.md, summary.json, configs.csv,
// confusion.csv, pattern_confusion.csv, failures.csv, spacing.png/.csv/.gp).
void write_validation(const Validation& v, const std::filesystem::path& dir,
                      const std::string& option = "--out");

} // namespace gridtheory::sweep
