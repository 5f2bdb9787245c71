// `gridtheory predict`: the options parsed into app::PredictRequest, the result printed as text
// or JSON.
#include "src/app/predict.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/report/prediction_report.hpp"
#include "theory/errors.hpp"

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
  add_log_power_flag(*app, opts->log_power);

  auto run = [opts](std::ostream& out) {
    app::PredictRequest r;
    r.box_m = opts->box.side_m();
    r.periodic = opts->box.periodic;
    r.encoding = parse_encoding_options(opts->encoding.spec);
    r.activation = opts->activation.resolve();
    r.seed = opts->seed.value();
    r.method = opts->method.resolve();
    r.sampled = opts->sampled.request();
    if (opts->format != "text" && opts->format != "json")
      throw UserError("--format", opts->format, "is not a known format", "text, json");
    r.plot = opts->plot;
    r.log_power = opts->log_power;
    const app::PredictResult p = app::predict(r);
    if (opts->format == "json")
      out << to_json(p.config, p.prediction, p.lattice).dump(2) << "\n";
    else
      out << to_text(p.config, p.prediction, p.lattice);
  };
  return {app, run};
}

} // namespace gridtheory::cli
