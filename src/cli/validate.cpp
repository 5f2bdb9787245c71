// `gridtheory validate`: a sweep's predictions against what its solver and trainer runs produced
// (src/app/validate.hpp): report.md, summary.json, CSV tables and the spacing figure.
#include "src/app/validate.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "theory/distribution.hpp"

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
    app::ValidateRequest request;
    if (opts->error_threshold_cm)
      request.error_threshold_cm = parse_number("--error-threshold-cm", *opts->error_threshold_cm,
                                                app::error_threshold_range());
    // An empty path is an option not given (as it has always been read).
    const auto given = [](const std::string& path) {
      return path.empty() ? std::nullopt : std::optional<fs::path>(path);
    };
    request.results = given(opts->results);
    request.import_table = given(opts->import);
    request.columns = given(opts->columns);
    request.out = opts->out;
    out << app::summary_text(app::validate(request));
  };
  return {app, run};
}

} // namespace gridtheory::cli
