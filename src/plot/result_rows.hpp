// The rows of a sweep's results.csv (src/sweep/README.md) as the paper figures read them: the
// finished runs, each with its target encoding rebuilt from its `opt.*` columns by the same
// make_encoding the run used (so defaults are filled in exactly as the run saw them), and the
// run's folder RESULTS_DIR/runs/RUN_ID for the per-unit files.
#pragma once

#include "src/io/csv.hpp"
#include "theory/encoding.hpp"

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory {

struct ResultRow {
  std::size_t row = 0; // index into ResultTable::table.rows
  std::string run_id;
  std::string command;          // predict | pattern | train
  Encoding encoding;            // from opt.encoding, opt.sigma, opt.surround-ratio, ...
  std::string activation;       // opt.activation, or the default
  double box_m = 0.0;           // opt.box, or the default
  std::filesystem::path folder; // RESULTS_DIR/runs/RUN_ID

  // One field per cell, one fixed width and surround ratio: NFL's "ideal" kind of target.
  bool single_width() const;
  bool multi_field() const { return !encoding.fields_per_cell.is_single(); }
  // Widths (or surround ratios) drawn per field.
  bool heterogeneous() const;
  double sigma_m() const { return encoding.sigma_m.mean(); }
  double surround_ratio() const { return encoding.mean_surround_ratio(); }
};

struct ResultTable {
  CsvTable table;
  std::filesystem::path dir;   // the folder holding results.csv (run folders under runs/)
  std::vector<ResultRow> rows; // status "done" only, in file order
  std::size_t not_done = 0;    // failed or pending rows, left out
  std::size_t refused = 0;     // done rows whose options the run would refuse, left out
  // Fields of `rows` that read as NaN or infinite ("nan", "inf", "-inf"): number() treats each
  // as missing, so no figure counts, fits or draws them. Their count and columns (sorted).
  std::size_t non_finite_fields = 0;
  std::vector<std::string> non_finite_columns;

  // A finite number; nullopt for a missing column, an empty or non-numeric field, NaN or Inf.
  std::optional<double> number(const ResultRow& r, std::string_view column) const {
    const auto v = table.number(r.row, column);
    if (!v || !std::isfinite(*v)) return std::nullopt;
    return v;
  }
  const std::string& text(const ResultRow& r, std::string_view column) const {
    return table.field(r.row, column);
  }
  // The done rows of one command.
  std::vector<const ResultRow*> of(std::string_view command) const;
};

// Reads `csv` (UserError naming `option` when it cannot be read, is not CSV, or lacks the
// run_id, command and status columns). Done rows whose options do not make an encoding or a box
// (a side in metres > 0) are left out and counted in `refused`.
ResultTable read_results(const std::filesystem::path& csv, std::string_view option);
// Same, for a table already parsed.
ResultTable make_result_table(CsvTable table, const std::filesystem::path& dir,
                              std::string_view option, const std::string& source);

// A run's per-unit scores: train runs' scores.csv, pattern runs' metrics.csv (one row per map).
struct UnitScore {
  int unit = 0;
  double score_60 = 0.0;
  double score_90 = 0.0;
};
// Empty when the run has no such file (a predict run, a missing folder) or it cannot be read.
std::vector<UnitScore> read_unit_scores(const ResultRow& row);

} // namespace gridtheory
