// `gridtheory train`: train a path integrator on an encoding's targets and measure its grid
// units (src/train/trainer.hpp describes the run folder).
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/report/progress.hpp"
#include "src/report/text_values.hpp"
#include "src/train/checkpoint.hpp"
#include "src/train/trainer.hpp"
#include "theory/errors.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <unistd.h>

namespace gridtheory::cli {

namespace fs = std::filesystem;
using namespace gridtheory::train;

namespace {

struct TrainCliOptions {
  EncodingFlags encoding;
  TrainOptionText text;
  std::string out, resume, init_from, format = "text";
};

// What a finished run prints: its summary.json, or the main numbers as text.
void print_summary(std::ostream& out, const nlohmann::ordered_json& summary,
                   const std::string& format, const fs::path& dir) {
  if (format == "json") {
    out << summary.dump(2) << "\n";
    return;
  }
  const auto value = [&](const char* key) {
    const auto& v = summary.contains(key) ? summary.at(key) : nlohmann::ordered_json(nullptr);
    return v.is_number() ? v.get<double>() : NAN;
  };
  const auto num = [&](const char* key) { return text_number(value(key)); };
  const auto& steps = summary.contains("steps") ? summary.at("steps") : nlohmann::ordered_json();
  out << "steps             "
      << (steps.is_number_integer() ? std::to_string(steps.get<long long>()) : num("steps"))
      << " in " << num("seconds") << " s (" << num("ms_per_step") << " ms/step)\n";
  out << "decoding error    " << text_number(value("decoding_error_cm"), "cm") << "\n";
  if (summary.contains("max_score_60")) {
    const auto pattern = summary.value("predicted_pattern", nlohmann::ordered_json(nullptr));
    const auto sac = summary.value("sac", nlohmann::ordered_json(nullptr));
    out << "grid units        max score_60 " << num("max_score_60") << ", "
        << text_percent(value("fraction_score_60_above_0.3")) << " above 0.3, "
        << text_percent(value("fraction_score_60_above_0.8")) << " above 0.8 ("
        << (sac.is_string() ? sac.get<std::string>() : std::string(missing_text)) << " SAC)\n";
    out << "spacing           median " << text_number(value("median_grid_spacing_m"), "m")
        << " (units above 0.3); predicted " << text_number(value("predicted_grid_spacing_m"), "m")
        << " (" << (pattern.is_string() ? pattern.get<std::string>() : std::string(missing_text))
        << ")\n";
  }
  out << "written           " << dir.string() << "\n";
}

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
std::string bare_run_notice(const TrainConfig& run, const TrainOptionText& text) {
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
    TrainOptionText with = text;
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
    RunRequest req;
    if (!o->resume.empty()) {
      for (const CLI::Option* opt : app->get_options())
        if (opt->count() > 0 && opt->get_name() != "--resume" && opt->get_name() != "--format")
          throw UserError(opt->get_name(), opt->as<std::string>(),
                          "cannot be combined with --resume (the run keeps its config.json)",
                          "--resume DIR alone, optionally with --format");
      const fs::path dir = o->resume;
      const std::string allowed = "a run folder written by gridtheory train";
      std::error_code ec;
      if (!fs::exists(dir, ec)) throw UserError("--resume", o->resume, "does not exist", allowed);
      if (!fs::is_directory(dir, ec))
        throw UserError("--resume", o->resume, "is not a folder", allowed);
      if (fs::is_regular_file(dir / "state.json", ec))
        throw UserError("--resume", o->resume, "is a checkpoint folder, not a run folder",
                        "the run folder that holds it");
      if (!fs::is_regular_file(dir / "config.json", ec))
        throw UserError("--resume", o->resume, "holds no run (no config.json)", allowed);
      // A finished run is left as it is: nothing to train, and evaluating it again would rewrite
      // its files and lose its step timing (a sweep relies on finished runs staying untouched).
      if (fs::exists(dir / "summary.json", ec)) {
        const fs::path file = dir / "summary.json";
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        nlohmann::ordered_json summary;
        try {
          summary = nlohmann::ordered_json::parse(text.str());
        } catch (const nlohmann::json::exception& e) {
          throw UserError("--resume", file.string(), std::string("is not valid JSON: ") + e.what(),
                          "the summary.json of a finished run");
        }
        if (!summary.is_object())
          throw UserError("--resume", file.string(), "is not a JSON object",
                          "the summary.json of a finished run");
        std::cerr << "gridtheory train: " << dir.string()
                  << " is already finished (summary.json): nothing to do; remove its "
                     "summary.json to evaluate it again\n";
        print_summary(out, summary, o->format, dir);
        return;
      }
      const auto ckpt = find_checkpoint(dir, "--resume");
      const fs::path config_path = ckpt ? *ckpt / "config.json" : dir / "config.json";
      req.config = train_config_from_json(read_json_file(config_path, "--resume"), "--resume",
                                          config_path.string());
      req.dir = dir;
      req.mode = StartMode::resume;
    } else {
      if (o->out.empty())
        throw UserError::without_value("--out", "is required",
                                       "--out DIR for a new run (its parent must exist), or "
                                       "--resume DIR");
      o->text.encoding = o->encoding.spec;
      req.config = resolve_train_config(o->text, default_threads());
      // The evaluation's options, as given on the command line (a preset's fill does not count).
      if (!req.config.eval)
        for (const auto& [name, value] : {std::pair{"--eval-bins", o->text.eval_bins},
                                          {"--eval-batches", o->text.eval_batches},
                                          {"--eval-every", o->text.eval_every}})
          if (value)
            throw UserError(name, *value, "does not apply with --eval none (nothing is evaluated)",
                            std::string(name) + " with --eval default, or no " + name);
      req.dir = o->out;
      if (!o->init_from.empty()) {
        const fs::path from = o->init_from;
        const fs::path ckpt = find_checkpoint(from, "--init-from").value_or(from);
        // The checkpoint's own config, when it has one, names a mismatch better than a shape.
        std::error_code ec;
        const fs::path config_path = ckpt / "config.json";
        if (fs::exists(config_path, ec)) {
          const TrainConfig theirs = train_config_from_json(
              read_json_file(config_path, "--init-from"), "--init-from", config_path.string());
          const auto describe = [](const TrainConfig& cfg) {
            return "--cell " + std::string(cell_name(cfg.cell)) + " --hidden " +
                   std::to_string(cfg.hidden);
          };
          if (theirs.cell != req.config.cell || theirs.hidden != req.config.hidden)
            throw UserError("--init-from", o->init_from,
                            "is a checkpoint of " + describe(theirs) + ", this run has " +
                                describe(req.config),
                            "a checkpoint of the same --cell and --hidden");
        }
        req.init_from = ckpt;
      }
    }
    // A run without --preset and --steps is NFL's full schedule, days on a CPU: before it starts,
    // say what it and each preset will take here, timed on this machine.
    if (req.mode == StartMode::fresh && !o->text.preset && !o->text.steps)
      req.before_training = [&req, text = o->text] {
        std::cerr << bare_run_notice(req.config, text) << std::flush;
      };
    req.progress = &std::cerr;
    req.progress_tty = stderr_is_terminal();
    print_summary(out, run_training(req), o->format, req.dir);
  };
  return {app, run};
}

} // namespace gridtheory::cli
