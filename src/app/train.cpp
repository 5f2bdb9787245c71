#include "src/app/train.hpp"

#include "src/app/threads.hpp"
#include "src/train/checkpoint.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace gridtheory::app {

namespace fs = std::filesystem;
using train::TrainConfig;
using train::TrainOptions;

namespace {

// The first option given beside `resume`, as (parameter, value), in the CLI's order of options.
std::optional<std::pair<std::string, std::string>> first_given(const TrainRequest& r) {
  const TrainOptions& o = r.options;
  const EncodingOptions& e = o.encoding;
  std::vector<std::pair<std::string, std::string>> given;
  const auto add = [&](const char* name, const auto& value, auto text) {
    if (value) given.emplace_back(name, text(*value));
  };
  const auto number = [](double v) { return format_number(v); };
  const auto count = [](long long v) { return std::to_string(v); };
  const auto distribution = [](const Distribution& d) { return d.to_string(); };
  if (o.encoding_given) given.emplace_back("encoding", std::string(family_name(e.family)));
  add("sigma", e.sigma_m, distribution);
  add("surround_ratio", e.surround_ratio, distribution);
  add("surround_variance_ratio", e.surround_variance_ratio, distribution);
  add("alpha_e", e.alpha_e, number);
  add("alpha_i", e.alpha_i, number);
  add("fields_per_cell", e.fields_per_cell, [](const FieldCount& f) { return f.to_string(); });
  add("cells", e.cells, count);
  add("box", o.box_m, number);
  if (o.periodic) given.emplace_back("periodic", "true");
  add("hidden", o.hidden, count);
  add("cell", o.cell, [](train::Cell c) { return std::string(train::cell_name(c)); });
  add("activation", o.activation, [](Activation a) { return std::string(activation_name(a)); });
  add("loss", o.loss, [](train::Loss l) { return std::string(train::loss_name(l)); });
  add("steps", o.steps, count);
  add("batch", o.batch, count);
  add("seq_len", o.seq_len, count);
  add("lr", o.lr, number);
  add("optimizer", o.optimizer,
      [](train::OptimizerKind k) { return std::string(train::optimizer_name(k)); });
  add("weight_decay", o.weight_decay, number);
  add("input_dropout", o.input_dropout, number);
  add("recurrent_dropout", o.recurrent_dropout, number);
  add("clip", o.clip, number);
  add("seed", o.seed, count);
  add("checkpoint_every", o.checkpoint_every, count);
  add("log_every", o.log_every, count);
  add("eval", o.eval, [](bool v) { return std::string(v ? "default" : "none"); });
  add("eval_batches", o.eval_batches, count);
  add("eval_bins", o.eval_bins, count);
  add("eval_every", o.eval_every, count);
  add("threads", o.threads, count);
  add("preset", o.preset, [](const std::string& s) { return s; });
  add("out", r.out, [](const fs::path& p) { return p.string(); });
  add("init_from", r.init_from, [](const fs::path& p) { return p.string(); });
  if (given.empty()) return std::nullopt;
  return given.front();
}

// A finished run's summary.json (UserError naming resume when it is not a JSON object).
nlohmann::ordered_json read_finished_summary(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::ordered_json summary;
  try {
    summary = nlohmann::ordered_json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw UserError(param("resume"), file.string(), std::string("is not valid JSON: ") + e.what(),
                    "the summary.json of a finished run");
  }
  if (!summary.is_object())
    throw UserError(param("resume"), file.string(), "is not a JSON object",
                    "the summary.json of a finished run");
  return summary;
}

// --resume DIR: the run's own config (its latest checkpoint's, else config.json).
train::RunRequest resume_request(const fs::path& dir) {
  const std::string allowed = "a run folder written by gridtheory train";
  const std::string option = param("resume");
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw UserError(option, dir.string(), "does not exist", allowed);
  if (!fs::is_directory(dir, ec)) throw UserError(option, dir.string(), "is not a folder", allowed);
  if (fs::is_regular_file(dir / "state.json", ec))
    throw UserError(option, dir.string(), "is a checkpoint folder, not a run folder",
                    "the run folder that holds it");
  if (!fs::is_regular_file(dir / "config.json", ec))
    throw UserError(option, dir.string(), "holds no run (no config.json)", allowed);
  train::RunRequest req;
  req.dir = dir;
  req.mode = train::StartMode::resume;
  return req;
}

void load_resumed_config(train::RunRequest& req) {
  const std::string option = param("resume");
  const auto ckpt = train::find_checkpoint(req.dir, option);
  const fs::path config_path = ckpt ? *ckpt / "config.json" : req.dir / "config.json";
  req.config = train::train_config_from_json(train::read_json_file(config_path, option), option,
                                             config_path.string());
}

// A new run: its options resolved and checked, and the weights it starts from.
train::RunRequest fresh_request(const TrainRequest& r) {
  if (!r.out)
    throw UserError::without_value(param("out"), "is required",
                                   "{out} DIR for a new run (its parent must exist), or "
                                   "{resume} DIR");
  train::RunRequest req;
  req.config = train::resolve_train_config(r.options, default_threads());
  // The evaluation's options as given (a preset's fill does not count) mean nothing without it.
  if (!req.config.eval)
    for (const auto& [name, value] : {std::pair{"eval_bins", r.options.eval_bins},
                                      std::pair{"eval_batches", r.options.eval_batches},
                                      std::pair{"eval_every", r.options.eval_every}})
      if (value)
        throw UserError(param(name), std::to_string(*value),
                        "does not apply with {eval} none (nothing is evaluated)",
                        param(name) + " with {eval} default, or no " + param(name));
  req.dir = *r.out;
  if (r.init_from) {
    const std::string option = param("init_from");
    const fs::path ckpt = train::find_checkpoint(*r.init_from, option).value_or(*r.init_from);
    // The checkpoint's own config, when it has one, names a mismatch better than a shape.
    std::error_code ec;
    const fs::path config_path = ckpt / "config.json";
    if (fs::exists(config_path, ec)) {
      const TrainConfig theirs = train::train_config_from_json(
          train::read_json_file(config_path, option), option, config_path.string());
      const auto describe = [](const TrainConfig& cfg) {
        return "{cell} " + std::string(train::cell_name(cfg.cell)) + " {hidden} " +
               std::to_string(cfg.hidden);
      };
      if (theirs.cell != req.config.cell || theirs.hidden != req.config.hidden)
        throw UserError(option, r.init_from->string(),
                        "is a checkpoint of " + describe(theirs) + ", this run has " +
                            describe(req.config),
                        "a checkpoint of the same {cell} and {hidden}");
    }
    req.init_from = ckpt;
  }
  return req;
}

double number_in(const nlohmann::ordered_json& j, const char* key) {
  return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : NAN;
}

} // namespace

TrainResult train_result_of(const fs::path& dir, nlohmann::ordered_json summary,
                            bool already_finished) {
  TrainResult r;
  r.dir = dir;
  r.already_finished = already_finished;
  const auto& steps = summary.contains("steps") ? summary.at("steps") : nlohmann::ordered_json();
  r.steps = steps.is_number_integer() ? steps.get<long long>() : 0;
  r.seconds = number_in(summary, "seconds");
  r.ms_per_step = number_in(summary, "ms_per_step");
  r.final_loss = number_in(summary, "final_loss");
  r.train_decoding_error_cm = number_in(summary, "train_decoding_error_cm");
  r.decoding_error_cm = number_in(summary, "decoding_error_cm");
  r.evaluated = summary.contains("max_score_60");
  r.max_score_60 = number_in(summary, "max_score_60");
  r.fraction_score_60_above_0_3 = number_in(summary, "fraction_score_60_above_0.3");
  r.median_grid_spacing_m = number_in(summary, "median_grid_spacing_m");
  r.predicted_grid_spacing_m = number_in(summary, "predicted_grid_spacing_m");
  const auto pattern = summary.value("predicted_pattern", nlohmann::ordered_json(nullptr));
  r.predicted_pattern = pattern.is_string() ? pattern.get<std::string>() : std::string();
  r.summary = std::move(summary);
  return r;
}

TrainResult train(const TrainRequest& r) {
  train::RunRequest req;
  if (r.resume) {
    if (const auto given = first_given(r))
      throw UserError(param(given->first), given->second,
                      "cannot be combined with {resume} (the run keeps its config.json)",
                      "{resume} DIR alone, optionally with {format}");
    req = resume_request(*r.resume);
    // A finished run is left as it is: nothing to train, and evaluating it again would rewrite
    // its files and lose its step timing (a sweep relies on finished runs staying untouched).
    std::error_code ec;
    if (fs::exists(req.dir / "summary.json", ec))
      return train_result_of(req.dir, read_finished_summary(req.dir / "summary.json"), true);
    load_resumed_config(req);
  } else {
    req = fresh_request(r);
    // NFL's full schedule is days on a CPU: the caller may say what it costs before it starts.
    if (r.before_bare_run && !r.options.preset && !r.options.steps)
      req.before_training = [&r, &req] { r.before_bare_run(req.config); };
  }
  req.progress = r.progress_line;
  req.progress_tty = r.progress_tty;
  req.on_logged_step = r.progress;
  nlohmann::ordered_json summary = train::run_training(req);
  return train_result_of(req.dir, std::move(summary), false);
}

} // namespace gridtheory::app
