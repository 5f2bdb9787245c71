// `gridtheory spectrum`: the options parsed into app::SpectrumRequest, the rows printed (or
// written to --out) as CSV.
#include "src/app/spectrum.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/atomic_file.hpp"
#include "src/plot/spectrum_figure.hpp"
#include "theory/errors.hpp"

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
  add_log_power_flag(*app, opts->log_power);

  auto run = [opts](std::ostream& out) {
    app::SpectrumRequest r;
    r.box_m = opts->box.side_m();
    r.periodic = opts->box.periodic;
    r.encoding = parse_encoding_options(opts->encoding.spec);
    r.method = opts->method.resolve();
    r.sampled = opts->sampled.request();
    r.seed = opts->seed.value();
    if (opts->k_max) r.k_max_per_m = parse_number(param("k_max"), *opts->k_max, app::k_max_range);
    if (opts->points) r.points = parse_whole(param("points"), *opts->points, app::points_range);
    if (opts->out) check_output_path(*opts->out, "--out");
    r.plot = opts->plot;
    r.log_power = opts->log_power;
    const app::SpectrumResult s = app::spectrum(r);
    const std::string csv = spectrum_csv(s.rows.samples);
    if (opts->out)
      write_file_atomically(*opts->out, csv, "--out");
    else
      out << csv;
  };
  return {app, run};
}

} // namespace gridtheory::cli
