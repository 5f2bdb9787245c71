// One training run in a run folder (`gridtheory train`): the loop, checkpoints, resume, the
// final evaluation and every output file. DIR holds:
//   config.json      the resolved TrainConfig (written first)
//   place_cells.npy  the place fields (src/train/run_inputs.hpp), for codes that have them
//   metrics.csv      step, loss, decoding_error_cm (on the training batch), seconds
//   evals.csv        with --eval-every N: the evaluation's numbers every N steps (spacings,
//                    scores, decoding error on the evaluation trajectories)
//   checkpoint/      the latest checkpoint (src/train/checkpoint.hpp)
//   ratemaps.npy     units x nbins x nbins (float32, NaN unvisited), from evaluation
//   scores.csv       the `score` columns per unit (DeepMind SAC: unvisited bins as 0)
//   ratemaps_top.png, sacs_top.png   mosaics of the best units by score_60
//   summary.json     the run's numbers (written last: a run with summary.json is finished)
#pragma once

#include "src/train/run_config.hpp"

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

namespace gridtheory::train {

enum class StartMode {
  fresh,  // DIR must not hold a run
  resume, // continue DIR from its latest checkpoint (or from step 0 if it has none); a run at
          // its last step is evaluated again (`train --resume` leaves a finished run alone)
};

// One logged step of a run (every --log-every steps and the last), for a caller's progress
// display: the training batch's loss and decoding error, and the run's wall time so far.
struct TrainingProgress {
  long long step = 0;  // 1-based, as metrics.csv
  long long steps = 0; // the run's configured steps
  double loss = 0.0;
  double decoding_error_cm = 0.0;
  double seconds = 0.0; // since the run started (resumed runs included)
};

struct RunRequest {
  TrainConfig config;
  std::filesystem::path dir;
  StartMode mode = StartMode::fresh;
  std::filesystem::path init_from;  // empty: torch default initialisation from the seed
  bool progress_tty = false;        // a progress bar (else plain lines)
  std::ostream* progress = nullptr; // where progress goes (stderr); null: nowhere
  // Called once every input has been checked and before anything is written (`train`'s notice
  // of what a run without --preset and --steps costs).
  std::function<void()> before_training;
  // Called at each logged step, after its metrics row is kept; an exception it throws stops
  // the run there (the run folder keeps its last checkpoint and can be resumed).
  std::function<void(const TrainingProgress&)> on_logged_step;
};

// Runs (or resumes) the run and returns summary.json's content.
nlohmann::ordered_json run_training(const RunRequest& request);

// The median wall time of `steps` training steps (after one warm-up step) of a fresh network of
// `config`, in milliseconds, on config.threads threads: what a step of that run costs on this
// machine. Writes nothing.
double measure_ms_per_step(const TrainConfig& config, int steps);

// `gridtheory evaluate`: the evaluation of a saved checkpoint, as the trainer's final one.
struct EvaluateRequest {
  std::filesystem::path run;        // a run folder written by train (its config.json)
  std::filesystem::path checkpoint; // a checkpoint folder; empty: the run's latest checkpoint
  std::filesystem::path out;        // a new folder for ratemaps.npy, scores.csv, figures, summary
  std::optional<long long> eval_bins, eval_batches, threads; // nullopt: the run's (all cores)
};
// Writes the evaluation's files into request.out (summary.json last) and returns the summary.
nlohmann::ordered_json evaluate_checkpoint(const EvaluateRequest& request, int default_threads);

// The seeds a run derives from its --seed (independent streams, fixed by the step or the index
// so a resumed run draws the same numbers).
std::uint64_t population_seed(std::uint64_t seed);
std::uint64_t init_seed(std::uint64_t seed);
std::uint64_t step_seed(std::uint64_t seed, long long step);
std::uint64_t mask_seed(std::uint64_t seed, long long step);
std::uint64_t eval_seed(std::uint64_t seed, long long batch);

} // namespace gridtheory::train
