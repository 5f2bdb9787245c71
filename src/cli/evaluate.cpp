// `gridtheory evaluate`: a saved checkpoint evaluated as `train` evaluates at its end (ratemaps,
// scores, spacings, figures), so any checkpoint of a run can be measured afterwards.
#include "src/app/evaluate.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/report/training_report.hpp"
#include "src/train/run_config.hpp"
#include "theory/errors.hpp"

#include <memory>

namespace gridtheory::cli {

namespace {

struct EvaluateCliOptions {
  std::string run, checkpoint, out, format = "text";
  std::optional<std::string> eval_bins, eval_batches, threads;
};

} // namespace

Command add_evaluate_command(CLI::App& parent) {
  auto o = std::make_shared<EvaluateCliOptions>();
  CLI::App* app = parent.add_subcommand(
      "evaluate", "Evaluate a saved checkpoint of a train run as train does at its end: "
                  "ratemaps, grid scores, spacings, figures and a summary");
  app->add_option("--run", o->run, "the run folder (its config.json: encoding, network, seed)")
      ->required()
      ->type_name("DIR");
  app->add_option("--checkpoint", o->checkpoint,
                  "a checkpoint folder of that run (default: the run's latest checkpoint)")
      ->type_name("DIR");
  app->add_option("--out", o->out, "new folder for the evaluation's files")
      ->required()
      ->type_name("DIR");
  add_text_option(*app, "--eval-bins", o->eval_bins,
                  "ratemap bins per side (default: the run's, 44 unless it chose otherwise)", "N");
  add_text_option(*app, "--eval-batches", o->eval_batches,
                  "evaluation batches of batch x seq-len positions (default: the run's)", "N");
  add_text_option(*app, "--threads", o->threads, "threads (default: all cores)", "N");
  app->add_option("--format", o->format, "stdout: text summary or json (summary.json)")
      ->type_name("text|json");

  auto run = [o](std::ostream& out) {
    if (o->format != "text" && o->format != "json")
      throw UserError("--format", o->format, "is not a known format", "text, json");
    app::EvaluateRequest r;
    r.run = o->run;
    if (!o->checkpoint.empty()) r.checkpoint = o->checkpoint;
    r.out = o->out;
    const auto count = [](train::TrainCount which, const std::optional<std::string>& text) {
      return text ? std::optional<long long>(train::parse_train_count(which, *text)) : std::nullopt;
    };
    r.eval_bins = count(train::TrainCount::eval_bins, o->eval_bins);
    r.eval_batches = count(train::TrainCount::eval_batches, o->eval_batches);
    r.threads = count(train::TrainCount::threads, o->threads);
    const app::EvaluateResult result = app::evaluate(r);
    if (o->format == "json")
      out << result.summary.dump(2) << "\n";
    else
      out << evaluation_text(result.summary, o->out);
  };
  return {app, run};
}

} // namespace gridtheory::cli
