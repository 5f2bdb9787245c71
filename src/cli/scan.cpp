// `gridtheory scan`: the prediction and the box lattice's best triad over one parameter's
// range, as CSV (or JSON) and a figure: the theory's curve for "grids at sigma = 12 cm but
// not at 11 or 13 cm" (NFL).
#include "numerics/box_lattice.hpp"
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/atomic_file.hpp"
#include "src/plot/scan_figure.hpp"
#include "src/report/lattice_report.hpp"
#include "src/report/scan_table.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <sstream>

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

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// The scanned option: which one is given as LO:HI:STEP.
struct Scanned {
  std::string option;
  std::optional<std::string>* slot = nullptr;
};

Scanned find_scanned(ScanOptions& o) {
  std::vector<Scanned> candidates{
      {"--sigma", &o.encoding.spec.sigma},
      {"--surround-ratio", &o.encoding.spec.surround_ratio},
      {"--surround-variance-ratio", &o.encoding.spec.surround_variance_ratio},
      {"--alpha-e", &o.encoding.spec.alpha_e},
      {"--alpha-i", &o.encoding.spec.alpha_i},
      {"--box", &o.box.side}};
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
    throw_no_scan_range(given);
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
    const std::string range_text = **scanned.slot;
    const std::vector<double> values = parse_range(
        scanned.option, range_text, {std::numeric_limits<double>::lowest(), false, "a number"});
    if (opts->format != "csv" && opts->format != "json")
      throw UserError("--format", opts->format, "is not a known format", "csv, json");
    const Activation act = opts->activation.resolve();
    const auto seed = opts->seed.resolve();
    const SampledSpectrumOptions sampled = opts->sampled.resolve();
    if (opts->out) check_output_path(*opts->out, "--out");
    if (opts->plot) check_figure_path(*opts->plot, "--plot");

    // Validate every value before computing any.
    std::vector<std::pair<Encoding, Box>> configs;
    bool any_sampled = false;
    for (double v : values) {
      *scanned.slot = number(v);
      {
        const Box box = opts->box.resolve();
        configs.emplace_back(opts->encoding.resolve(box), box);
      }
      const auto& [enc, box] = configs.back();
      if (opts->method.use_sampled(enc)) { // validates --method
        require_resolvable_widths(enc, box.side_m, sampled.res);
        any_sampled = true;
      }
    }
    *scanned.slot = range_text;
    // The sampled solver's options need at least one value on the sampled spectrum.
    opts->sampled.check_applies(any_sampled, opts->method, configs.front().first);
    check_sampled_only_options(any_sampled, opts->method, configs.front().first, opts->seed.text,
                               opts->encoding.spec.cells);

    std::vector<ScanRow> rows;
    for (size_t i = 0; i < values.size(); ++i) {
      const auto& [enc, box] = configs[i];
      const bool use_sampled = opts->method.use_sampled(enc);
      ScanRow row;
      row.value = values[i];
      SampledSpectrum spectrum;
      row.prediction = use_sampled ? predict_sampled(enc, act, box, seed, sampled, &spectrum)
                                   : predict(enc, act, box);
      if (row.prediction.k_star_per_m) {
        const auto spectrum_power = [&](double k) {
          return use_sampled ? profile_power(spectrum, k) : power(enc, k);
        };
        row.lattice = analyse_box_lattice(spectrum_power, *row.prediction.k_star_per_m, box.side_m,
                                          box.periodic);
      }
      rows.push_back(std::move(row));
    }

    const std::string parameter = scanned.option.substr(2);
    std::string parameter_column = parameter;
    for (char& c : parameter_column)
      if (c == '-') c = '_';
    const std::string csv = scan_csv(parameter_column, rows);
    std::string text = csv;
    if (opts->format == "json") text = scan_json(parameter_column, act, rows).dump(2) + "\n";
    if (opts->plot)
      write_scan_figure(
          {parameter_column, range_text, configs.front().first, act, configs.front().second, rows},
          *opts->plot, "--plot");
    if (opts->out)
      write_file_atomically(*opts->out, text, "--out");
    else
      out << text;
  };
  return {app, run};
}

} // namespace gridtheory::cli
