// Forward pass, losses and backpropagation through time of the path-integration RNN
// (src/train/rnn.hpp documents the maths and the layout).
#include "src/train/rnn.hpp"

#include "src/train/dropout.hpp"
#include "src/train/gemm.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <omp.h>
#include <string>

namespace gridtheory::train {

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw InternalError(std::string("rnn: ") + what);
}

template <typename Scalar>
void check_shapes(const RnnParams<Scalar>& p, const RnnBatch<Scalar>& b,
                  const RnnWorkspace<Scalar>& ws) {
  const Index ng = p.n_grid(), np = p.n_place();
  require(ng > 0 && np > 0, "empty parameters");
  require(p.encoder.rows() == ng && p.encoder.cols() == np, "encoder shape");
  require(p.w_ih.rows() == ng && p.w_ih.cols() == RnnParams<Scalar>::n_input, "w_ih shape");
  require(p.w_hh.cols() == ng, "w_hh shape");
  require(p.decoder.cols() == ng, "decoder shape");
  require(ws.batch == b.batch && ws.steps == b.steps && ws.n_grid == ng && ws.n_place == np,
          "workspace shape differs from the batch or the parameters");
  require(b.p0.cols() == np && b.targets.cols() == np, "batch n_place differs from the model");
}

// f applied in place to the pre-activations in `z`.
template <typename Block> void activate(Activation a, Block z) {
  switch (a) {
  case Activation::relu:
    z = z.cwiseMax(typename Block::Scalar(0));
    return;
  case Activation::tanh:
    z = z.array().tanh().matrix();
    return;
  case Activation::sigmoid:
    z = z.array().logistic().matrix();
    return;
  case Activation::linear:
    return;
  }
  throw InternalError("rnn: unknown activation");
}

// grad *= f'(pre-activation), with f' written in terms of the output h = f(pre-activation).
// relu: 1 where h > 0 (torch's threshold_backward: gradient 0 at exactly 0).
template <typename Block, typename HBlock>
void times_derivative(Activation a, Block grad, const HBlock& h) {
  using Scalar = typename HBlock::Scalar;
  switch (a) {
  case Activation::relu:
    grad.array() = (h.array() > Scalar(0)).select(grad.array(), Scalar(0));
    return;
  case Activation::tanh:
    grad.array() *= Scalar(1) - h.array().square();
    return;
  case Activation::sigmoid:
    grad.array() *= h.array() * (Scalar(1) - h.array());
    return;
  case Activation::linear:
    return;
  }
  throw InternalError("rnn: unknown activation");
}

} // namespace

template <typename Scalar>
RnnParams<Scalar>::RnnParams(Index n_grid, Index n_place)
    : encoder(RowMatrix<Scalar>::Zero(n_grid, n_place)),
      w_ih(RowMatrix<Scalar>::Zero(n_grid, n_input)), w_hh(RowMatrix<Scalar>::Zero(n_grid, n_grid)),
      decoder(RowMatrix<Scalar>::Zero(n_place, n_grid)) {
  require(n_grid > 0 && n_place > 0, "n_grid and n_place must be positive");
}

template <typename Scalar> std::array<std::span<Scalar>, 4> RnnParams<Scalar>::spans() {
  std::array<std::span<Scalar>, 4> out;
  auto ms = matrices();
  for (size_t i = 0; i < ms.size(); ++i)
    out[i] = std::span<Scalar>(ms[i]->data(), static_cast<size_t>(ms[i]->size()));
  return out;
}

template <typename Scalar> std::array<std::span<const Scalar>, 4> RnnParams<Scalar>::spans() const {
  std::array<std::span<const Scalar>, 4> out;
  auto ms = matrices();
  for (size_t i = 0; i < ms.size(); ++i)
    out[i] = std::span<const Scalar>(ms[i]->data(), static_cast<size_t>(ms[i]->size()));
  return out;
}

template <typename Scalar>
RnnBatch<Scalar>::RnnBatch(Index batch_, Index steps_, Index n_place, const Scalar* velocity_,
                           const Scalar* p0_, const Scalar* targets_)
    : batch(batch_), steps(steps_),
      velocity(velocity_, steps_ * batch_, RnnParams<Scalar>::n_input), p0(p0_, batch_, n_place),
      targets(targets_, steps_ * batch_, n_place) {
  require(batch_ > 0 && steps_ > 0 && n_place > 0, "batch sizes must be positive");
  require(velocity_ != nullptr && p0_ != nullptr && targets_ != nullptr, "null batch data");
}

template <typename Scalar>
RnnWorkspace<Scalar>::RnnWorkspace(Index batch_, Index steps_, Index n_grid_, Index n_place_)
    : batch(batch_), steps(steps_), n_grid(n_grid_), n_place(n_place_),
      hidden((steps_ + 1) * batch_, n_grid_), logits(steps_ * batch_, n_place_),
      probs(steps_ * batch_, n_place_), grad_logits(steps_ * batch_, n_place_),
      grad_hidden((steps_ + 1) * batch_, n_grid_) {
  require(batch_ > 0 && steps_ > 0 && n_grid_ > 0 && n_place_ > 0,
          "workspace sizes must be positive");
}

template <typename Scalar>
double output_loss(Loss loss, const RowMatrix<Scalar>& logits, const ConstRowMap<Scalar>& targets,
                   RowMatrix<Scalar>& probs) {
  const Index rows = logits.rows(), np = logits.cols();
  require(targets.rows() == rows && targets.cols() == np, "targets differ from the logits");
  double total = 0.0;
  switch (loss) {
  case Loss::cross_entropy:
    require(probs.rows() == rows && probs.cols() == np, "probs differ from the logits");
#pragma omp parallel for reduction(+ : total) schedule(static)
    for (Index r = 0; r < rows; ++r) {
      const auto z = logits.row(r);
      const auto y = targets.row(r);
      auto prob = probs.row(r);
      const Scalar zmax = z.maxCoeff();
      prob = (z.array() - zmax).exp().matrix();
      const Scalar sum = prob.sum();
      prob /= sum;
      const Scalar lse = zmax + std::log(sum);
      // -sum_i y_i log softmax(z)_i = -sum_i y_i (z_i - lse)
      total += static_cast<double>(y.sum() * lse - y.dot(z));
    }
    return total / static_cast<double>(rows);
  case Loss::mse:
#pragma omp parallel for reduction(+ : total) schedule(static)
    for (Index r = 0; r < rows; ++r)
      total += static_cast<double>((logits.row(r) - targets.row(r)).squaredNorm());
    return total / (static_cast<double>(rows) * static_cast<double>(np));
  }
  throw InternalError("rnn: unknown loss");
}

template <typename Scalar>
void output_loss_gradient(Loss loss, const RowMatrix<Scalar>& logits,
                          const RowMatrix<Scalar>& probs, const ConstRowMap<Scalar>& targets,
                          RowMatrix<Scalar>& grad_logits) {
  const Index rows = logits.rows(), np = logits.cols();
  require(targets.rows() == rows && targets.cols() == np && grad_logits.rows() == rows &&
              grad_logits.cols() == np,
          "targets or gradient differ from the logits");
  switch (loss) {
  case Loss::cross_entropy: {
    // d/dz of -sum_i y_i log softmax(z)_i = softmax(z) * sum_i y_i - y, over T*B rows.
    const Scalar scale = Scalar(1) / static_cast<Scalar>(rows);
#pragma omp parallel for schedule(static)
    for (Index r = 0; r < rows; ++r) {
      const auto y = targets.row(r);
      grad_logits.row(r) = (probs.row(r) * y.sum() - y) * scale;
    }
    return;
  }
  case Loss::mse: {
    const Scalar scale = Scalar(2) / (static_cast<Scalar>(rows) * static_cast<Scalar>(np));
    grad_logits = (logits - targets) * scale;
    return;
  }
  }
  throw InternalError("rnn: unknown loss");
}

template <typename Scalar>
double rnn_forward(const RnnParams<Scalar>& params, const RnnBatch<Scalar>& batch,
                   const RnnConfig& config, RnnWorkspace<Scalar>& ws, Dropout<Scalar>* dropout) {
  check_shapes(params, batch, ws);
  const Index B = batch.batch, T = batch.steps;
  const ConstRowMap<Scalar> x = dropout ? dropout->forward_input(batch.velocity) : batch.velocity;

  // h_0 = W_enc p_0 (no activation: torch's nn.RNN takes encoder(p0) as h_0 unchanged).
  gemm(batch.p0, false, params.encoder, true, ws.hidden.topRows(B));
  if (!dropout || !dropout->recurrent_active()) {
    // Batch rows are independent through time: each thread runs the whole recurrence for its
    // own rows, one parallel region instead of a fork and join per product (2 per step).
#pragma omp parallel
    {
      const Index parts = omp_get_num_threads(), part = omp_get_thread_num();
      const Index b0 = B * part / parts, rows_b = B * (part + 1) / parts - b0;
      for (Index t = 1; t <= T && rows_b > 0; ++t) {
        auto h = ws.hidden.middleRows(t * B + b0, rows_b);
        gemm(x.middleRows((t - 1) * B + b0, rows_b), false, params.w_ih, true, h);
        gemm(ws.hidden.middleRows((t - 1) * B + b0, rows_b), false, params.w_hh, true, h,
             Scalar(1));
        activate(config.activation, h);
      }
    }
  } else {
    for (Index t = 1; t <= T; ++t) {
      const ConstRowMap<Scalar> h_prev = dropout->forward_recurrent(ws.hidden, t);
      auto h = ws.hidden.middleRows(t * B, B);
      gemm(x.middleRows((t - 1) * B, B), false, params.w_ih, true, h);
      gemm(h_prev, false, params.w_hh, true, h, Scalar(1));
      activate(config.activation, h);
    }
  }
  gemm(ws.states(), false, params.decoder, true, ws.logits);

  double total = output_loss(config.loss, ws.logits, batch.targets, ws.probs);
  if (config.weight_decay != 0.0)
    total += config.weight_decay * static_cast<double>(params.w_hh.squaredNorm());
  return total;
}

template <typename Scalar>
void rnn_backward(const RnnParams<Scalar>& params, const RnnBatch<Scalar>& batch,
                  const RnnConfig& config, RnnWorkspace<Scalar>& ws, RnnParams<Scalar>& grads,
                  Dropout<Scalar>* dropout) {
  check_shapes(params, batch, ws);
  check_shapes(grads, batch, ws);
  const Index B = batch.batch, T = batch.steps, rows = B * T;

  output_loss_gradient(config.loss, ws.logits, ws.probs, batch.targets, ws.grad_logits);

  // Decoder: one GEMM for the weight gradient, one for dLoss/dh_t (t = 1..T).
  gemm(ws.grad_logits, true, ws.states(), false, grads.decoder);
  gemm(ws.grad_logits, false, params.decoder, false, ws.grad_hidden.bottomRows(rows));
  ws.grad_hidden.topRows(B).setZero();

  // Through time: grad_hidden rows of step t become dLoss/d(pre-activation_t), and feed
  // dLoss/dh_{t-1} += m^rec ⊙ (dLoss/d(pre-activation_t) W_hh) (no mask without dropout).
  if (!dropout || !dropout->recurrent_active()) {
    // As in the forward pass: each thread takes its batch rows through all time steps.
#pragma omp parallel
    {
      const Index parts = omp_get_num_threads(), part = omp_get_thread_num();
      const Index b0 = B * part / parts, rows_b = B * (part + 1) / parts - b0;
      for (Index t = T; t >= 1 && rows_b > 0; --t) {
        auto g = ws.grad_hidden.middleRows(t * B + b0, rows_b);
        times_derivative(config.activation, g, ws.hidden.middleRows(t * B + b0, rows_b));
        gemm(g, false, params.w_hh, false, ws.grad_hidden.middleRows((t - 1) * B + b0, rows_b),
             Scalar(1));
      }
    }
  } else {
    for (Index t = T; t >= 1; --t) {
      auto g = ws.grad_hidden.middleRows(t * B, B);
      times_derivative(config.activation, g, ws.hidden.middleRows(t * B, B));
      dropout->add_recurrent_product(ws.grad_hidden.middleRows((t - 1) * B, B), g, params.w_hh);
    }
  }

  // The recurrence's inputs as the forward pass used them (masked when dropout was active).
  const ConstRowMap<Scalar> x = dropout ? dropout->input(batch.velocity) : batch.velocity;
  const ConstRowMap<Scalar> h_prev = dropout
                                         ? dropout->recurrent(ws.hidden)
                                         : ConstRowMap<Scalar>(ws.hidden.data(), rows, ws.n_grid);
  const auto grad_pre = ws.grad_hidden.bottomRows(rows); // dLoss/d(pre-activation), t = 1..T
  gemm(grad_pre, true, h_prev, false, grads.w_hh);
  if (config.weight_decay != 0.0)
    grads.w_hh += static_cast<Scalar>(2.0 * config.weight_decay) * params.w_hh;
  gemm(grad_pre, true, x, false, grads.w_ih);
  // h_0 = W_enc p_0 is linear: dLoss/dW_enc = (dLoss/dh_0)^T p_0.
  gemm(ws.grad_hidden.topRows(B), true, batch.p0, false, grads.encoder);
}

#define GRIDTHEORY_RNN_INSTANTIATE(S)                                                              \
  template struct RnnParams<S>;                                                                    \
  template struct RnnBatch<S>;                                                                     \
  template struct RnnWorkspace<S>;                                                                 \
  template double output_loss<S>(Loss, const RowMatrix<S>&, const ConstRowMap<S>&, RowMatrix<S>&); \
  template void output_loss_gradient<S>(Loss, const RowMatrix<S>&, const RowMatrix<S>&,            \
                                        const ConstRowMap<S>&, RowMatrix<S>&);                     \
  template double rnn_forward<S>(const RnnParams<S>&, const RnnBatch<S>&, const RnnConfig&,        \
                                 RnnWorkspace<S>&, Dropout<S>*);                                   \
  template void rnn_backward<S>(const RnnParams<S>&, const RnnBatch<S>&, const RnnConfig&,         \
                                RnnWorkspace<S>&, RnnParams<S>&, Dropout<S>*);

GRIDTHEORY_RNN_INSTANTIATE(float)
GRIDTHEORY_RNN_INSTANTIATE(double)

#undef GRIDTHEORY_RNN_INSTANTIATE

} // namespace gridtheory::train
