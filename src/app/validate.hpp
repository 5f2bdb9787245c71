// The `validate` use case: a sweep's table (or runs trained elsewhere, imported through a column
// mapping) against the theory's predictions, written as report.md, summary.json, the CSV tables
// and the spacing figure into a folder (src/sweep/validation.hpp has the analysis).
#pragma once

#include "src/sweep/validation.hpp"
#include "theory/distribution.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace gridtheory::app {

// Exactly one input: `results` (a sweep's results.csv) or `import_table` with `columns` (a
// CSV of runs trained elsewhere and the TOML mapping of its columns onto ours).
struct ValidateRequest {
  std::optional<std::filesystem::path> results;
  std::optional<std::filesystem::path> import_table;
  std::optional<std::filesystem::path> columns;
  std::filesystem::path out;
  std::optional<double> error_threshold_cm; // default: sweep::validation_defaults
};

struct ValidateResult {
  std::filesystem::path input; // the table read (results or import_table)
  std::filesystem::path out;
  sweep::ValidationOptions options;
  sweep::Validation validation;
};

// The decoding error below which a train run path-integrates: the allowed values.
Range error_threshold_range();

// Checks the request (UserError naming the parameter), reads and analyses the table, writes
// every file into `out`.
ValidateResult validate(const ValidateRequest& request);

// What `gridtheory validate` prints: the counts, the agreements, the spacing fits and the files.
std::string summary_text(const ValidateResult& result);

} // namespace gridtheory::app
