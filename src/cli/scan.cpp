// `gridtheory scan`: the options parsed into app::ScanRequest (the one given as LO:HI:STEP is
// the scanned one), the rows printed (or written to --out) as CSV or JSON.
#include "src/app/scan.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/atomic_file.hpp"
#include "src/report/scan_table.hpp"
#include "theory/errors.hpp"

#include <limits>
#include <memory>

namespace gridtheory::cli {

namespace {

struct ScanOptions {
  EncodingFlags encoding;
  BoxOptions box;
  ActivationOption activation;
  SeedOption seed;
  SampledOptions sampled;
  MethodOption method;
  std::string format = "csv";
  std::optional<std::string> out;
  std::optional<std::string> plot;
};

// The scanned option: which one is given as LO:HI:STEP.
struct Scanned {
  std::string option;
  app::ScanParameter parameter = app::ScanParameter::sigma;
  std::optional<std::string>* slot = nullptr;
};

Scanned find_scanned(ScanOptions& o) {
  std::vector<Scanned> candidates{
      {"--sigma", app::ScanParameter::sigma, &o.encoding.spec.sigma},
      {"--surround-ratio", app::ScanParameter::surround_ratio, &o.encoding.spec.surround_ratio},
      {"--surround-variance-ratio", app::ScanParameter::surround_variance_ratio,
       &o.encoding.spec.surround_variance_ratio},
      {"--alpha-e", app::ScanParameter::alpha_e, &o.encoding.spec.alpha_e},
      {"--alpha-i", app::ScanParameter::alpha_i, &o.encoding.spec.alpha_i},
      {"--box", app::ScanParameter::box, &o.box.side}};
  Scanned found;
  for (auto& c : candidates) {
    if (!*c.slot || !is_range(**c.slot)) continue;
    if (found.slot)
      throw UserError(c.option, **c.slot, "is a second range; scan takes exactly one",
                      "one of --sigma, --surround-ratio, --surround-variance-ratio, --alpha-e, "
                      "--alpha-i, --box as LO:HI:STEP");
    found = c;
  }
  if (!found.slot) {
    std::vector<std::pair<std::string, std::optional<std::string>>> given;
    for (const auto& c : candidates)
      given.emplace_back(c.option, *c.slot);
    app::throw_no_scan_range(given);
  }
  return found;
}

} // namespace

Command add_scan_command(CLI::App& parent) {
  auto opts = std::make_shared<ScanOptions>();
  CLI::App* app = parent.add_subcommand(
      "scan", "Predict over one parameter's range (LO:HI:STEP) with the box lattice's best "
              "hexagonal triad at each value; CSV (or JSON) and a figure");
  opts->encoding.add_to(*app);
  opts->box.add_to(*app);
  opts->activation.add_to(*app);
  opts->seed.add_to(*app, /*recorded=*/false);
  opts->sampled.add_to(*app);
  opts->method.add_to(*app);
  app->add_option("--format", opts->format, "csv (one row per value) or json; default csv")
      ->type_name("csv|json");
  add_text_option(*app, "--out", opts->out, "write to FILE instead of standard output", "FILE");
  add_text_option(*app, "--plot", opts->plot,
                  "also write the figure FILE.png (with FILE.csv and FILE.gp beside it)",
                  "FILE.png");

  auto run = [opts](std::ostream& out) {
    const Scanned scanned = find_scanned(*opts);
    app::ScanRequest r;
    r.parameter = scanned.parameter;
    r.values_label = **scanned.slot;
    r.values = parse_range(scanned.option, r.values_label,
                           {std::numeric_limits<double>::lowest(), false, "a number"});
    r.values_from_range = true;
    if (opts->format != "csv" && opts->format != "json")
      throw UserError("--format", opts->format, "is not a known format", "csv, json");
    r.activation = opts->activation.resolve();
    r.seed = opts->seed.value();
    r.sampled = opts->sampled.request();
    if (opts->out) check_output_path(*opts->out, "--out");
    r.plot = opts->plot;
    // The fixed options; the scanned one's text is the range, not a value.
    scanned.slot->reset();
    r.box_m = opts->box.side_m();
    r.periodic = opts->box.periodic;
    r.encoding = parse_encoding_options(opts->encoding.spec);
    *scanned.slot = r.values_label;
    r.method = opts->method.resolve();

    const app::ScanResult result = app::scan(r);
    const std::string text =
        opts->format == "json"
            ? scan_json(result.parameter_column, result.activation, result.rows).dump(2) + "\n"
            : scan_csv(result.parameter_column, result.rows);
    if (opts->out)
      write_file_atomically(*opts->out, text, "--out");
    else
      out << text;
  };
  return {app, run};
}

} // namespace gridtheory::cli
