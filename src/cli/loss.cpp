// `gridtheory loss`: the loss, decoding error and gradients of a checkpoint on one batch given
// as .npy files, so any other framework can be checked against ours.
#include "src/app/loss.hpp"

#include "src/cli/command.hpp"
#include "src/report/training_report.hpp"
#include "theory/errors.hpp"

#include <memory>

namespace gridtheory::cli {

namespace {

struct LossCliOptions {
  std::string checkpoint, batch, gradients, format = "text", precision = "float32";
};

} // namespace

Command add_loss_command(CLI::App& parent) {
  auto o = std::make_shared<LossCliOptions>();
  CLI::App* app = parent.add_subcommand(
      "loss", "Loss (with the weight-decay term), decoding error and gradients of a checkpoint "
              "on one batch of .npy files (cross-check other frameworks against ours)");
  app->add_option("--checkpoint", o->checkpoint,
                  "a checkpoint folder, or a run folder (its latest checkpoint)")
      ->required()
      ->type_name("DIR");
  app->add_option("--batch", o->batch,
                  "folder with velocity.npy (T x B x 2, m/s), init_targets.npy (B x n_p), "
                  "targets.npy (T x B x n_p), positions.npy (T x B x 2, metres)")
      ->required()
      ->type_name("DIR");
  app->add_option("--gradients", o->gradients,
                  "write each parameter's gradient as OUT/NAME.npy (names as the checkpoint's); "
                  "the folder must exist")
      ->type_name("OUT");
  app->add_option("--precision", o->precision,
                  "arithmetic: float32 (as training, default) or float64")
      ->type_name("float32|float64");
  app->add_option("--format", o->format, "text (default) or json")->type_name("text|json");

  auto run = [o](std::ostream& out) {
    if (o->format != "text" && o->format != "json")
      throw UserError("--format", o->format, "is not a known format", "text, json");
    app::LossRequest req;
    req.precision = app::parse_precision(o->precision);
    req.checkpoint = o->checkpoint;
    req.batch = o->batch;
    if (!o->gradients.empty()) req.gradients = o->gradients;
    const nlohmann::ordered_json j = app::to_json(app::loss(req));
    if (o->format == "json")
      out << j.dump(2) << "\n";
    else
      out << loss_text(j, o->gradients.empty() ? std::nullopt
                                               : std::optional<std::string>(o->gradients));
  };
  return {app, run};
}

} // namespace gridtheory::cli
