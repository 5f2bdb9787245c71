// A run's inputs from its config (src/train/run_inputs.hpp).
#include "src/train/run_inputs.hpp"

#include "numerics/sampled_spectrum.hpp"
#include "src/train/trainer.hpp"
#include "theory/errors.hpp"
#include "theory/spectrum.hpp"

#include <cmath>
#include <cstdio>

namespace gridtheory::train {

BatchBuffers::BatchBuffers(int steps, int batch, int n_place_)
    : velocity(static_cast<std::size_t>(steps) * batch * 2),
      codes(static_cast<std::size_t>(steps + 1) * batch * n_place_),
      xy(static_cast<std::size_t>(steps) * batch * 2), n_place(n_place_) {
  traj.resize(steps, batch);
}

void BatchBuffers::fill(TrajectoryGenerator& gen, BatchTargets& targets, std::uint64_t seed) {
  gen.reseed(seed);
  gen.next(traj);
  for (std::size_t i = 0; i < velocity.size(); ++i)
    velocity[i] = static_cast<float>(traj.velocities[i]);
  targets.fill(traj, std::span<float>(codes.data(), codes.size()));
}

RnnBatch<float> BatchBuffers::view() const {
  return RnnBatch<float>(traj.batch, traj.steps, n_place, velocity.data(), codes.data(),
                         codes.data() + static_cast<std::size_t>(traj.batch) * n_place);
}

TrajectoryOptions trajectory_options(const TrainConfig& c) {
  TrajectoryOptions t;
  t.side_m = c.box_m;
  t.periodic = c.periodic;
  t.steps = c.seq_len;
  t.batch = c.batch;
  t.seed = step_seed(c.seed, 0);
  validate(t);
  return t;
}

Population run_population(const TrainConfig& c, const Encoding& enc) {
  return sample_population(enc, Arena{c.box_m, c.periodic}, population_seed(c.seed));
}

std::vector<double> place_cells_table(const Population& pop) {
  std::vector<double> out;
  out.reserve(pop.fields.size() * place_cells_columns);
  for (const PlaceField& p : pop.fields)
    out.insert(out.end(), {static_cast<double>(p.cell), p.x_m, p.y_m, p.sigma_m,
                           pop.encoding.surround ? p.sigma_m * p.surround_ratio : NAN});
  return out;
}

Prediction predict_for_run(const Encoding& enc, Activation act, const Box& box,
                           std::uint64_t seed) {
  if (uses_width(enc.family) && !has_tuning_spectrum(enc))
    return predict_sampled(enc, act, box, population_seed(seed), SampledSpectrumOptions{});
  return predict(enc, act, box);
}

TrainingBatch training_batch(const TrainConfig& c, long long step, const char* option) {
  if (step < 1)
    throw UserError(option, std::to_string(step), "is not a training step",
                    "an integer >= 1 (metrics.csv's step: the batch after step - 1 updates)");
  const Population pop = run_population(c, c.encoding);
  BatchTargets targets(pop, c.threads);
  TrajectoryGenerator gen(trajectory_options(c));
  BatchBuffers buf(c.seq_len, c.batch, pop.cells);
  buf.fill(gen, targets, step_seed(c.seed, step - 1));

  TrainingBatch b;
  b.steps = c.seq_len;
  b.batch = c.batch;
  b.n_place = pop.cells;
  const std::size_t B = static_cast<std::size_t>(c.batch);
  const std::size_t rows0 = B * static_cast<std::size_t>(pop.cells);
  b.velocity.assign(buf.velocity.begin(), buf.velocity.end());
  b.init_targets.assign(buf.codes.begin(), buf.codes.begin() + static_cast<std::ptrdiff_t>(rows0));
  b.targets.assign(buf.codes.begin() + static_cast<std::ptrdiff_t>(rows0), buf.codes.end());
  // positions[0] is the start; positions 1..T follow each step.
  b.start_positions.assign(buf.traj.positions.begin(),
                           buf.traj.positions.begin() + static_cast<std::ptrdiff_t>(2 * B));
  b.positions.assign(buf.traj.positions.begin() + static_cast<std::ptrdiff_t>(2 * B),
                     buf.traj.positions.end());
  return b;
}

} // namespace gridtheory::train
