// The NFL / Sorscher path-integration network ("RNN" in Schaeffer, Khona & Fiete 2022;
// Sorscher et al. 2019), its loss and hand-written backpropagation through time. It matches,
// operation for operation, the PyTorch network of Sorscher's reference trainer as NFL reuse it
// (a bias-free encoder, nn.RNN and decoder); scripts/torch_crosscheck.py checks its loss and
// gradients against PyTorch:
//
//   h_0     = W_enc p_0                      encoder: Linear(n_p, n_g, bias=False); NO
//                                            activation (torch passes encoder(p0) as the RNN's
//                                            initial hidden state, which nn.RNN uses as is)
//   h_t     = f(W_ih v_t + W_hh h_{t-1})     t = 1..T, nn.RNN(2, n_g, bias=False)
//   z_t     = W_dec h_t                      decoder: Linear(n_g, n_p, bias=False), t = 1..T
//
// Losses (both mean over the T*B (time, batch) rows):
//   cross_entropy: (1/(T B)) sum_{t,b} -sum_i y_{t,b,i} log softmax(z_{t,b})_i   (the reference)
//   mse:           (1/(T B n_p)) sum_{t,b,i} (z_{t,b,i} - y_{t,b,i})^2           (torch
//                  F.mse_loss default reduction 'mean': mean over every element, the NFL
//                  code's choice for cartesian / polar targets)
// plus weight_decay * sum(W_hh^2) (the reference's 1e-4 * ||W_hh||^2, not an optimiser decay).
// output_loss / output_loss_gradient below compute the two losses for every cell.
//
// Dropout (training only; src/train/dropout.hpp): with a Dropout whose masks are drawn, the
// recurrence reads h_t = f(W_ih (m^in_t ⊙ v_t) + W_hh (m^rec ⊙ h_{t-1})).
//
// Layout: every matrix is row-major (Eigen::RowMajor), i.e. the memory layout of the
// contiguous torch tensor of the same shape. Parameters keep torch's shapes: encoder n_g x n_p,
// w_ih n_g x 2, w_hh n_g x n_g, decoder n_p x n_g. Per-step data is time-major and stacked
// into one matrix whose row t*B + b is (time t, batch b), as torch's [T, B, .] tensors:
// velocity T*B x 2, targets T*B x n_p, p0 B x n_p. So each time step is a contiguous B-row
// block: the recurrence is one (B x n_g)(n_g x n_g) GEMM per step and the decoder, its weight
// gradient, W_hh's and W_ih's weight gradients are each one GEMM over all T*B rows.
//
// Memory: all activations and gradient buffers live in an RnnWorkspace sized once for
// (B, T, n_g, n_p); rnn_forward / rnn_backward write only into it and into the gradient
// struct (no Eigen temporaries: every product is assigned with noalias()). Eigen's GEMM kernel
// itself may still take packing buffers from the heap for large products.
#pragma once

#include "theory/activation.hpp"
#include "theory/eigen.hpp"

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace gridtheory::train {

using Index = Eigen::Index;

template <typename Scalar>
using RowMatrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename Scalar> using ConstRowMap = Eigen::Map<const RowMatrix<Scalar>>;

enum class Loss { cross_entropy, mse };

template <typename Scalar> class Dropout; // src/train/dropout.hpp

struct RnnConfig {
  Activation activation = Activation::relu;
  Loss loss = Loss::cross_entropy;
  double weight_decay = 1e-4; // coefficient of sum(W_hh^2) added to the loss
};

// The four weight matrices (names as the issue and checkpoints use them: encoder.weight,
// rnn.weight_ih, rnn.weight_hh, decoder.weight; torch's nn.RNN calls the middle two
// rnn.weight_ih_l0 and rnn.weight_hh_l0). Also used for their gradients.
template <typename Scalar> struct RnnParams {
  RowMatrix<Scalar> encoder; // n_g x n_p
  RowMatrix<Scalar> w_ih;    // n_g x 2
  RowMatrix<Scalar> w_hh;    // n_g x n_g
  RowMatrix<Scalar> decoder; // n_p x n_g

  static constexpr Index n_input = 2;
  static constexpr std::array<std::string_view, 4> names = {"encoder.weight", "rnn.weight_ih",
                                                            "rnn.weight_hh", "decoder.weight"};

  RnnParams() = default;
  // All zero.
  RnnParams(Index n_grid, Index n_place);

  Index n_grid() const { return w_hh.rows(); }
  Index n_place() const { return decoder.rows(); }
  // The matrices in `names` order.
  std::array<RowMatrix<Scalar>*, 4> matrices() { return {&encoder, &w_ih, &w_hh, &decoder}; }
  std::array<const RowMatrix<Scalar>*, 4> matrices() const {
    return {&encoder, &w_ih, &w_hh, &decoder};
  }
  // Flat views of the matrices' storage, in `names` order (for the optimisers).
  std::array<std::span<Scalar>, 4> spans();
  std::array<std::span<const Scalar>, 4> spans() const;
};

// One batch: views on caller-owned storage (row-major, time-major; see the layout above).
template <typename Scalar> struct RnnBatch {
  Index batch;
  Index steps;
  ConstRowMap<Scalar> velocity; // T*B x 2
  ConstRowMap<Scalar> p0;       // B x n_p, targets at the start position
  ConstRowMap<Scalar> targets;  // T*B x n_p

  // Pointers to row-major data of the shapes above. Throws InternalError on null pointers or
  // non-positive sizes.
  RnnBatch(Index batch_, Index steps_, Index n_place, const Scalar* velocity_, const Scalar* p0_,
           const Scalar* targets_);
};

// Every buffer forward and backward need, allocated once.
template <typename Scalar> struct RnnWorkspace {
  Index batch = 0, steps = 0, n_grid = 0, n_place = 0;
  RowMatrix<Scalar> hidden;      // (T+1)*B x n_g: rows t*B.. hold h_t, t = 0..T
  RowMatrix<Scalar> logits;      // T*B x n_p: rows (t-1)*B.. hold z_t, t = 1..T
  RowMatrix<Scalar> probs;       // T*B x n_p: softmax(logits) (cross_entropy only)
  RowMatrix<Scalar> grad_logits; // T*B x n_p: dLoss/dlogits
  RowMatrix<Scalar> grad_hidden; // (T+1)*B x n_g: dLoss/dh_t, overwritten by dLoss/d(pre-act)

  RnnWorkspace(Index batch_, Index steps_, Index n_grid_, Index n_place_);
  // Hidden states h_1..h_T (T*B x n_g), the decoder's input.
  auto states() { return hidden.bottomRows(steps * batch); }
  auto states() const { return hidden.bottomRows(steps * batch); }
};

// The loss of the decoder's outputs (T*B x n_p) against the targets, without weight decay,
// accumulated in double; for cross_entropy also writes softmax(logits) into `probs`.
template <typename Scalar>
double output_loss(Loss loss, const RowMatrix<Scalar>& logits, const ConstRowMap<Scalar>& targets,
                   RowMatrix<Scalar>& probs);
// dLoss/dlogits of output_loss (after it, with the same arguments) into `grad_logits`.
template <typename Scalar>
void output_loss_gradient(Loss loss, const RowMatrix<Scalar>& logits,
                          const RowMatrix<Scalar>& probs, const ConstRowMap<Scalar>& targets,
                          RowMatrix<Scalar>& grad_logits);

// Runs the network on `batch`, fills ws.hidden, ws.logits (and ws.probs for cross_entropy) and
// returns the loss (including the weight-decay term), accumulated in double. With `dropout`
// (sized for this batch, masks drawn), its active masks apply. Throws InternalError when shapes
// of params, batch and workspace disagree.
template <typename Scalar>
double rnn_forward(const RnnParams<Scalar>& params, const RnnBatch<Scalar>& batch,
                   const RnnConfig& config, RnnWorkspace<Scalar>& ws,
                   Dropout<Scalar>* dropout = nullptr);

// Backpropagation through time after rnn_forward with the same arguments (the same dropout
// object, masks not redrawn): overwrites every matrix of `grads` (which must have params'
// shapes) with dLoss/dparam.
template <typename Scalar>
void rnn_backward(const RnnParams<Scalar>& params, const RnnBatch<Scalar>& batch,
                  const RnnConfig& config, RnnWorkspace<Scalar>& ws, RnnParams<Scalar>& grads,
                  Dropout<Scalar>* dropout = nullptr);

} // namespace gridtheory::train
