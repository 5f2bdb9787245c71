// `gridtheory train`: train a path integrator on an encoding's targets and measure its grid
// units (src/train/trainer.hpp describes the run folder).
#include "src/app/train.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/report/progress.hpp"
#include "src/report/text_values.hpp"
#include "src/report/training_report.hpp"
#include "theory/errors.hpp"

#include <iostream>
#include <memory>

namespace gridtheory::cli {

namespace fs = std::filesystem;
using namespace gridtheory::train;

namespace {

struct TrainCliOptions {
  EncodingFlags encoding;
  TrainOptionText text;
  std::string out, resume, init_from, format = "text";
};

// The expected wall time of a run of `c`: its steps times the median of a few timed steps.
struct Expected {
  double ms_per_step = 0.0;
  double seconds = 0.0;
};
Expected expected_time(const TrainConfig& c) {
  constexpr int timed_steps = 3;
  const double ms = measure_ms_per_step(c, timed_steps);
  return {ms, ms * 1e-3 * static_cast<double>(c.steps)};
}

// `train` without --preset and --steps: what this run and each preset (with the same other
// options) will take on this machine, before the run starts.
std::string bare_run_notice(const TrainConfig& run, const TrainOptions& options) {
  const auto ms_text = [](double ms) { return text_number(ms, 3) + " ms/step"; };
  const Expected mine = expected_time(run);
  std::string notice = "gridtheory train: no --preset and no --steps: this is NFL's reference "
                       "schedule, " +
                       std::to_string(run.steps) + " steps of n_g " + std::to_string(run.hidden) +
                       "; expected " + duration_text(mine.seconds) + " here (" +
                       ms_text(mine.ms_per_step) + " with --threads " +
                       std::to_string(run.threads) + ", timed over 3 steps)\n";
  notice += "gridtheory train: presets (the same other options):";
  for (const auto& [name, values] : presets()) {
    TrainOptions with = options;
    with.preset = name;
    const TrainConfig c = resolve_train_config(with, run.threads);
    TrainConfig same = c; // this run's config but for the preset's name: time it once
    same.preset = run.preset;
    const Expected e = to_json(same).dump() == to_json(run).dump() ? mine : expected_time(c);
    notice += " --preset " + name + " " + duration_text(e.seconds) + " (" +
              std::to_string(c.steps) + " steps, n_g " + std::to_string(c.hidden) + ", " +
              ms_text(e.ms_per_step) + ");";
  }
  notice.back() = '\n';
  return notice + "gridtheory train: starting; stop it (Ctrl-C) and rerun with --preset or "
                  "--steps for a shorter run\n";
}

} // namespace

Command add_train_command(CLI::App& parent) {
  auto o = std::make_shared<TrainCliOptions>();
  CLI::App* app = parent.add_subcommand(
      "train", "Train a path-integrating recurrent network (NFL / Sorscher setup) on an "
               "encoding's targets; write checkpoints, ratemaps, grid scores and a summary");
  o->encoding.add_to(*app, /*cells_scale_with_box=*/false);
  auto& t = o->text;
  add_text_option(*app, "--box", t.box, "square arena side L in metres (default 2.2 m, NFL)", "L");
  app->add_flag("--periodic", t.periodic, "periodic arena (default: solid walls)");
  add_text_option(*app, "--hidden", t.hidden, "recurrent units n_g (default 1024, NFL)", "N");
  add_text_option(*app, "--cell", t.cell, "recurrent cell: rnn (NFL's, default), lstm, gru, ugrnn",
                  "NAME");
  add_text_option(*app, "--activation", t.activation,
                  "the rnn cell's nonlinearity: relu (default), tanh, sigmoid, linear", "NAME");
  add_text_option(*app, "--loss", t.loss,
                  "cross-entropy (softmax, NFL's, the default for place-cell codes) or mse (ours; "
                  "the only one for cartesian and polar)",
                  "NAME");
  add_text_option(*app, "--steps", t.steps, "optimiser steps (default 200000, NFL)", "N");
  add_text_option(*app, "--batch", t.batch, "trajectories per batch (default 200)", "N");
  add_text_option(*app, "--seq-len", t.seq_len, "time steps per trajectory (default 20)", "N");
  add_text_option(*app, "--lr", t.lr, "learning rate (default 1e-4, NFL)", "V");
  add_text_option(*app, "--optimizer", t.optimizer, "adam (default), sgd or rmsprop (torch rules)",
                  "NAME");
  add_text_option(*app, "--weight-decay", t.weight_decay,
                  "coefficient of sum(W_hh^2) in the loss (default 1e-4)", "V");
  add_text_option(*app, "--input-dropout", t.input_dropout,
                  "probability of dropping a velocity input while training (default 0)", "P");
  add_text_option(*app, "--recurrent-dropout", t.recurrent_dropout,
                  "probability of dropping a unit of h_{t-1} in the recurrence, one mask per "
                  "trajectory (default 0)",
                  "P");
  add_text_option(*app, "--clip", t.clip, "clip the gradients' global norm to V (default 0: off)",
                  "V");
  add_text_option(*app, "--seed", t.seed,
                  "seed of the place cells, weights, trajectories and dropout (default 0)", "N");
  add_text_option(*app, "--checkpoint-every", t.checkpoint_every,
                  "steps between checkpoints (default 1000)", "N");
  add_text_option(*app, "--log-every", t.log_every, "steps between metrics.csv rows (default 100)",
                  "N");
  add_text_option(*app, "--eval", t.eval,
                  "after training: default (ratemaps, scores, mosaics, decoding error) or none",
                  "none|default");
  add_text_option(
      *app, "--eval-batches", t.eval_batches,
      "evaluation batches of batch x seq-len positions (default 50; not with --eval none)", "N");
  add_text_option(*app, "--eval-bins", t.eval_bins,
                  "ratemap bins per side (default 44: NFL's 5 cm bins in the 2.2 m box; "
                  "Sorscher's figures use 20; not with --eval none)",
                  "N");
  add_text_option(*app, "--eval-every", t.eval_every,
                  "also evaluate every N steps (ratemap scores and spacings of the units) into "
                  "evals.csv (default 0: only at the end; not with --eval none)",
                  "N");
  add_text_option(*app, "--threads", t.threads, "threads (default: all cores)", "N");
  std::string preset_help = "fill options not given from a preset:";
  for (const auto& [name, values] : presets()) {
    preset_help += " " + name + " (";
    std::string list;
    for (const auto& [k, v] : values)
      list += (list.empty() ? "" : ", ") + ("--" + k) + " " + v;
    preset_help += (list.empty() ? "the defaults" : list) + ")";
  }
  add_text_option(*app, "--preset", t.preset, preset_help, "NAME");
  app->add_option("--out", o->out, "new run folder (its parent must exist)")->type_name("DIR");
  app->add_option("--resume", o->resume,
                  "continue the run in DIR from its latest checkpoint to its configured steps "
                  "(no other option may be given)")
      ->type_name("DIR");
  app->add_option("--init-from", o->init_from,
                  "start from the weights of a checkpoint (a checkpoint folder or a run folder)")
      ->type_name("DIR");
  app->add_option("--format", o->format, "stdout: text summary or json (summary.json)")
      ->type_name("text|json");

  auto run = [o, app](std::ostream& out) {
    if (o->format != "text" && o->format != "json")
      throw UserError("--format", o->format, "is not a known format", "text, json");
    app::TrainRequest req;
    o->text.encoding = o->encoding.spec;
    o->text.encoding_given = app->get_option("--encoding")->count() > 0;
    req.options = parse_train_options(o->text);
    if (!o->out.empty()) req.out = o->out;
    if (!o->resume.empty()) req.resume = o->resume;
    if (!o->init_from.empty()) req.init_from = o->init_from;
    // NFL's full schedule is days on a CPU: say what it and each preset will take here first.
    req.before_bare_run = [options = req.options](const TrainConfig& config) {
      std::cerr << bare_run_notice(config, options) << std::flush;
    };
    req.progress_line = &std::cerr;
    req.progress_tty = stderr_is_terminal();
    const app::TrainResult r = app::train(req);
    if (r.already_finished)
      std::cerr << "gridtheory train: " << r.dir.string()
                << " is already finished (summary.json): nothing to do; remove its "
                   "summary.json to evaluate it again\n";
    if (o->format == "json")
      out << r.summary.dump(2) << "\n";
    else
      out << train_summary_text(r.summary, r.dir);
  };
  return {app, run};
}

} // namespace gridtheory::cli
