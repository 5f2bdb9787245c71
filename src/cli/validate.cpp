// `gridtheory validate`: a sweep's predictions against what its solver and trainer runs produced
// (src/sweep/validation.hpp): report.md, summary.json, CSV tables and the spacing figure.
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/csv.hpp"
#include "src/report/text_values.hpp"
#include "src/sweep/imported_runs.hpp"
#include "src/sweep/validation.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace gridtheory::cli {

namespace fs = std::filesystem;

namespace {

struct ValidateCliOptions {
  std::string results, import, columns;
  std::string out;
  std::optional<std::string> error_threshold_cm;
};

std::string shown(double v) {
  return text_number(v);
}

} // namespace

Command add_validate_command(CLI::App& parent) {
  auto opts = std::make_shared<ValidateCliOptions>();
  CLI::App* app = parent.add_subcommand(
      "validate", "Compare a sweep's predictions with its solver (pattern) and trainer (train) "
                  "runs: confusion matrices, predicted vs measured spacing, where the theory "
                  "fails (report.md, summary.json, CSV tables, spacing.png)");
  app->add_option("--results", opts->results,
                  "the sweep's results.csv (gridtheory sweep collect); or --import")
      ->type_name("FILE");
  app->add_option("--import", opts->import,
                  "instead of --results: a CSV of runs trained elsewhere, one row per run, "
                  "read through --columns (each row's prediction computed as train does)")
      ->type_name("FILE");
  app->add_option("--columns", opts->columns,
                  "with --import: TOML mapping the table's columns and units onto ours "
                  "([columns], [scale], [fixed]; README, 'Runs trained elsewhere')")
      ->type_name("MAP.toml");
  app->add_option("--out", opts->out,
                  "folder for report.md, summary.json, configs.csv, confusion.csv, "
                  "pattern_confusion.csv, failures.csv and spacing.png/.csv/.gp; created if "
                  "missing (its parent must exist)")
      ->type_name("DIR")
      ->required();
  add_text_option(*app, "--error-threshold-cm", opts->error_threshold_cm,
                  "a train run path-integrates (is 'trained') when its decoding error is below "
                  "this, in cm (default 10, NFL)",
                  "CM");

  auto run = [opts](std::ostream& out) {
    // Validate every input before writing anything.
    sweep::ValidationOptions vo;
    if (opts->error_threshold_cm)
      vo.error_threshold_cm = parse_number("--error-threshold-cm", *opts->error_threshold_cm,
                                           Range{0.0, true, "a decoding error in cm"});
    const bool imported = !opts->import.empty();
    if (imported && !opts->results.empty())
      throw UserError("--results", opts->results, "cannot be given with --import",
                      "either --results (a sweep's table) or --import with --columns");
    if (!imported && !opts->columns.empty())
      throw UserError("--columns", opts->columns, "applies to --import only",
                      "--import TABLE --columns MAP.toml");
    if (imported && opts->columns.empty())
      throw UserError::without_value("--columns", "is required with --import",
                                     "a TOML column mapping");
    if (!imported && opts->results.empty())
      throw UserError::without_value("--results", "is required (or --import)",
                                     "a results.csv written by gridtheory sweep collect");
    const std::string input_option = imported ? "--import" : "--results";
    const fs::path results = imported ? opts->import : opts->results;
    std::error_code ec;
    if (!fs::exists(results, ec))
      throw UserError(input_option, results.string(), "does not exist",
                      imported ? "a CSV table of runs"
                               : "a results.csv written by gridtheory sweep collect");
    if (fs::is_directory(results, ec))
      throw UserError(input_option, results.string(), "is a folder", "a CSV file");
    const fs::path dir = opts->out;
    const CsvTable table =
        imported ? sweep::import_runs(read_csv(results, "--import"),
                                      sweep::read_column_mapping(opts->columns, "--columns"),
                                      results.string(), "--import")
                 : read_csv(results, "--results");
    sweep::check_validation_dir(dir, "--out");
    const sweep::Validation v = sweep::validate_results(table, vo, results.string(), input_option);

    sweep::write_validation(v, dir, "--out");

    const std::string head = format_number(vo.headline_threshold);
    out << "results    " << results.string() << ": " << v.rows << " rows, " << v.done << " done ("
        << v.done_predict << " predict, " << v.done_pattern << " pattern, " << v.done_train
        << " train), " << v.failed << " failed, " << v.pending << " pending\n";
    out << "configs    " << v.configs.size()
        << " (runs joined on the resolved target, box and activation"
        << (v.unresolved_rows ? "; " + std::to_string(v.unresolved_rows) +
                                    " rows whose options do not resolve joined as typed"
                              : std::string())
        << ")\n";
    for (const sweep::Agreement& a : v.agreement)
      if (a.threshold == vo.headline_threshold)
        out << (a.source == sweep::Source::trainer ? "trainer    " : "solver     ") << "score_60 > "
            << head << ": prediction agrees with " << a.agree << " of " << a.runs
            << " scored runs\n";
    for (const sweep::Agreement& a : v.pattern_agreement)
      out << (a.source == sweep::Source::trainer ? "trainer    " : "solver     ")
          << "pattern (hexagonal, square, stripes, none): prediction agrees with " << a.agree
          << " of " << a.runs << " runs (pattern_confusion.csv)\n";
    for (const auto s : {sweep::Source::trainer, sweep::Source::solver}) {
      const sweep::SpacingFit& f = s == sweep::Source::trainer ? v.trainer_fit : v.solver_fit;
      out << "spacing    " << sweep::source_name(s) << ": " << f.n << " runs, slope "
          << shown(f.slope) << ", R^2 " << shown(f.r_squared) << ", median relative error "
          << shown(f.median_relative_error)
          << (f.left_out ? " (" + std::to_string(f.left_out) +
                               " left out: hexagonal without both spacings)"
                         : std::string())
          << "\n";
    }
    if (v.non_finite_fields)
      out << "missing    " << v.non_finite_fields
          << " NaN or infinite fields read as missing (report.md lists the columns)\n";
    out << "failures   " << v.failures.size() << " (failures.csv)\n";
    out << "written    " << (dir / "report.md").string()
        << ", summary.json, configs.csv, confusion.csv, pattern_confusion.csv, failures.csv, "
           "spacing.png\n";
  };
  return {app, run};
}

} // namespace gridtheory::cli
