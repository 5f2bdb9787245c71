// Runs trained elsewhere (`gridtheory validate --import TABLE --columns MAP.toml`): a table with
// one row per run, in the user's own column names and units, mapped onto the columns `validate`
// reads from a sweep's results.csv, each row's prediction computed here as `train` computes its
// own. The mapping file (TOML):
//
//   [columns]   # our name = "their column"
//   run_id = "Name"
//   sigma = "config.place_cell_rf"
//   decoding_error_cm = "summary.pos_err"
//   [scale]     # our name = factor turning their number into our unit
//   sigma = 0.01               # their cm -> our metres
//   decoding_error_cm = 100    # their metres -> our cm
//   [fixed]     # our name = value for every row (options only)
//   encoding = "dos"
//
// Our names: run_id; the target options of `train` (import_option_names()); the measurements
// (import_measure_names()). Unknown names, a scale on a non-numeric option, a column the table
// lacks, or a value that does not parse are user errors naming the option and the row.
#pragma once

#include "src/io/csv.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace gridtheory::sweep {

struct ColumnMapping {
  std::map<std::string, std::string> columns; // our name -> their column
  std::map<std::string, double> scale;        // our name -> factor
  std::map<std::string, std::string> fixed;   // our option name -> value for every row
};

// encoding, sigma, surround-ratio, surround-variance-ratio, alpha-e, alpha-i, fields-per-cell,
// cells, box, periodic, activation, seed.
const std::vector<std::string>& import_option_names();
// decoding_error_cm, max_score_60, max_score_90, max_stripe_score, median_grid_spacing_m and
// fraction_score_60_above_{0.3,0.8,1.15}.
const std::vector<std::string>& import_measure_names();

// Reads and checks MAP.toml; errors name `option` (e.g. "--columns").
ColumnMapping read_column_mapping(const std::filesystem::path& path, const std::string& option);

// The table `validate_results` reads: one done `train` row per row of `theirs`, with opt.NAME,
// the measurements in our units, and predicted_pattern / predicted_grid_spacing_m. Errors name
// `option` (e.g. "--import") and `source`.
CsvTable import_runs(const CsvTable& theirs, const ColumnMapping& mapping,
                     const std::string& source, const std::string& option);

} // namespace gridtheory::sweep
