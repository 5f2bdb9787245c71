// `gridtheory spectrum`: the radial power spectrum of an encoding as CSV (and a figure).
#include "theory/spectrum.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/atomic_file.hpp"
#include "src/plot/spectrum_figure.hpp"
#include "src/report/encoding_report.hpp"
#include "theory/errors.hpp"
#include "theory/prediction.hpp"
#include "theory/spacing.hpp"

#include <memory>

namespace gridtheory::cli {

namespace {
struct SpectrumOptions {
  EncodingFlags encoding;
  BoxOptions box;
  MethodOption method;
  SeedOption seed;
  SampledOptions sampled;
  std::optional<std::string> k_max;
  std::optional<std::string> points;
  std::optional<std::string> out;
  std::optional<std::string> plot;
  bool log_power = false;
};
} // namespace

Command add_spectrum_command(CLI::App& parent) {
  auto opts = std::make_shared<SpectrumOptions>();
  CLI::App* app = parent.add_subcommand(
      "spectrum", "Write an encoding's radial power spectrum E|p~(k)|^2 as CSV (columns "
                  "k_per_m,power), optionally with a figure");
  opts->encoding.add_to(*app);
  opts->box.add_to(*app);
  opts->method.add_to(*app);
  opts->seed.add_to(*app, /*recorded=*/false);
  opts->sampled.add_to(*app);
  add_text_option(*app, "--k-max", opts->k_max,
                  "largest wavenumber in rad/m (default 5 / smallest width, at least 2 x 2pi/L)",
                  "K");
  add_text_option(*app, "--points", opts->points,
                  "analytic: rows from k = 0 to --k-max (default 401); sampled: one row per "
                  "lattice radius up to --k-max",
                  "N");
  add_text_option(*app, "--out", opts->out, "write the CSV to FILE instead of standard output",
                  "FILE.csv");
  add_text_option(*app, "--plot", opts->plot,
                  "also write the figure FILE.png (with FILE.csv and FILE.gp beside it), k* and "
                  "the box's lowest mode marked",
                  "FILE.png");
  app->add_flag("--log-power", opts->log_power,
                "with --plot: draw the power on a log axis (a weak peak beside a strong k = 0, "
                "such as true-dog's rejected one, shows)");

  auto run = [opts](std::ostream& out) {
    const Box box = opts->box.resolve();
    const Encoding enc = opts->encoding.resolve(box);
    const bool use_sampled = opts->method.use_sampled(enc);
    if (use_sampled ? !uses_width(enc.family) : !has_tuning_spectrum(enc))
      throw UserError("--encoding", std::string(family_name(enc.family)),
                      "has no tuning-curve power spectrum: " + why_no_tuning_spectrum(enc),
                      use_sampled ? "a place-cell encoding" : "a single-field place-cell encoding");
    opts->sampled.check_applies(use_sampled, opts->method, enc);
    check_sampled_only_options(use_sampled, opts->method, enc, opts->seed.text,
                               opts->encoding.spec.cells);
    const auto seed = opts->seed.resolve();
    const SampledSpectrumOptions sampled = opts->sampled.resolve();
    if (use_sampled && opts->points)
      throw UserError("--points", *opts->points, "does not apply to --method sampled",
                      "--points with the analytic spectrum (sampled rows are lattice radii)");
    const double k_max =
        opts->k_max ? parse_number("--k-max", *opts->k_max, {0.0, true, "a wavenumber in rad/m"})
                    : spectrum_default_k_max(enc, box);
    const int points = opts->points ? static_cast<int>(parse_count("--points", *opts->points, 2,
                                                                   10'000'000, "a number of rows"))
                                    : defaults::csv_points;
    if (opts->out) check_output_path(*opts->out, "--out");
    if (opts->plot) check_figure_path(*opts->plot, "--plot");
    if (opts->log_power && !opts->plot)
      throw UserError::without_value("--log-power",
                                     "does not apply without --plot (it styles the figure)",
                                     "--log-power with --plot FILE.png");

    const SpectrumRows rows = spectrum_rows(enc, box, use_sampled, seed, sampled, k_max, points);
    const std::string csv = spectrum_csv(rows.samples);
    if (opts->plot) {
      SpectrumFigure fig = rows_spectrum_figure(enc, box, rows, use_sampled);
      fig.log_power = opts->log_power;
      write_spectrum_figure(fig, *opts->plot, "--plot");
    }
    if (opts->out)
      write_file_atomically(*opts->out, csv, "--out");
    else
      out << csv;
  };
  return {app, run};
}

} // namespace gridtheory::cli
