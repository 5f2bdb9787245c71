// What a run feeds its network, built from its config alone: the place cells and the batch of
// any training step. The trainer, `gridtheory batch` and Python's training_batch build them here,
// so a batch a user asks for is bit for bit the one the trainer used at that step.
#pragma once

#include "src/train/batch_targets.hpp"
#include "src/train/rnn.hpp"
#include "src/train/run_config.hpp"
#include "src/train/trajectory.hpp"
#include "theory/prediction.hpp"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace gridtheory::train {

// Aligned like Eigen's own matrices: Eigen's vectorised reductions (the softmax's sums and dots)
// peel a different number of leading elements at a different address alignment, which changes
// the last bits of the result. With malloc's 16-byte alignment that would differ between
// processes, and a resumed run would no longer be bit-exact.
template <typename T> using AlignedVector = std::vector<T, Eigen::aligned_allocator<T>>;

// The per-step data of one batch, allocated once.
struct BatchBuffers {
  TrajectoryBatch traj;
  AlignedVector<float> velocity; // T*B x 2
  AlignedVector<float> codes;    // (T+1)*B x n_p: p0 rows then the targets
  std::vector<double> xy;        // T*B x 2 decoded positions
  int n_place;

  BatchBuffers(int steps, int batch, int n_place_);
  // The batch drawn from `seed`: trajectories, their velocities as float, their target codes.
  void fill(TrajectoryGenerator& gen, BatchTargets& targets, std::uint64_t seed);
  RnnBatch<float> view() const;
};

// The run's trajectory options (its box, walls, seq-len and batch).
TrajectoryOptions trajectory_options(const TrainConfig& c);

// The run's place cells: `enc` (c.encoding) drawn from population_seed(c.seed).
Population run_population(const TrainConfig& c, const Encoding& enc);

// place_cells.npy's values: n_fields x 5, row-major, one row per place field (a cell's fields
// are contiguous): cell, x_m, y_m, sigma_m, sigma_i_m (metres, origin at the arena's corner;
// sigma_i_m NaN for codes without a surround). Cell c is output c of the target code and of the
// network's readout. Binary rather than CSV: exact doubles, and small enough to stay under the
// size of a checkpoint file.
inline constexpr std::size_t place_cells_columns = 5;
std::vector<double> place_cells_table(const Population& pop);

// What the theory predicts for a run (its summary's predicted_pattern and
// predicted_grid_spacing_m): the closed-form spectrum where one exists, else the sampled spectrum
// of the run's own population (drawn from population_seed(seed)). Also used for runs trained
// elsewhere (src/sweep/imported_runs.hpp).
Prediction predict_for_run(const Encoding& enc, Activation act, const Box& box, std::uint64_t seed);

// The batch of training step `step` (1-based, as metrics.csv counts: the batch fed to the weights
// after step - 1 updates), in the layout `gridtheory loss` reads. T = seq-len, B = batch.
struct TrainingBatch {
  int steps = 0, batch = 0, n_place = 0;
  std::vector<double> velocity;        // T x B x 2, m/s (the float32 values the network sees)
  std::vector<double> init_targets;    // B x n_p, the code at the start positions (float32)
  std::vector<double> targets;         // T x B x n_p, the code after each step (float32)
  std::vector<double> positions;       // T x B x 2, metres, after each step
  std::vector<double> start_positions; // B x 2, metres
};
// Throws UserError naming `option` for step < 1.
TrainingBatch training_batch(const TrainConfig& c, long long step, const char* option);

} // namespace gridtheory::train
