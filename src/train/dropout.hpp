// Dropout for every recurrent cell, training only (Model::forward with training = true).
//
//   input dropout      each element of the velocity input v_t (T*B x 2) is zeroed with
//                      probability p_input and the kept ones are scaled by 1/(1 - p_input):
//                      x_t = m^in_t ⊙ v_t, a fresh mask for every time step.
//   recurrent dropout  variational (Gal & Ghahramani 2016, "A theoretically grounded application
//                      of dropout in recurrent neural networks"): one mask m^rec per trajectory
//                      (batch row b) and hidden unit, the same at every time step, scaled by
//                      1/(1 - p_recurrent), applied to h_{t-1} where it enters the recurrence
//                      through a weight matrix: W_hh h_{t-1} becomes W_hh (m^rec ⊙ h_{t-1}), for
//                      gated cells in every gate's recurrent input. Element-wise uses of h_{t-1}
//                      (GRU's z ⊙ h, UGRNN's g ⊙ h) and the LSTM cell state are not masked, as
//                      in Keras' recurrent_dropout. It also applies at t = 1 (to h_0).
//
// The masks are a pure function of (mask_seed, element index): element k of a mask is kept iff
// u >= p, with u the 53-bit uniform of splitmix64 evaluated at position k of the stream keyed
// by splitmix64(mask_seed, stream) (stream 1: input, 2: recurrent). Nothing is stateful, so a
// resumed run that replays the seeds replays the masks. Input element (row t*B + b, column c)
// has index (t*B + b)*2 + c; recurrent element (b, j) has index b*n_g + j.
//
// Memory: the masks, the masked velocity and the masked hidden states are allocated once in the
// constructor, and only for a rate > 0.
#pragma once

#include "src/train/gemm.hpp"
#include "src/train/rnn.hpp"

#include <cstdint>

namespace gridtheory::train {

// splitmix64's output function (Steele, Lea & Flood 2014) applied to x.
std::uint64_t splitmix64_mix(std::uint64_t x);
// Uniform in [0, 1) (53 bits) at position `index` of the stream keyed by (seed, stream).
double counter_uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

struct DropoutRates {
  double input = 0.0;     // probability of zeroing a velocity input element
  double recurrent = 0.0; // probability of zeroing a unit of h_{t-1} in the recurrence
};

template <typename Scalar> class Dropout {
public:
  // Throws InternalError unless both rates are in [0, 1) and the sizes are positive.
  Dropout(DropoutRates rates, Index batch, Index steps, Index n_grid);

  const DropoutRates& rates() const { return rates_; }
  bool input_active() const { return input_active_; }
  bool recurrent_active() const { return recurrent_active_; }

  // Draws the masks for `seed` (when training and the rate is > 0; otherwise that dropout is
  // off until the next draw). Call once at the start of every forward pass.
  void draw(bool training, std::uint64_t seed);

  // The masks: T*B x 2 and B x n_g, entries 0 or 1/(1 - p). Empty for a zero rate.
  const RowMatrix<Scalar>& input_mask() const { return input_mask_; }
  const RowMatrix<Scalar>& recurrent_mask() const { return recurrent_mask_; }

  // Forward: the cell's input x (T*B x 2), i.e. `velocity` or its masked copy (written here).
  ConstRowMap<Scalar> forward_input(const ConstRowMap<Scalar>& velocity);
  // Backward: the same x, after forward_input.
  ConstRowMap<Scalar> input(const ConstRowMap<Scalar>& velocity) const;

  // Forward at step t = 1..T: the B x n_g rows through which h_{t-1} (rows (t-1)*B.. of
  // `hidden`, (T+1)*B x n_g) enters the recurrence, masked (and stored) when active.
  ConstRowMap<Scalar> forward_recurrent(const RowMatrix<Scalar>& hidden, Index t);
  // Backward: all T of them stacked (T*B x n_g, rows (t-1)*B.. for step t), after forward.
  ConstRowMap<Scalar> recurrent(const RowMatrix<Scalar>& hidden) const;

  // Backward: dst (B x n_g, dLoss/dh_{t-1}) += m^rec ⊙ (lhs * rhs), or lhs * rhs when recurrent
  // dropout is off. Without temporaries (a preallocated B x n_g scratch holds the product).
  template <typename Dst, typename Lhs, typename Rhs>
  void add_recurrent_product(Dst&& dst, const Lhs& lhs, const Rhs& rhs) {
    if (!recurrent_active_) {
      gemm(lhs, false, rhs, false, dst, Scalar(1));
      return;
    }
    gemm(lhs, false, rhs, false, scratch_);
    dst.array() += scratch_.array() * recurrent_mask_.array();
  }

private:
  DropoutRates rates_;
  Index batch_, steps_, n_grid_;
  bool input_active_ = false, recurrent_active_ = false;
  RowMatrix<Scalar> input_mask_;     // T*B x 2
  RowMatrix<Scalar> velocity_;       // T*B x 2: input_mask_ ⊙ velocity
  RowMatrix<Scalar> recurrent_mask_; // B x n_g
  RowMatrix<Scalar> hidden_;         // T*B x n_g: rows (t-1)*B.. hold m^rec ⊙ h_{t-1}
  RowMatrix<Scalar> scratch_;        // B x n_g
};

} // namespace gridtheory::train
