// Internal to `validate` (src/sweep/validation*.cpp): what its files share. Not part of the
// library's interface; src/sweep/validation.hpp is.
//   validation_categories.cpp  the classes (sources, observed calls and patterns) and their names
//   validation_rows.cpp        reading results.csv: each done row's configuration and run
//   validation.cpp             validate_results, step by step, and the NFL width claim
//   validation_fit.cpp         the spacing fit, the held-out correction, spacing per config
//   validation_json.cpp        summary.json
//   validation_tables.cpp      the CSV tables
//   validation_markdown.cpp    report.md
//   validation_files.cpp       the output folder, the files and the spacing figure
#pragma once

#include "src/sweep/validation.hpp"
#include "theory/distribution.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace gridtheory::sweep::validation_detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr Source kSources[] = {Source::trainer, Source::solver};

// A threshold as a key of JSON objects and column names ("0.8").
inline std::string key(double threshold) {
  return format_number(threshold);
}

// Exact numbers for tables programs read; empty where undefined.
inline std::string exact(double v) {
  return std::isfinite(v) ? format_number(v) : std::string();
}
inline std::string exact(const std::optional<double>& v) {
  return v ? exact(*v) : std::string();
}

inline double fraction(std::size_t part, std::size_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : kNaN;
}

// A spacing pair the fit can use: both finite, the predicted one positive (the relative error
// divides by it).
inline bool usable_spacing(double predicted, double measured) {
  return std::isfinite(predicted) && std::isfinite(measured) && predicted > 0.0;
}

inline const SourceOutcome& outcome_of(const ConfigResult& c, Source s) {
  return s == Source::trainer ? c.trainer : c.solver;
}
inline const SpacingFit& fit_of(const Validation& v, Source s) {
  return s == Source::trainer ? v.trainer_fit : v.solver_fit;
}

// ---- validation_categories.cpp ----

// The index of the headline threshold in o.thresholds (InternalError when it is none of them).
std::size_t headline_index(const ValidationOptions& o);

// The observed calls of a source, in the matrices' column order (the solver has no
// not_path_integrating; unscored runs are left out).
std::vector<Observed> observed_categories(Source s);
// The observed patterns of a source, in column order (the solver has no not_path_integrating).
std::vector<ObservedPattern> observed_pattern_categories(Source s);

// The predicted classes of the pattern matrix, in order; the first four are always shown.
const std::vector<std::string>& predicted_class_order();
// hexagonal, square, stripes and none: the classes predicted and observed patterns share.
bool is_pattern_class(const std::string& c);
bool is_pattern_class(ObservedPattern o);

// The predicted patterns seen, in the theory's order (theory/prediction.hpp); others after it,
// sorted.
std::vector<std::string> ordered_patterns(const std::vector<std::string>& seen);

// ---- validation_rows.cpp ----

// One row's vote for its configuration's prediction: its pattern and grid spacing.
struct Vote {
  std::string pattern;
  std::optional<double> spacing_m;
};
// Per configuration (Validation::configs' order): the votes of its predict rows, and those of
// its pattern and train rows (their predicted_pattern and predicted_grid_spacing_m).
struct Votes {
  std::vector<std::vector<Vote>> predict, runs;
};

// Reads every row of `table` into `v` (whose options, results and row count are set): the row
// counts by status and command, the configurations in order of first appearance, the done
// pattern and train rows as RunRecords (their calls at every threshold and observed pattern),
// the NaN and infinite fields read. UserError naming `option` and `source` for a field that is
// not a number where one is needed.
Votes read_rows(const CsvTable& table, const std::string& source, const std::string& option,
                Validation& v);

} // namespace gridtheory::sweep::validation_detail
