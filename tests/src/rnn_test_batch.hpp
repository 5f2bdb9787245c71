// Random batches for the recurrent cells' gradient tests (test_rnn_gradients.cpp,
// test_gated_gradients.cpp): velocities, and targets that are positive rows summing to 1 for
// cross-entropy or normal values for MSE.
#pragma once

#include "src/train/rnn.hpp"

#include <random>
#include <vector>

namespace gridtheory::test {

using train::Index;
using train::Loss;
using train::RnnBatch;

struct Sizes {
  Index n_place, n_grid, batch, steps;
};

// Caller-owned batch storage (row-major, time-major: row t*B + b).
template <typename S> struct BatchData {
  Sizes sz;
  std::vector<S> velocity, p0, targets;
  RnnBatch<S> view() const {
    return RnnBatch<S>(sz.batch, sz.steps, sz.n_place, velocity.data(), p0.data(), targets.data());
  }
};

inline std::vector<double> positive_rows(std::mt19937_64& rng, Index rows, Index cols) {
  std::uniform_real_distribution<double> u(0.05, 1.0);
  std::vector<double> out(static_cast<size_t>(rows * cols));
  for (Index r = 0; r < rows; ++r) {
    double sum = 0.0;
    for (Index c = 0; c < cols; ++c)
      sum += out[static_cast<size_t>(r * cols + c)] = u(rng);
    for (Index c = 0; c < cols; ++c)
      out[static_cast<size_t>(r * cols + c)] /= sum;
  }
  return out;
}

inline BatchData<double> make_batch(const Sizes& sz, Loss loss, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n(0.0, 1.0);
  BatchData<double> b{sz, {}, {}, {}};
  b.velocity.resize(static_cast<size_t>(sz.steps * sz.batch * 2));
  for (auto& v : b.velocity)
    v = 0.5 * n(rng);
  b.p0 = positive_rows(rng, sz.batch, sz.n_place);
  if (loss == Loss::cross_entropy) {
    b.targets = positive_rows(rng, sz.steps * sz.batch, sz.n_place);
  } else {
    b.targets.resize(static_cast<size_t>(sz.steps * sz.batch * sz.n_place));
    for (auto& y : b.targets)
      y = n(rng);
  }
  return b;
}

} // namespace gridtheory::test
