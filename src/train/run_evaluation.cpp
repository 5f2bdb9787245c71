// The trainer's evaluation (src/train/trainer_detail.hpp): the network's ratemaps and scores,
// evals.csv, the evaluation's files, and `gridtheory evaluate` of a saved checkpoint.
#include "numerics/sac.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "src/plot/mosaic.hpp"
#include "src/plot/spacing_figure.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/score_table.hpp"
#include "src/train/checkpoint.hpp"
#include "src/train/trainer.hpp"
#include "src/train/trainer_detail.hpp"
#include "src/version.hpp"
#include "theory/errors.hpp"
#include "theory/prediction.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <omp.h>

namespace gridtheory::train {

namespace fs = std::filesystem;

namespace detail {

json predicted_spacing(const TrainConfig& c, const Encoding& enc, std::string& pattern) {
  const Prediction p = predict_for_run(enc, c.activation, Box{c.box_m, c.periodic}, c.seed);
  pattern = std::string(pattern_name(p.pattern));
  return p.grid_spacing_m ? json(*p.grid_spacing_m) : json(nullptr);
}

Evaluation evaluate(const TrainConfig& c, Network& net) {
  Evaluation e;
  RatemapAccumulator acc(c.hidden, c.eval_bins, c.box_m);
  double err_sum = 0.0, loss_sum = 0.0;
  for (int b = 0; b < c.eval_batches; ++b) {
    net.buf.fill(net.gen, net.targets, eval_seed(c.seed, b));
    loss_sum += net.model->forward(net.buf.view(), false, 0);
    err_sum += decoding_error_cm(net.pop, net.model->outputs(), net.buf.traj, net.buf.xy);
    acc.add(net.model->states(), net.buf.traj);
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

void write_evaluation(const fs::path& dir, const TrainConfig& c, const Encoding& enc,
                      long long step, const Evaluation& ev, json& summary,
                      const WriteGuard& guard) {
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

} // namespace detail

using namespace detail;

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
  const Encoding& enc = c.encoding;
  Network net(c, enc);
  load_parameters(*ckpt, *net.model, ckpt_option); // before anything is written
  const long long step = state.contains("step") && state.at("step").is_number_integer()
                             ? state.at("step").get<long long>()
                             : 0;
  const Evaluation ev = evaluate(c, net);

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
