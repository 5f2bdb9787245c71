#include "src/train/evaluation.hpp"

#include "numerics/ratemap.hpp"
#include "src/report/statistics.hpp"
#include "src/train/batch_targets.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gridtheory::train {

template <typename Scalar>
void decode_outputs(const Population& pop, ConstRowMap<Scalar> outputs, std::span<double> xy) {
  const auto rows = static_cast<std::size_t>(outputs.rows());
  if (xy.size() != 2 * rows || outputs.cols() != pop.cells)
    throw InternalError("decode_outputs: sizes do not match");
  const double half = 0.5 * pop.arena.side_m;
  switch (pop.encoding.family) {
  case Family::cartesian:
    for (std::size_t r = 0; r < rows; ++r) {
      xy[2 * r] = half + outputs(static_cast<Index>(r), 0);
      xy[2 * r + 1] = half + outputs(static_cast<Index>(r), 1);
    }
    return;
  case Family::polar:
    for (std::size_t r = 0; r < rows; ++r) {
      const double d = outputs(static_cast<Index>(r), 0), a = outputs(static_cast<Index>(r), 1);
      xy[2 * r] = half + d * std::cos(a);
      xy[2 * r + 1] = half + d * std::sin(a);
    }
    return;
  default:
    decode_positions(pop, std::span<const Scalar>(outputs.data(), rows * pop.cells), xy);
  }
}

template <typename Scalar>
double decoding_error_cm(const Population& pop, ConstRowMap<Scalar> outputs,
                         const TrajectoryBatch& traj, std::span<double> xy) {
  decode_outputs(pop, outputs, xy);
  const std::size_t rows = xy.size() / 2, first = 2 * static_cast<std::size_t>(traj.batch);
  if (rows != static_cast<std::size_t>(traj.steps) * static_cast<std::size_t>(traj.batch))
    throw InternalError("decoding_error_cm: outputs and trajectories differ in size");
  return mean_decoding_error_cm(pop.arena, xy,
                                std::span<const double>(traj.positions.data() + first, 2 * rows));
}

template void decode_outputs<float>(const Population&, ConstRowMap<float>, std::span<double>);
template void decode_outputs<double>(const Population&, ConstRowMap<double>, std::span<double>);
template double decoding_error_cm<float>(const Population&, ConstRowMap<float>,
                                         const TrajectoryBatch&, std::span<double>);
template double decoding_error_cm<double>(const Population&, ConstRowMap<double>,
                                          const TrajectoryBatch&, std::span<double>);

RatemapAccumulator::RatemapAccumulator(int units, int nbins, double side_m)
    : units_(units), nbins_(nbins), side_m_(side_m),
      sums_(static_cast<std::size_t>(nbins) * nbins * units, 0.0),
      counts_(static_cast<std::size_t>(nbins) * nbins, 0) {
  if (units <= 0 || nbins <= 0 || !(side_m > 0.0))
    throw InternalError("RatemapAccumulator: sizes must be positive");
}

void RatemapAccumulator::add(ConstRowMap<float> states, const TrajectoryBatch& traj) {
  const Index B = traj.batch, T = traj.steps;
  if (states.rows() != T * B || states.cols() != units_)
    throw InternalError("RatemapAccumulator: states and trajectories differ in size");
  const auto bin = [&](double v) { return ratemap_bin(v, side_m_, nbins_); };
  const auto U = static_cast<std::size_t>(units_);
  for (Index t = 1; t <= T; ++t)
    for (Index b = 0; b < B; ++b) {
      const auto cell =
          static_cast<std::size_t>(bin(traj.y(static_cast<int>(t), static_cast<int>(b))) * nbins_ +
                                   bin(traj.x(static_cast<int>(t), static_cast<int>(b))));
      ++counts_[cell];
      const float* row = states.data() + ((t - 1) * B + b) * units_;
      double* dst = sums_.data() + cell * U;
      for (std::size_t u = 0; u < U; ++u)
        dst[u] += row[u];
    }
}

std::vector<double> RatemapAccumulator::ratemaps() const {
  const std::size_t cells = static_cast<std::size_t>(nbins_) * nbins_,
                    U = static_cast<std::size_t>(units_);
  std::vector<double> out(U * cells);
  for (std::size_t c = 0; c < cells; ++c)
    for (std::size_t u = 0; u < U; ++u)
      out[u * cells + c] = counts_[c] ? sums_[c * U + u] / static_cast<double>(counts_[c])
                                      : std::numeric_limits<double>::quiet_NaN();
  return out;
}

GridUnitStats grid_unit_stats(const std::vector<GridScores>& scores) {
  GridUnitStats s;
  s.units = scores.size();
  if (scores.empty()) throw InternalError("grid_unit_stats: no units");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto best = [&](double GridScores::*field) {
    double m = -std::numeric_limits<double>::infinity();
    for (const auto& g : scores)
      if (std::isfinite(g.*field)) m = std::max(m, g.*field);
    return std::isfinite(m) ? m : nan;
  };
  s.max_score_60 = best(&GridScores::score_60);
  s.max_score_90 = best(&GridScores::score_90);
  s.max_stripe_score = best(&GridScores::stripe_score);
  std::size_t a03 = 0, a08 = 0, a115 = 0;
  std::vector<double> fourier, nfl;
  for (const auto& g : scores) {
    a03 += g.score_60 > 0.3;
    a08 += g.score_60 > 0.8;
    a115 += g.score_60 > 1.15;
    if (!(g.score_60 > 0.3) || !std::isfinite(g.grid_spacing_m)) continue;
    if (spacings_disagree(g)) {
      ++s.count_spacing_disagree;
      continue;
    }
    s.grid_spacings_m.push_back(g.grid_spacing_m);
    if (std::isfinite(g.fourier_spacing_m)) fourier.push_back(g.fourier_spacing_m);
    if (std::isfinite(g.nfl_period_m)) nfl.push_back(g.nfl_period_m);
  }
  const double n = static_cast<double>(s.units);
  s.fraction_above_0_3 = static_cast<double>(a03) / n;
  s.fraction_above_0_8 = static_cast<double>(a08) / n;
  s.fraction_above_1_15 = static_cast<double>(a115) / n;
  s.count_above_0_8 = a08;
  std::sort(s.grid_spacings_m.begin(), s.grid_spacings_m.end());
  s.median_grid_spacing_m = median_of(s.grid_spacings_m);
  std::sort(fourier.begin(), fourier.end());
  std::sort(nfl.begin(), nfl.end());
  s.median_fourier_spacing_m = median_of(fourier);
  s.median_nfl_period_m = median_of(nfl);
  return s;
}

Pattern observed_pattern(const GridUnitStats& s) {
  return classify_observed({s.max_score_60, s.max_score_90, s.max_stripe_score});
}

} // namespace gridtheory::train
