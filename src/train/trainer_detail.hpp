// Internal to the trainer (src/train/trainer.cpp: the loop; src/train/run_evaluation.cpp: the
// evaluation and its outputs): what both build and share. Not part of the library's interface.
#pragma once

#include "src/train/evaluation.hpp"
#include "src/train/model.hpp"
#include "src/train/run_config.hpp"
#include "src/train/run_inputs.hpp"

#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gridtheory::train::detail {

using json = nlohmann::ordered_json;

inline json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
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
// predicts no hexagonal pattern); `pattern` gets the predicted pattern's name.
json predicted_spacing(const TrainConfig& c, const Encoding& enc, std::string& pattern);

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
Evaluation evaluate(const TrainConfig& c, Network& net);

// evals.csv (--eval-every): the row of one evaluation during training, and the header and rows
// of an existing evals.csv up to `step` (a resumed run recomputes the later ones).
std::string evals_row(long long step, const Evaluation& e);
std::string evals_up_to(const std::filesystem::path& file, long long step);

// The evaluation's files in `dir` (ratemaps.npy, scores.csv, the mosaics and spacing.png) and its
// numbers in `summary` (which already holds predicted_grid_spacing_m). `guard` runs each write
// (the trainer's explains what was kept on failure). `step` labels the figures.
using WriteGuard = std::function<void(const std::function<void()>& write)>;
void write_evaluation(const std::filesystem::path& dir, const TrainConfig& c, const Encoding& enc,
                      long long step, const Evaluation& ev, json& summary, const WriteGuard& guard);

} // namespace gridtheory::train::detail
