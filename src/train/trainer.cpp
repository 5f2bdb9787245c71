// The training loop, resume and the final evaluation (src/train/trainer.hpp).
#include "src/train/trainer.hpp"

#include "numerics/sac.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "src/plot/mosaic.hpp"
#include "src/plot/spacing_figure.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/progress.hpp"
#include "src/report/score_table.hpp"
#include "src/report/statistics.hpp"
#include "src/report/text_values.hpp"
#include "src/train/batch_targets.hpp"
#include "src/train/checkpoint.hpp"
#include "src/train/dropout.hpp"
#include "src/train/evaluation.hpp"
#include "src/train/optimizer.hpp"
#include "src/train/run_inputs.hpp"
#include "src/train/trajectory.hpp"
#include "src/version.hpp"
#include "theory/eigen.hpp"
#include "theory/errors.hpp"
#include "theory/prediction.hpp"
#include "theory/spectrum.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numeric>
#include <omp.h>
#include <sstream>

namespace gridtheory::train {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

// splitmix64 (src/train/dropout.hpp) derives independent seeds from (seed, stream, index).
std::uint64_t mix(std::uint64_t x) {
  return splitmix64_mix(x + 0x9e3779b97f4a7c15ULL);
}
std::uint64_t derive(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  return mix(mix(mix(seed) ^ stream) ^ index);
}

json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
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

// What a run's config builds: its place cells, their targets, the trajectories, the per-step
// buffers and the network (default initialisation until weights are loaded). Train and evaluate
// build it alike, so an evaluated checkpoint sees the trainer's population and trajectories.
struct Network {
  Population pop;
  BatchTargets targets;
  TrajectoryGenerator gen;
  BatchBuffers buf;
  std::unique_ptr<Model<float>> model;
  Network(const TrainConfig& c, const Encoding& enc)
      : pop(run_population(c, enc)), targets(pop, c.threads), gen(trajectory_options(c)),
        buf(c.seq_len, c.batch, pop.cells),
        model(make_model<float>(c.model_config(), c.hidden, pop.cells, c.batch, c.seq_len)) {}
};

// The theory's predicted grid spacing for the run's encoding and box (null when the theory
// predicts no hexagonal pattern).
json predicted_spacing(const TrainConfig& c, const Encoding& enc, std::string& pattern) {
  const Prediction p = predict_for_run(enc, c.activation, Box{c.box_m, c.periodic}, c.seed);
  pattern = std::string(pattern_name(p.pattern));
  return p.grid_spacing_m ? json(*p.grid_spacing_m) : json(nullptr);
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

// One evaluation of the network: --eval-batches fresh batches (seeded by batch index, so every
// evaluation of the same weights sees the same trajectories), their ratemaps and the units'
// scores (DeepMind's SAC, unvisited bins as rate 0: the convention of published network scores).
struct Evaluation {
  std::vector<double> maps; // units x bins x bins
  std::vector<GridScores> scores;
  GridUnitStats stats;
  double decoding_error_cm = 0.0;
  double loss = 0.0;
};

template <typename Net>
Evaluation evaluate(const TrainConfig& c, const Population& pop, Net& model, BatchBuffers& buf,
                    TrajectoryGenerator& gen, BatchTargets& targets) {
  Evaluation e;
  RatemapAccumulator acc(c.hidden, c.eval_bins, c.box_m);
  double err_sum = 0.0, loss_sum = 0.0;
  for (int b = 0; b < c.eval_batches; ++b) {
    buf.fill(gen, targets, eval_seed(c.seed, b));
    loss_sum += model.forward(buf.view(), false, 0);
    err_sum += decoding_error_cm(pop, model.outputs(), buf.traj, buf.xy);
    acc.add(model.states(), buf.traj);
  }
  e.maps = acc.ratemaps();
  e.scores = score_ratemaps(e.maps.data(), static_cast<size_t>(c.hidden), c.eval_bins, c.box_m,
                            default_sac, c.threads);
  e.stats = grid_unit_stats(e.scores);
  e.decoding_error_cm = err_sum / c.eval_batches;
  e.loss = loss_sum / c.eval_batches;
  return e;
}

// evals.csv (--eval-every): one row per evaluation during training.
const char* const kEvalsHeader =
    "step,decoding_error_cm,eval_loss,max_score_60,max_score_90,max_stripe_score,"
    "fraction_score_60_above_0.3,count_score_60_above_0.8,count_grid_like,"
    "count_spacing_disagree,median_grid_spacing_m,grid_spacing_q25_m,grid_spacing_q75_m,"
    "median_fourier_spacing_m,median_nfl_period_m,observed_pattern,sac\n";

double quantile_of(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return NAN;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(at));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (at - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::string evals_row(long long step, const Evaluation& e) {
  const GridUnitStats& st = e.stats;
  const auto count = [](std::size_t n) { return std::to_string(n); };
  std::string row = std::to_string(step);
  for (const std::string& v :
       {format_score(e.decoding_error_cm), format_score(e.loss), format_score(st.max_score_60),
        format_score(st.max_score_90), format_score(st.max_stripe_score),
        format_score(st.fraction_above_0_3), count(st.count_above_0_8),
        count(st.grid_spacings_m.size() + st.count_spacing_disagree),
        count(st.count_spacing_disagree), format_score(st.median_grid_spacing_m),
        format_score(quantile_of(st.grid_spacings_m, 0.25)),
        format_score(quantile_of(st.grid_spacings_m, 0.75)),
        format_score(st.median_fourier_spacing_m), format_score(st.median_nfl_period_m),
        std::string(pattern_name(observed_pattern(st))), std::string(sac_mode_name(default_sac))})
    row += "," + v;
  return row + "\n";
}

// The rows of an existing evals.csv up to `step` (a resumed run recomputes the later ones).
std::string evals_up_to(const fs::path& file, long long step) {
  std::ifstream in(file, std::ios::binary);
  std::string line, kept = kEvalsHeader;
  if (!in) return kept;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    // A row written before the `sac` column was scored on DeepMind's SAC too: name it, so the
    // file keeps one row length.
    const auto fields = std::count(line.begin(), line.end(), ',') + 1;
    const auto header_fields =
        std::count(kEvalsHeader, kEvalsHeader + std::strlen(kEvalsHeader), ',') + 1;
    if (fields + 1 == header_fields) line += "," + std::string(sac_mode_name(SacMode::deepmind));
    try {
      if (std::stoll(line.substr(0, comma)) <= step) kept += line + "\n";
    } catch (const std::exception&) {
      // a damaged row is recomputed, not kept
    }
  }
  return kept;
}

// The evaluation's files in `dir` (ratemaps.npy, scores.csv, the mosaics and spacing.png) and its
// numbers in `summary` (which already holds predicted_grid_spacing_m). `guard` runs each write
// (the trainer's explains what was kept on failure). `step` labels the figures.
template <typename Guard>
void write_evaluation(const fs::path& dir, const TrainConfig& c, const Encoding& enc,
                      long long step, const Evaluation& ev, json& summary, Guard&& guard) {
  const std::vector<double>& maps = ev.maps;
  const std::vector<GridScores>& scores = ev.scores;
  const GridUnitStats& st = ev.stats;
  const auto units = static_cast<size_t>(c.hidden), nb = static_cast<size_t>(c.eval_bins);
  guard([&] {
    write_npy(dir / "ratemaps.npy", {units, nb, nb}, maps.data(), NpyDtype::float32, "--out");
  });
  guard(
      [&] { write_file_atomically(dir / "scores.csv", scores_csv(scores, default_sac), "--out"); });

  // Mosaics of the best units.
  const std::string what = describe(enc) + ", " + std::string(cell_name(c.cell)) + " " +
                           std::to_string(c.hidden) + ", step " + std::to_string(step);
  guard([&] {
    write_top_unit_mosaics(
        maps.data(), c.eval_bins, c.box_m, scores, SacMode::deepmind, defaults::train_mosaic_units,
        "top units by score_60: " + what,
        "autocorrelograms of the top units (DeepMind SAC: unvisited bins as 0): " + what,
        dir / "ratemaps_top.png", dir / "sacs_top.png", "--out");
  });
  SpacingFigure sf;
  sf.title = "grid spacing of units with score_60 > 0.3: " + what;
  sf.spacings_m = st.grid_spacings_m;
  const auto& predicted = summary["predicted_grid_spacing_m"];
  if (predicted.is_number()) sf.predicted_m = predicted.get<double>();
  sf.box_m = c.box_m;
  guard([&] { write_spacing_figure(sf, dir / "spacing.png", "--out"); });

  summary["decoding_error_cm"] = ev.decoding_error_cm;
  summary["eval_loss"] = ev.loss;
  summary["eval_positions"] = static_cast<long long>(c.eval_batches) * c.batch * c.seq_len;
  summary["eval_bins"] = c.eval_bins;
  summary["units"] = units;
  summary["sac"] = std::string(sac_mode_name(default_sac)); // the scores' SAC (score's default)
  summary["max_score_60"] = number_or_null(st.max_score_60);
  summary["max_score_90"] = number_or_null(st.max_score_90);
  summary["max_stripe_score"] = number_or_null(st.max_stripe_score);
  // The observed pattern whatever the decoding error; `validate` decides what counts.
  summary["observed_pattern"] = std::string(pattern_name(observed_pattern(st)));
  summary["fraction_score_60_above_0.3"] = st.fraction_above_0_3;
  summary["fraction_score_60_above_0.8"] = st.fraction_above_0_8;
  summary["fraction_score_60_above_1.15"] = st.fraction_above_1_15;
  summary["count_score_60_above_0.8"] = st.count_above_0_8;
  summary["median_grid_spacing_m"] = number_or_null(st.median_grid_spacing_m);
  summary["median_fourier_spacing_m"] = number_or_null(st.median_fourier_spacing_m);
  summary["median_nfl_period_m"] = number_or_null(st.median_nfl_period_m);
  summary["count_spacing_disagree"] = st.count_spacing_disagree;
  summary["grid_spacings_m"] = st.grid_spacings_m;
  summary["score"] = "DeepMind score_60 (SAC with unvisited bins as 0), grid-like: above 0.3; "
                     "spacings over grid-like units whose SAC and Fourier spacings agree "
                     "within 15%";
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
  const fs::path& dir = req.dir;
  const Encoding enc = make_encoding(c.encoding);
  const json config_json = to_json(c);
  std::error_code ec;

  // Every input is checked, and every weight loaded, before anything is written: a bad --out,
  // --init-from or --resume leaves no new folder behind and the resumed run as it was.
  if (req.mode == StartMode::fresh) {
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

  omp_set_num_threads(c.threads);
  Eigen::setNbThreads(c.threads);

  Network net(c, enc);
  const Population& pop = net.pop;
  BatchTargets& targets = net.targets;
  TrajectoryGenerator& gen = net.gen;
  BatchBuffers& buf = net.buf;
  auto& model = net.model;
  auto optimizer = make_optimizer(c, *model);
  std::vector<std::span<float>> grad_spans;
  for (auto& g : model->gradients())
    grad_spans.emplace_back(g.value->data(), static_cast<size_t>(g.value->size()));

  // Where to start.
  long long step = 0;
  double seconds_before = 0.0;
  std::vector<MetricsRow> metrics;
  metrics.reserve(static_cast<size_t>(c.steps / c.log_every + 2));
  const auto checkpoint =
      req.mode == StartMode::resume ? find_checkpoint(dir, "--resume") : std::nullopt;
  if (checkpoint) {
    load_parameters(*checkpoint, *model, "--resume");
    const CheckpointState s = load_optimizer(*checkpoint, *optimizer, *model, "--resume");
    step = s.step;
    seconds_before = s.seconds;
    const fs::path csv = *checkpoint / "metrics.csv";
    if (!fs::is_regular_file(csv, ec))
      throw UserError("--resume", csv.string(), "is missing",
                      "a checkpoint written by gridtheory train");
    std::ifstream in(csv, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    metrics = parse_metrics_csv(ss.str(), "--resume", csv.string());
  } else if (!req.init_from.empty()) {
    load_parameters(req.init_from, *model, "--init-from");
  } else {
    init_default(*model, init_seed(c.seed));
  }

  if (req.before_training) req.before_training();
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
  // A run resumed after its last step (killed during the evaluation) is only evaluated.
  ProgressLine progress(req.progress, req.progress_tty, c.steps, "step", {}, step);
  if (step > 0) progress.message("resuming " + dir.string() + " at step " + std::to_string(step));
  std::vector<double> step_ms;
  step_ms.reserve(static_cast<size_t>(c.steps - step));
  const auto t0 = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return seconds_before +
           std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  std::string evals = c.eval_every > 0 ? evals_up_to(dir / "evals.csv", step) : std::string();
  double last_loss = metrics.empty() ? NAN : metrics.back().loss;
  double last_err = metrics.empty() ? NAN : metrics.back().decoding_error_cm;

  while (step < c.steps) {
    const auto s0 = std::chrono::steady_clock::now();
    buf.fill(gen, targets, step_seed(c.seed, step));
    const RnnBatch<float> batch = buf.view();
    const double loss = model->forward(batch, true, mask_seed(c.seed, step));
    if (!std::isfinite(loss)) {
      const auto kept = latest_checkpoint(dir);
      throw DivergedError("the loss became " + std::string(std::isnan(loss) ? "NaN" : "infinite") +
                          " at step " + std::to_string(step + 1) + " (lr " + format_number(c.lr) +
                          "); " +
                          (kept ? "the last good checkpoint is " + kept->string()
                                : std::string("no checkpoint was written yet")) +
                          ". Try a smaller --lr or --clip");
    }
    model->backward(batch);
    if (c.clip_norm > 0.0)
      clip_grad_norm(std::span<const std::span<float>>(grad_spans), c.clip_norm);
    optimizer->step();
    ++step;
    step_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s0).count());

    const bool log_now = step % c.log_every == 0 || step == c.steps;
    if (log_now) {
      last_loss = loss;
      last_err = decoding_error_cm(pop, model->outputs(), buf.traj, buf.xy);
      metrics.push_back({step, loss, last_err, elapsed()});
    }
    // The decoding error is measured every --log-every steps: n/a before the first.
    char loss_text[32];
    std::snprintf(loss_text, sizeof loss_text, req.progress_tty ? "%.4f" : "%.6f", loss);
    progress.update(step,
                    "loss " + std::string(loss_text) +
                        (req.progress_tty ? " err " + text_number(last_err, "cm", 3)
                                          : " decoding_error_cm " + text_number(last_err)),
                    step == c.steps);
    // Evaluate before the checkpoint: a run killed between the two recomputes the row on resume.
    if (c.eval_every > 0 && step % c.eval_every == 0) {
      evals += evals_row(step, evaluate(c, pop, *model, buf, gen, targets));
      explain_write_failure(dir, [&] { write_file_atomically(dir / "evals.csv", evals, "--out"); });
    }
    if (step % c.checkpoint_every == 0 || step == c.steps) {
      explain_write_failure(dir, [&] {
        save_checkpoint(dir, config_json, *model, *optimizer,
                        {step, elapsed(), optimizer->steps_taken()}, metrics);
        write_file_atomically(dir / "metrics.csv", metrics_csv(metrics), "--out");
      });
    }
  }
  progress.finish();
  if (step_ms.empty()) // resumed after the end: make sure the files exist
    explain_write_failure(
        dir, [&] { write_file_atomically(dir / "metrics.csv", metrics_csv(metrics), "--out"); });

  // ---- Evaluation ----
  json summary;
  summary["command"] = "train";
  summary["version"] = std::string(version);
  summary["steps"] = step;
  summary["seconds"] = elapsed();
  // Warm-up: the first 20 steps (or 10% of a short run) timed in this process are left out.
  const size_t warm = std::min<size_t>(20, step_ms.size() / 10);
  summary["ms_per_step"] = number_or_null(
      median_of(std::vector<double>(step_ms.begin() + static_cast<long>(warm), step_ms.end())));
  summary["final_loss"] = number_or_null(last_loss);
  summary["train_decoding_error_cm"] = number_or_null(last_err);
  std::string pattern;
  summary["predicted_grid_spacing_m"] = predicted_spacing(c, enc, pattern);
  summary["predicted_pattern"] = pattern;

  if (c.eval) {
    const Evaluation ev = evaluate(c, pop, *model, buf, gen, targets);
    write_evaluation(dir, c, enc, step, ev, summary,
                     [&](auto&& write) { explain_write_failure(dir, write); });
  } else {
    summary["decoding_error_cm"] = number_or_null(last_err);
    summary["evaluation"] = "none";
  }
  // Relative to the run folder, so a moved or copied run (and a sweep table) stays the same.
  summary["checkpoint"] = "checkpoint";
  summary["config"] = config_json;
  explain_write_failure(
      dir, [&] { write_file_atomically(dir / "summary.json", summary.dump(2) + "\n", "--out"); });
  return summary;
}

double measure_ms_per_step(const TrainConfig& c, int steps) {
  const Encoding enc = make_encoding(c.encoding);
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

json evaluate_checkpoint(const EvaluateRequest& r, int default_threads) {
  std::error_code ec;
  if (!fs::is_regular_file(r.run / "config.json", ec))
    throw UserError("--run", r.run.string(), "holds no config.json",
                    "a run folder written by gridtheory train");
  TrainConfig c = train_config_from_json(read_json_file(r.run / "config.json", "--run"), "--run",
                                         (r.run / "config.json").string());
  c.threads = default_threads;
  apply_evaluation_options(c, r.eval_bins, r.eval_batches, r.threads);
  const auto ckpt = r.checkpoint.empty() ? find_checkpoint(r.run, "--run")
                                         : find_checkpoint(r.checkpoint, "--checkpoint");
  if (!ckpt)
    throw UserError(r.checkpoint.empty() ? "--run" : "--checkpoint",
                    (r.checkpoint.empty() ? r.run : r.checkpoint).string(), "holds no checkpoint",
                    "a run folder or a checkpoint folder");
  const std::string ckpt_option = r.checkpoint.empty() ? "--run" : "--checkpoint";
  const json state = read_json_file(*ckpt / "state.json", ckpt_option);
  if (fs::exists(r.out, ec))
    throw UserError("--out", r.out.string(), "already exists", "a new folder");
  const fs::path parent = r.out.has_parent_path() ? r.out.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec))
    throw UserError("--out", r.out.string(), "is in a folder that does not exist",
                    "a new folder in an existing, writable folder");

  omp_set_num_threads(c.threads);
  Eigen::setNbThreads(c.threads);
  const Encoding enc = make_encoding(c.encoding);
  Network net(c, enc);
  load_parameters(*ckpt, *net.model, ckpt_option); // before anything is written
  const long long step = state.contains("step") && state.at("step").is_number_integer()
                             ? state.at("step").get<long long>()
                             : 0;
  const Evaluation ev = evaluate(c, net.pop, *net.model, net.buf, net.gen, net.targets);

  if (!fs::create_directory(r.out, ec) || ec)
    throw UserError("--out", r.out.string(),
                    "could not be created" + (ec ? ": " + ec.message() : ""),
                    "a new folder in an existing, writable folder");
  json summary;
  summary["command"] = "evaluate";
  summary["version"] = std::string(version);
  summary["run"] = r.run.string();
  summary["checkpoint"] = ckpt->string();
  summary["checkpoint_step"] = step;
  std::string pattern;
  summary["predicted_grid_spacing_m"] = predicted_spacing(c, enc, pattern);
  summary["predicted_pattern"] = pattern;
  write_evaluation(r.out, c, enc, step, ev, summary, [](auto&& write) { write(); });
  summary["config"] = to_json(c);
  write_file_atomically(r.out / "summary.json", summary.dump(2) + "\n", "--out");
  return summary;
}

} // namespace gridtheory::train
