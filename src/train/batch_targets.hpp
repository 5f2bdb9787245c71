// The trainer's targets for a trajectory batch (theory/place_cells' target_code at every
// position, threaded) and the position decoder of the predicted place-cell code
// (docs/CONVENTIONS.md, "The reference setup").
#pragma once

#include "src/train/trajectory.hpp"
#include "theory/defaults.hpp"
#include "theory/place_cells.hpp"

#include <span>
#include <vector>

namespace gridtheory {

// Fills target codes for batches of positions with a fixed number of OpenMP threads. The
// per-thread scratch (3 n_p doubles each) is allocated once, by the constructor; fill() does not
// allocate. Keeps its own copy of the population.
class BatchTargets {
public:
  BatchTargets(Population pop, int threads);

  int cells() const { return pop_.cells; }
  int threads() const { return threads_; }
  const Population& population() const { return pop_; }

  // targets (T + 1) x B x n_p, row-major: out[(t B + b) n_p + c] is cell c's target at
  // traj's position (t, b). `out` must hold exactly (T + 1) B n_p values.
  void fill(const TrajectoryBatch& traj, std::span<float> out);
  void fill(const TrajectoryBatch& traj, std::span<double> out);
  // The same for `xy` = N x 2 positions (metres, origin at the corner): out is N x n_p.
  void fill(std::span<const double> xy, std::span<float> out);
  void fill(std::span<const double> xy, std::span<double> out);

private:
  template <class T> void fill_impl(std::span<const double> xy, std::span<T> out);
  Population pop_;
  int threads_ = 1;
  std::vector<double> scratch_; // threads x 3 n_p
};

// One-shot form (allocates the scratch on each call).
void batch_targets(const Population& pop, const TrajectoryBatch& traj, std::span<float> out,
                   int threads);

// Decodes positions from predicted place-cell activations `act` (N x n_p, row-major, any
// monotone scale: logits, probabilities): the mean centre of the `top` most active cells (ties:
// the lower cell index). A cell with several fields contributes its first field's centre (the
// decoder cannot know which field the prediction means; with one field per cell, the reference
// setup, this is the cell's centre). In a periodic arena the mean is taken on the torus: per
// axis the circular mean of the angles 2 pi x / L, mapped back to [0, L) (an undefined circular
// mean, zero resultant, gives 0). Writes N x 2 positions into `xy`. Throws InternalError for
// codes without place fields (cartesian, polar) or mismatched sizes, and for top outside
// [1, min(n_p, 64)].
void decode_positions(const Population& pop, std::span<const float> act, std::span<double> xy,
                      int top = defaults::decode_top_cells);
void decode_positions(const Population& pop, std::span<const double> act, std::span<double> xy,
                      int top = defaults::decode_top_cells);

// Euclidean distance between two positions in centimetres (minimum image when periodic).
double decoding_error_cm(const Arena& arena, double x0, double y0, double x1, double y1);
// Mean of decoding_error_cm over N x 2 position pairs.
double mean_decoding_error_cm(const Arena& arena, std::span<const double> xy_a,
                              std::span<const double> xy_b);

} // namespace gridtheory
