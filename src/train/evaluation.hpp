// What a trained network is measured by (docs/CONVENTIONS.md, "The reference setup" and
// "Ratemaps"): decoded positions and their error in cm, ratemaps of every hidden unit over fresh
// trajectories, and the grid-unit statistics of their scores.
#pragma once

#include "numerics/grid_scores.hpp"
#include "numerics/observed_pattern.hpp"
#include "src/train/rnn.hpp"
#include "src/train/trajectory.hpp"
#include "theory/place_cells.hpp"

#include <span>
#include <vector>

namespace gridtheory::train {

// Positions decoded from the network's outputs (T*B x n_p, row t*B + b): place codes by the
// mean centre of the 3 most active cells (decode_positions); cartesian outputs are the
// position minus the box centre; polar outputs are (distance, angle) from the box centre.
// `xy` gets T*B x 2 positions.
template <typename Scalar>
void decode_outputs(const Population& pop, ConstRowMap<Scalar> outputs, std::span<double> xy);

// Mean decoding error (cm) of `outputs` against the positions of `traj` at t = 1..T. `xy` is
// scratch of T*B x 2 values.
template <typename Scalar>
double decoding_error_cm(const Population& pop, ConstRowMap<Scalar> outputs,
                         const TrajectoryBatch& traj, std::span<double> xy);

// Sums every unit's activity per spatial bin over many batches. Bins: nbins x nbins over the
// arena [0, L]^2, bin (row, col) = (floor(y nbins / L), floor(x nbins / L)) clamped to the box
// (numerics/ratemap.hpp, ratemap_bin: the rule `gridtheory ratemaps` bins users' data with).
class RatemapAccumulator {
public:
  RatemapAccumulator(int units, int nbins, double side_m);
  // states: T*B x units (row t*B + b, the hidden state after step t, at position t of traj).
  void add(ConstRowMap<float> states, const TrajectoryBatch& traj);
  // units x nbins x nbins, row-major [unit][row = y][col = x]; the mean activity per bin, NaN
  // where no position fell.
  std::vector<double> ratemaps() const;
  int nbins() const { return nbins_; }
  int units() const { return units_; }

private:
  int units_, nbins_;
  double side_m_;
  std::vector<double> sums_; // nbins^2 x units (bin-major: one state row adds to one block)
  std::vector<long long> counts_;
};

// Grid-unit statistics of a set of scores (score_60 from the DeepMind scorer). A unit is grid-like
// above score_60 0.3. Its spacing counts only when its SAC and Fourier spacings agree
// (numerics/grid_scores.hpp, spacings_disagree): a disagreeing unit is counted, not measured, so a
// peak picker that took the outer ring of SAC peaks cannot move the run's spacing.
struct GridUnitStats {
  std::size_t units = 0;
  double max_score_60 = 0.0;
  double max_score_90 = 0.0;     // NaN if no unit has one
  double max_stripe_score = 0.0; // NaN if no unit has one
  double fraction_above_0_3 = 0.0;
  double fraction_above_0_8 = 0.0;
  double fraction_above_1_15 = 0.0;
  std::size_t count_above_0_8 = 0;
  std::size_t count_spacing_disagree = 0; // grid-like units whose two spacings disagree
  double median_grid_spacing_m = 0.0;     // SAC spacing over agreeing grid-like units; NaN if none
  double median_fourier_spacing_m = 0.0;  // over the same units
  double median_nfl_period_m = 0.0;       // NFL's estimator over the same units
  std::vector<double> grid_spacings_m;    // those units' SAC spacings, ascending
};
GridUnitStats grid_unit_stats(const std::vector<GridScores>& scores);
// The pattern those units show (numerics/observed_pattern.hpp), whatever the decoding error.
Pattern observed_pattern(const GridUnitStats& s);

} // namespace gridtheory::train
