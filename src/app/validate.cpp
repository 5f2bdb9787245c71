#include "src/app/validate.hpp"

#include "src/io/csv.hpp"
#include "src/report/text_values.hpp"
#include "src/sweep/imported_runs.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <sstream>

namespace gridtheory::app {

namespace fs = std::filesystem;

Range error_threshold_range() {
  return Range{0.0, true, "a decoding error in cm"};
}

namespace {

// The input's rules, in the order the command line has always checked them.
void check_inputs(const ValidateRequest& r) {
  const bool imported = r.import_table.has_value();
  if (imported && r.results)
    throw UserError(param("results"), r.results->string(),
                    "cannot be given with " + param("import"),
                    "either " + param("results") + " (a sweep's table) or " + param("import") +
                        " with " + param("columns"));
  if (!imported && r.columns)
    throw UserError(param("columns"), r.columns->string(),
                    "applies to " + param("import") + " only",
                    param("import") + " TABLE " + param("columns") + " MAP.toml");
  if (imported && !r.columns)
    throw UserError::without_value(param("columns"), "is required with " + param("import"),
                                   "a TOML column mapping");
  if (!imported && !r.results)
    throw UserError::without_value(param("results"), "is required (or " + param("import") + ")",
                                   "a results.csv written by gridtheory sweep collect");
  const std::string option = param(imported ? "import" : "results");
  const fs::path& input = imported ? *r.import_table : *r.results;
  std::error_code ec;
  if (!fs::exists(input, ec))
    throw UserError(option, input.string(), "does not exist",
                    imported ? "a CSV table of runs"
                             : "a results.csv written by gridtheory sweep collect");
  if (fs::is_directory(input, ec))
    throw UserError(option, input.string(), "is a folder", "a CSV file");
}

} // namespace

ValidateResult validate(const ValidateRequest& request) {
  ValidateResult result;
  if (request.error_threshold_cm) {
    require_in_range(param("error_threshold_cm"), *request.error_threshold_cm,
                     error_threshold_range());
    result.options.error_threshold_cm = *request.error_threshold_cm;
  }
  check_inputs(request);
  const bool imported = request.import_table.has_value();
  const std::string option = param(imported ? "import" : "results");
  result.input = imported ? *request.import_table : *request.results;
  result.out = request.out;
  const CsvTable table =
      imported ? sweep::import_runs(read_csv(result.input, option),
                                    sweep::read_column_mapping(*request.columns, param("columns")),
                                    result.input.string(), option)
               : read_csv(result.input, option);
  sweep::check_validation_dir(request.out, param("out"));
  result.validation = sweep::validate_results(table, result.options, result.input.string(), option);
  sweep::write_validation(result.validation, request.out, param("out"));
  return result;
}

std::string summary_text(const ValidateResult& result) {
  const sweep::Validation& v = result.validation;
  const sweep::ValidationOptions& vo = result.options;
  const auto shown = [](double x) { return text_number(x); };
  std::ostringstream out;
  const std::string head = format_number(vo.headline_threshold);
  out << "results    " << result.input.string() << ": " << v.rows << " rows, " << v.done
      << " done (" << v.done_predict << " predict, " << v.done_pattern << " pattern, "
      << v.done_train << " train), " << v.failed << " failed, " << v.pending << " pending\n";
  out << "configs    " << v.configs.size()
      << " (runs joined on the resolved target, box and activation"
      << (v.unresolved_rows ? "; " + std::to_string(v.unresolved_rows) +
                                  " rows whose options do not resolve joined as typed"
                            : std::string())
      << ")\n";
  for (const sweep::Agreement& a : v.agreement)
    if (a.threshold == vo.headline_threshold)
      out << (a.source == sweep::Source::trainer ? "trainer    " : "solver     ") << "score_60 > "
          << head << ": prediction agrees with " << a.agree << " of " << a.runs << " scored runs\n";
  for (const sweep::Agreement& a : v.pattern_agreement)
    out << (a.source == sweep::Source::trainer ? "trainer    " : "solver     ")
        << "pattern (hexagonal, square, stripes, none): prediction agrees with " << a.agree
        << " of " << a.runs << " runs (pattern_confusion.csv)\n";
  for (const auto s : {sweep::Source::trainer, sweep::Source::solver}) {
    const sweep::SpacingFit& f = s == sweep::Source::trainer ? v.trainer_fit : v.solver_fit;
    out << "spacing    " << sweep::source_name(s) << ": " << f.n << " runs, slope "
        << shown(f.slope) << ", R^2 " << shown(f.r_squared) << ", median relative error "
        << shown(f.median_relative_error)
        << (f.left_out
                ? " (" + std::to_string(f.left_out) + " left out: hexagonal without both spacings)"
                : std::string())
        << "\n";
  }
  if (v.non_finite_fields)
    out << "missing    " << v.non_finite_fields
        << " NaN or infinite fields read as missing (report.md lists the columns)\n";
  out << "failures   " << v.failures.size() << " (failures.csv)\n";
  out << "written    " << (result.out / "report.md").string()
      << ", summary.json, configs.csv, confusion.csv, pattern_confusion.csv, failures.csv, "
         "spacing.png\n";
  return out.str();
}

} // namespace gridtheory::app
