// `gridtheory predict`: the analytic prediction for one target encoding.
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/plot/spectrum_figure.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/prediction_report.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <memory>

namespace gridtheory::cli {

namespace {
struct PredictOptions {
  EncodingFlags encoding;
  BoxOptions box;
  ActivationOption activation;
  SeedOption seed;
  std::string format = "text";
  MethodOption method;
  SampledOptions sampled;
  std::optional<std::string> plot;
  bool log_power = false;
};
} // namespace

Command add_predict_command(CLI::App& parent) {
  auto opts = std::make_shared<PredictOptions>();
  CLI::App* app = parent.add_subcommand(
      "predict", "Predict the pattern (hexagonal, square, stripes, ...) and grid spacing a "
                 "path integrator trained on a target encoding forms, from its power spectrum");
  opts->encoding.add_to(*app);
  opts->box.add_to(*app);
  opts->activation.add_to(*app);
  opts->seed.add_to(*app);
  opts->method.add_to(*app);
  opts->sampled.add_to(*app);
  app->add_option("--format", opts->format,
                  "output: text (for people) or json (one object); default text")
      ->type_name("text|json");
  add_text_option(*app, "--plot", opts->plot,
                  "also write the radial power spectrum figure FILE.png (with FILE.csv and "
                  "FILE.gp beside it)",
                  "FILE.png");
  app->add_flag("--log-power", opts->log_power,
                "with --plot: draw the power on a log axis (a weak peak beside a strong k = 0, "
                "such as true-dog's rejected one, shows)");

  auto run = [opts](std::ostream& out) {
    // Validate everything before any work or output.
    PredictConfig config;
    config.box = opts->box.resolve();
    config.encoding = opts->encoding.resolve(config.box);
    config.activation = opts->activation.resolve();
    config.seed = opts->seed.resolve();
    const bool use_sampled = opts->method.use_sampled(config.encoding);
    opts->sampled.check_applies(use_sampled, opts->method, config.encoding);
    const SampledSpectrumOptions sampled = opts->sampled.resolve();
    if (opts->format != "text" && opts->format != "json")
      throw UserError("--format", opts->format, "is not a known format", "text, json");
    if (opts->plot) {
      if (use_sampled ? !uses_width(config.encoding.family) : !has_tuning_spectrum(config.encoding))
        throw UserError("--plot", *opts->plot,
                        "cannot be drawn: --encoding " +
                            std::string(family_name(config.encoding.family)) +
                            " has no tuning-curve power spectrum",
                        "--plot with a single-field place-cell encoding");
    }
    if (opts->plot) check_figure_path(*opts->plot, "--plot");
    if (opts->log_power && !opts->plot)
      throw UserError::without_value("--log-power",
                                     "does not apply without --plot (it styles the figure)",
                                     "--log-power with --plot FILE.png");

    SampledSpectrum spectrum;
    const Prediction p = use_sampled ? predict_sampled(config.encoding, config.activation,
                                                       config.box, config.seed, sampled, &spectrum)
                                     : predict(config.encoding, config.activation, config.box);

    if (opts->plot) {
      SpectrumFigure fig = prediction_spectrum_figure(
          config.encoding, config.activation, config.box, p, use_sampled ? &spectrum : nullptr);
      fig.log_power = opts->log_power;
      write_spectrum_figure(fig, *opts->plot, "--plot");
    }
    std::optional<BoxLattice> lattice;
    if (p.k_star_per_m) {
      const auto spectrum_power = [&](double k) {
        return use_sampled ? profile_power(spectrum, k) : power(config.encoding, k);
      };
      lattice = analyse_box_lattice(spectrum_power, *p.k_star_per_m, config.box.side_m,
                                    config.box.periodic);
    }
    if (opts->format == "json")
      out << to_json(config, p, lattice).dump(2) << "\n";
    else
      out << to_text(config, p, lattice);
  };
  return {app, run};
}

} // namespace gridtheory::cli
