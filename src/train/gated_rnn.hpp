// The gated recurrent cells NFL also swept (LSTM, GRU, UGRNN) in the NFL network
// (src/train/rnn.hpp), behind the Model interface (src/train/model.hpp), with hand-written
// forward pass and backpropagation through time, for float and double.
//
// Shared with the NFL RNN: h_0 = W_enc p_0 (encoder.weight n_g x n_p, no bias, no activation),
// the cell driven by the 2-D velocity x_t = v_t (t = 1..T), z_t = W_dec h_t (decoder.weight
// n_p x n_g, no bias), the two losses of rnn.hpp plus weight_decay * sum(W_hh^2) over the whole
// rnn.weight_hh matrix (every gate's block). σ is the logistic function, ⊙ the element-wise
// product; gate blocks are stacked in rows of the weights in the order listed (torch's order).
//
//   lstm  (torch.nn.LSTM) gates i, f, g, o; c_0 = W_encc p_0 (encoder_cell.weight n_g x n_p)
//           [i; f; g; o] = [σ; σ; tanh; σ](W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
//           c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
//         rnn.weight_ih 4n_g x 2, rnn.weight_hh 4n_g x n_g, rnn.bias_ih 4n_g, rnn.bias_hh 4n_g
//   gru   (torch.nn.GRU) gates r, z, n
//           r = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr),  z likewise with W_iz, b_iz, W_hz, b_hz
//           n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t-1} + b_hn))
//           h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}
//         rnn.weight_ih 3n_g x 2, rnn.weight_hh 3n_g x n_g, rnn.bias_ih 3n_g, rnn.bias_hh 3n_g
//   ugrnn (Collins, Sohl-Dickstein & Sussillo 2017, "Capacity and trainability in recurrent
//         neural networks", the update-gate RNN) gate g, candidate c
//           g = σ(W_gx x_t + W_gh h_{t-1} + b_g),  c = tanh(W_cx x_t + W_ch h_{t-1} + b_c)
//           h_t = g ⊙ h_{t-1} + (1 - g) ⊙ c
//         rnn.weight_ih 2n_g x 2 (rows [W_gx; W_cx]), rnn.weight_hh 2n_g x n_g ([W_gh; W_ch]),
//         rnn.bias 2n_g ([b_g; b_c])
//
// Biases are 1-D torch tensors, stored as column matrices (k n_g x 1); a checkpoint writes them
// as 1-D arrays of shape (k n_g,). Every parameter whose name starts with "rnn.bias" is such a
// column. Torch's default initialisation (init_default): encoder.weight and
// encoder_cell.weight uniform within 1/sqrt(n_p), everything under rnn.* and decoder.weight
// within 1/sqrt(n_g).
//
// Dropout (src/train/dropout.hpp): x_t becomes m^in_t ⊙ v_t, and h_{t-1} becomes m^rec ⊙ h_{t-1}
// inside every product W_hh h_{t-1} (all gates); the element-wise h_{t-1} of GRU and UGRNN and
// the LSTM's cell state are not masked.
//
// Memory: every buffer (per-step gates, states, their gradients, dropout masks) is allocated
// in the constructor; forward() and backward() allocate nothing and write products with
// noalias(). Per-step data is stacked time-major, row t*B + b, as in rnn.hpp.
#pragma once

#include "src/train/model.hpp"

#include <memory>

namespace gridtheory::train {

// A gated model (config.cell lstm, gru or ugrnn) with every parameter zero. config.activation
// must be relu (the default; UserError naming --activation otherwise): gated cells use their
// own nonlinearities. Throws InternalError for non-positive sizes, a cell that is not gated or a
// dropout rate outside [0, 1).
template <typename Scalar>
std::unique_ptr<Model<Scalar>> make_gated_model(const ModelConfig& config, Index n_grid,
                                                Index n_place, Index batch, Index steps);

} // namespace gridtheory::train
