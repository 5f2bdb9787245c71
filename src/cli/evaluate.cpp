// `gridtheory evaluate`: a saved checkpoint evaluated as `train` evaluates at its end (ratemaps,
// scores, spacings, figures), so any checkpoint of a run can be measured afterwards.
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/report/text_values.hpp"
#include "src/train/trainer.hpp"
#include "theory/errors.hpp"

#include <memory>
#include <omp.h>

namespace gridtheory::cli {

namespace {

struct EvaluateCliOptions {
  std::string run, checkpoint, out, format = "text";
  std::optional<std::string> eval_bins, eval_batches, threads;
};

double number_of(const nlohmann::ordered_json& j, const char* key) {
  return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : NAN;
}

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
    train::EvaluateRequest r;
    r.run = o->run;
    r.checkpoint = o->checkpoint;
    r.out = o->out;
    r.eval_bins = o->eval_bins;
    r.eval_batches = o->eval_batches;
    r.threads = o->threads;
    const auto j = train::evaluate_checkpoint(r, omp_get_num_procs());
    if (o->format == "json") {
      out << j.dump(2) << "\n";
      return;
    }
    out << "checkpoint        " << j.at("checkpoint").get<std::string>() << " (step "
        << j.at("checkpoint_step").get<long long>() << ")\n"
        << "decoding error    " << text_number(number_of(j, "decoding_error_cm"), "cm", 6) << "\n"
        << "max score_60      " << text_number(number_of(j, "max_score_60"), 6) << " ("
        << j.value("sac", std::string(missing_text)) << " SAC)\n"
        << "units > 0.3       " << text_percent(number_of(j, "fraction_score_60_above_0.3")) << "\n"
        << "median spacing    " << text_number(number_of(j, "median_grid_spacing_m"), "m", 6)
        << " (predicted " << text_number(number_of(j, "predicted_grid_spacing_m"), "m", 6) << ")\n"
        << "observed pattern  " << j.at("observed_pattern").get<std::string>() << "\n"
        << "files             " << o->out << "\n";
  };
  return {app, run};
}

} // namespace gridtheory::cli
