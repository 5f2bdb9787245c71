// The training loop and resume (src/train/trainer.hpp); the evaluation and its files are
// src/train/run_evaluation.cpp.
#include "src/train/trainer.hpp"

#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "src/report/progress.hpp"
#include "src/report/statistics.hpp"
#include "src/report/text_values.hpp"
#include "src/train/checkpoint.hpp"
#include "src/train/dropout.hpp"
#include "src/train/optimizer.hpp"
#include "src/train/trainer_detail.hpp"
#include "src/version.hpp"
#include "theory/eigen.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <omp.h>
#include <sstream>

namespace gridtheory::train {

namespace fs = std::filesystem;
using namespace detail; // json, Network, Evaluation, ... (src/train/trainer_detail.hpp)

namespace {

// splitmix64 (src/train/dropout.hpp) derives independent seeds from (seed, stream, index).
std::uint64_t mix(std::uint64_t x) {
  return splitmix64_mix(x + 0x9e3779b97f4a7c15ULL);
}
std::uint64_t derive(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  return mix(mix(mix(seed) ^ stream) ^ index);
}

std::unique_ptr<Optimizer<float>> make_optimizer(const TrainConfig& c, Model<float>& model) {
  std::vector<ParamRef<float>> refs;
  auto params = model.parameters();
  auto grads = model.gradients();
  for (std::size_t k = 0; k < params.size(); ++k)
    refs.push_back({std::span<float>(params[k].value->data(), params[k].value->size()),
                    std::span<const float>(grads[k].value->data(), grads[k].value->size())});
  switch (c.optimizer) {
  case OptimizerKind::adam:
    return std::make_unique<Adam<float>>(std::move(refs), AdamOptions{.lr = c.lr});
  case OptimizerKind::sgd:
    return std::make_unique<Sgd<float>>(std::move(refs), SgdOptions{.lr = c.lr});
  case OptimizerKind::rmsprop:
    return std::make_unique<RmsProp<float>>(std::move(refs), RmsPropOptions{.lr = c.lr});
  }
  throw InternalError("make_optimizer: unknown optimizer");
}

// A write into the run folder failed (a full disk, a folder gone read-only): the same one line,
// plus what was kept and how to continue once there is room.
template <typename Write> void explain_write_failure(const fs::path& dir, Write&& write) {
  try {
    write();
  } catch (const UserError& e) {
    const auto kept = latest_checkpoint(dir);
    throw UserError(e.option(), e.value(),
                    e.message() + "; " +
                        (kept ? "the last complete checkpoint, " + kept->string() + ", is kept"
                              : std::string("no checkpoint was written yet")),
                    "room in the run folder, then gridtheory train --resume " + dir.string());
  }
}

// ---- run_training's steps ----

// A fresh run's --out: no run in it yet, a folder (or nothing) inside an existing folder.
void check_new_run_folder(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "config.json", ec))
    throw UserError("--out", dir.string(), "already holds a run (config.json)",
                    "a new folder, or --resume " + dir.string() + " to continue that run");
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UserError("--out", dir.string(), "exists and is not a folder",
                    "a new folder in an existing, writable folder");
  const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    throw UserError("--out", dir.string(),
                    fs::exists(parent, ec) ? "is inside " + parent.string() + ", not a folder"
                                           : "is in a folder that does not exist",
                    "a new folder in an existing, writable folder");
}

// The network being trained, its optimiser and views of its gradients (for clipping).
struct Trainee {
  Network net;
  std::unique_ptr<Optimizer<float>> optimizer;
  std::vector<std::span<float>> grad_spans;
  Trainee(const TrainConfig& c, const Encoding& enc)
      : net(c, enc), optimizer(make_optimizer(c, *net.model)) {
    for (auto& g : net.model->gradients())
      grad_spans.emplace_back(g.value->data(), static_cast<size_t>(g.value->size()));
  }
};

// Where training starts: step 0 or the resumed checkpoint's step, its wall time and metrics.
struct StartPoint {
  long long step = 0;
  double seconds_before = 0.0;
  std::vector<MetricsRow> metrics;
};

// Loads the weights a run starts from (the latest checkpoint with its optimiser state and
// metrics on resume, --init-from's parameters, or the seeded default initialisation).
StartPoint load_start(const RunRequest& req, Trainee& t) {
  const TrainConfig& c = req.config;
  StartPoint start;
  start.metrics.reserve(static_cast<size_t>(c.steps / c.log_every + 2));
  const auto checkpoint =
      req.mode == StartMode::resume ? find_checkpoint(req.dir, "--resume") : std::nullopt;
  if (checkpoint) {
    load_parameters(*checkpoint, *t.net.model, "--resume");
    const CheckpointState s = load_optimizer(*checkpoint, *t.optimizer, *t.net.model, "--resume");
    start.step = s.step;
    start.seconds_before = s.seconds;
    const fs::path csv = *checkpoint / "metrics.csv";
    std::error_code ec;
    if (!fs::is_regular_file(csv, ec))
      throw UserError("--resume", csv.string(), "is missing",
                      "a checkpoint written by gridtheory train");
    std::ifstream in(csv, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    start.metrics = parse_metrics_csv(ss.str(), "--resume", csv.string());
  } else if (!req.init_from.empty()) {
    load_parameters(req.init_from, *t.net.model, "--init-from");
  } else {
    init_default(*t.net.model, init_seed(c.seed));
  }
  return start;
}

// The run folder before the first step: a fresh run's folder and config.json (removed again
// if config.json cannot be written), a resumed run's stale temporaries cleared; then
// place_cells.npy where the code has place fields and the folder lacks it.
void prepare_run_folder(const RunRequest& req, const json& config_json, const Population& pop) {
  const fs::path& dir = req.dir;
  std::error_code ec;
  if (req.mode == StartMode::fresh) {
    const bool created = fs::create_directory(dir, ec);
    if (ec || !fs::is_directory(dir, ec))
      throw UserError("--out", dir.string(),
                      "could not be created" + (ec ? ": " + ec.message() : ""),
                      "a folder whose parent exists and is writable");
    try {
      check_output_path(dir / "config.json", "--out");
      write_file_atomically(dir / "config.json", config_json.dump(2) + "\n", "--out");
    } catch (...) {
      if (created) fs::remove_all(dir, ec); // nothing of this run is in it yet
      throw;
    }
  } else {
    // Temporary files of a killed process are never read: clear them (the checkpoint swap's
    // folders are handled by latest_checkpoint and save_checkpoint).
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().filename().string().find(".tmp-") != std::string::npos) fs::remove(e.path(), ec);
  }
  // The place cells, for users who build their own batches (a run from before this file existed
  // gets it on resume). Codes without place fields (cartesian, polar) have none.
  if (!pop.fields.empty() && !fs::exists(dir / "place_cells.npy", ec))
    explain_write_failure(dir, [&] {
      const std::vector<double> table = place_cells_table(pop);
      write_npy(dir / "place_cells.npy", {pop.fields.size(), place_cells_columns}, table.data(),
                NpyDtype::float64, "--out");
    });
}

// What the loop leaves for the summary.
struct LoopOutcome {
  long long step = 0;                     // the last step taken (c.steps unless resumed past it)
  std::vector<double> step_ms;            // wall time of each step taken by this process
  double last_loss = NAN, last_err = NAN; // at the last logged step (NaN: none yet)
  double seconds = 0.0;                   // wall time of the run so far, resumed runs included
};

// The training loop from start.step to c.steps: a step, metrics every --log-every steps, the
// evaluation row every --eval-every steps, a checkpoint every --checkpoint-every steps and at
// the end. A run resumed after its last step (killed during the evaluation) takes no step.
LoopOutcome train_steps(const RunRequest& req, const json& config_json, Trainee& t,
                        StartPoint start) {
  const TrainConfig& c = req.config;
  const fs::path& dir = req.dir;
  Network& net = t.net;
  Model<float>& model = *net.model;
  std::vector<MetricsRow>& metrics = start.metrics;
  LoopOutcome out;
  out.step = start.step;
  long long& step = out.step;
  ProgressLine progress(req.progress, req.progress_tty, c.steps, "step", {}, step);
  if (step > 0) progress.message("resuming " + dir.string() + " at step " + std::to_string(step));
  out.step_ms.reserve(static_cast<size_t>(c.steps - step));
  const auto t0 = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return start.seconds_before +
           std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  std::string evals = c.eval_every > 0 ? evals_up_to(dir / "evals.csv", step) : std::string();
  out.last_loss = metrics.empty() ? NAN : metrics.back().loss;
  out.last_err = metrics.empty() ? NAN : metrics.back().decoding_error_cm;

  while (step < c.steps) {
    const auto s0 = std::chrono::steady_clock::now();
    net.buf.fill(net.gen, net.targets, step_seed(c.seed, step));
    const RnnBatch<float> batch = net.buf.view();
    const double loss = model.forward(batch, true, mask_seed(c.seed, step));
    if (!std::isfinite(loss)) {
      const auto kept = latest_checkpoint(dir);
      throw DivergedError("the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                          " at step " + std::to_string(step + 1) + " (lr " + format_number(c.lr) +
                          "); " +
                          (kept ? "the last good checkpoint is " + kept->string()
                                : std::string("no checkpoint was written yet")) +
                          ". Try a smaller --lr or --clip");
    }
    model.backward(batch);
    if (c.clip_norm > 0.0)
      clip_grad_norm(std::span<const std::span<float>>(t.grad_spans), c.clip_norm);
    t.optimizer->step();
    ++step;
    out.step_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s0).count());

    const bool log_now = step % c.log_every == 0 || step == c.steps;
    if (log_now) {
      out.last_loss = loss;
      out.last_err = decoding_error_cm(net.pop, model.outputs(), net.buf.traj, net.buf.xy);
      metrics.push_back({step, loss, out.last_err, elapsed()});
      if (req.on_logged_step)
        req.on_logged_step({step, c.steps, loss, out.last_err, metrics.back().seconds});
    }
    // The decoding error is measured every --log-every steps: n/a before the first.
    char loss_text[32];
    std::snprintf(loss_text, sizeof loss_text, req.progress_tty ? "%.4f" : "%.6f", loss);
    progress.update(step,
                    "loss " + std::string(loss_text) +
                        (req.progress_tty ? " err " + text_number(out.last_err, "cm", 3)
                                          : " decoding_error_cm " + text_number(out.last_err)),
                    step == c.steps);
    // Evaluate before the checkpoint: a run killed between the two recomputes the row on resume.
    if (c.eval_every > 0 && step % c.eval_every == 0) {
      evals += evals_row(step, evaluate(c, net));
      explain_write_failure(dir, [&] { write_file_atomically(dir / "evals.csv", evals, "--out"); });
    }
    if (step % c.checkpoint_every == 0 || step == c.steps) {
      explain_write_failure(dir, [&] {
        save_checkpoint(dir, config_json, model, *t.optimizer,
                        {step, elapsed(), t.optimizer->steps_taken()}, metrics);
        write_file_atomically(dir / "metrics.csv", metrics_csv(metrics), "--out");
      });
    }
  }
  progress.finish();
  if (out.step_ms.empty()) // resumed after the end: make sure the files exist
    explain_write_failure(
        dir, [&] { write_file_atomically(dir / "metrics.csv", metrics_csv(metrics), "--out"); });
  out.seconds = elapsed();
  return out;
}

// summary.json's training numbers and the theory's prediction, before the evaluation's.
json training_summary(const TrainConfig& c, const Encoding& enc, const LoopOutcome& loop) {
  json summary;
  summary["command"] = "train";
  summary["version"] = std::string(version);
  summary["steps"] = loop.step;
  summary["seconds"] = loop.seconds;
  // Warm-up: the first 20 steps (or 10% of a short run) timed in this process are left out.
  const std::vector<double>& step_ms = loop.step_ms;
  const size_t warm = std::min<size_t>(20, step_ms.size() / 10);
  summary["ms_per_step"] = number_or_null(
      median_of(std::vector<double>(step_ms.begin() + static_cast<long>(warm), step_ms.end())));
  summary["final_loss"] = number_or_null(loop.last_loss);
  summary["train_decoding_error_cm"] = number_or_null(loop.last_err);
  std::string pattern;
  summary["predicted_grid_spacing_m"] = predicted_spacing(c, enc, pattern);
  summary["predicted_pattern"] = pattern;
  return summary;
}

// The final evaluation's files and numbers (without --eval: the training batch's decoding
// error, and "evaluation": "none").
void add_final_evaluation(const RunRequest& req, const Encoding& enc, Network& net,
                          const LoopOutcome& loop, json& summary) {
  const TrainConfig& c = req.config;
  if (c.eval) {
    const Evaluation ev = evaluate(c, net);
    write_evaluation(req.dir, c, enc, loop.step, ev, summary,
                     [&](auto&& write) { explain_write_failure(req.dir, write); });
  } else {
    summary["decoding_error_cm"] = number_or_null(loop.last_err);
    summary["evaluation"] = "none";
  }
}

// summary.json, written last: a run folder with it holds a finished run.
void write_summary(const fs::path& dir, const json& config_json, json& summary) {
  // Relative to the run folder, so a moved or copied run (and a sweep table) stays the same.
  summary["checkpoint"] = "checkpoint";
  summary["config"] = config_json;
  explain_write_failure(
      dir, [&] { write_file_atomically(dir / "summary.json", summary.dump(2) + "\n", "--out"); });
}

} // namespace

std::uint64_t population_seed(std::uint64_t seed) {
  return derive(seed, 1, 0);
}
std::uint64_t init_seed(std::uint64_t seed) {
  return derive(seed, 2, 0);
}
std::uint64_t step_seed(std::uint64_t seed, long long step) {
  return derive(seed, 3, static_cast<std::uint64_t>(step));
}
std::uint64_t mask_seed(std::uint64_t seed, long long step) {
  return derive(seed, 4, static_cast<std::uint64_t>(step));
}
std::uint64_t eval_seed(std::uint64_t seed, long long batch) {
  return derive(seed, 5, static_cast<std::uint64_t>(batch));
}

json run_training(const RunRequest& req) {
  const TrainConfig& c = req.config;
  const Encoding& enc = c.encoding;
  const json config_json = to_json(c);
  // Every input is checked, and every weight loaded, before anything is written: a bad --out,
  // --init-from or --resume leaves no new folder behind and the resumed run as it was.
  if (req.mode == StartMode::fresh) check_new_run_folder(req.dir);
  omp_set_num_threads(c.threads);
  Eigen::setNbThreads(c.threads);
  Trainee trainee(c, enc);
  StartPoint start = load_start(req, trainee);
  if (req.before_training) req.before_training();
  prepare_run_folder(req, config_json, trainee.net.pop);
  const LoopOutcome loop = train_steps(req, config_json, trainee, std::move(start));
  json summary = training_summary(c, enc, loop);
  add_final_evaluation(req, enc, trainee.net, loop, summary);
  write_summary(req.dir, config_json, summary);
  return summary;
}

double measure_ms_per_step(const TrainConfig& c, int steps) {
  const Encoding& enc = c.encoding;
  omp_set_num_threads(c.threads);
  Eigen::setNbThreads(c.threads);
  Network net(c, enc);
  init_default(*net.model, init_seed(c.seed));
  auto optimizer = make_optimizer(c, *net.model);
  std::vector<double> ms;
  for (int s = 0; s <= steps; ++s) { // step 0 warms the buffers and the BLAS threads up
    const auto t0 = std::chrono::steady_clock::now();
    net.buf.fill(net.gen, net.targets, step_seed(c.seed, s));
    const RnnBatch<float> batch = net.buf.view();
    net.model->forward(batch, true, mask_seed(c.seed, s));
    net.model->backward(batch);
    optimizer->step();
    if (s > 0)
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return median_of(ms);
}

} // namespace gridtheory::train
