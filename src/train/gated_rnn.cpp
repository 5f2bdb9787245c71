// LSTM, GRU and UGRNN: forward pass and backpropagation through time (src/train/gated_rnn.hpp
// documents the equations, names and shapes).
//
// Buffers, with k the number of gate blocks (lstm 4, gru 3, ugrnn 2) and rows t*B + b:
//   gates       T*B x k n_g  the activated gates of step t in rows (t-1)*B.. (the input part
//                            x W_ih^T + b_ih is written for all steps with one GEMM first, then
//                            each step adds its recurrent part and applies the nonlinearities)
//   grad_gates  T*B x k n_g  dLoss/d(gate pre-activations); for gru the input-side ones
//                            (W_i* x + b_i*), whose n block differs from the recurrent side's
//   lstm: cell (T+1)*B x n_g (c_0..c_T), cell_tanh T*B x n_g (tanh c_t), grad_cell B x n_g
//   gru:  rec_n T*B x n_g (W_hn h_{t-1} + b_hn), grad_rec_n T*B x n_g, rec B x 3n_g
#include "src/train/gated_rnn.hpp"

#include "src/train/dropout.hpp"
#include "src/train/gemm.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <string>

namespace gridtheory::train {

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw InternalError("gated rnn: " + what);
}

Index gate_blocks(Cell c) {
  switch (c) {
  case Cell::lstm:
    return 4;
  case Cell::gru:
    return 3;
  case Cell::ugrnn:
    return 2;
  case Cell::rnn:
    break;
  }
  throw InternalError("gated rnn: cell " + std::string(cell_name(c)) + " is not gated");
}

template <typename Scalar> struct GatedParams {
  RowMatrix<Scalar> encoder;      // n_g x n_p
  RowMatrix<Scalar> encoder_cell; // n_g x n_p (lstm only)
  RowMatrix<Scalar> w_ih;         // k n_g x 2
  RowMatrix<Scalar> w_hh;         // k n_g x n_g
  RowMatrix<Scalar> bias_ih;      // k n_g x 1 (lstm, gru)
  RowMatrix<Scalar> bias_hh;      // k n_g x 1 (lstm, gru)
  RowMatrix<Scalar> bias;         // k n_g x 1 (ugrnn)
  RowMatrix<Scalar> decoder;      // n_p x n_g

  GatedParams(Cell cell, Index ng, Index np) {
    const Index rows = gate_blocks(cell) * ng;
    encoder.setZero(ng, np);
    if (cell == Cell::lstm) encoder_cell.setZero(ng, np);
    w_ih.setZero(rows, RnnParams<Scalar>::n_input);
    w_hh.setZero(rows, ng);
    if (cell == Cell::ugrnn) {
      bias.setZero(rows, 1);
    } else {
      bias_ih.setZero(rows, 1);
      bias_hh.setZero(rows, 1);
    }
    decoder.setZero(np, ng);
  }
};

template <typename Scalar> class GatedRnn final : public Model<Scalar> {
public:
  GatedRnn(const ModelConfig& config, Index ng, Index np, Index batch, Index steps)
      : cell_(config.cell), loss_(config.loss), weight_decay_(config.weight_decay), ng_(ng),
        np_(np), B_(batch), T_(steps), params_(cell_, ng, np), grads_(cell_, ng, np),
        dropout_(DropoutRates{config.input_dropout, config.recurrent_dropout}, batch, steps, ng),
        hidden_((steps + 1) * batch, ng), gates_(steps * batch, gate_blocks(cell_) * ng),
        logits_(steps * batch, np), probs_(steps * batch, np), grad_logits_(steps * batch, np),
        grad_hidden_((steps + 1) * batch, ng), grad_gates_(steps * batch, gate_blocks(cell_) * ng),
        ones_(Eigen::Matrix<Scalar, Eigen::Dynamic, 1>::Ones(steps * batch)) {
    if (cell_ == Cell::lstm) {
      cell_state_.resize((steps + 1) * batch, ng);
      cell_tanh_.resize(steps * batch, ng);
      grad_cell_.resize(batch, ng);
    }
    if (cell_ == Cell::gru) {
      rec_.resize(batch, 3 * ng);
      rec_n_.resize(steps * batch, ng);
      grad_rec_n_.resize(steps * batch, ng);
    }
  }

  Cell cell() const override { return cell_; }
  Index n_grid() const override { return ng_; }
  Index n_place() const override { return np_; }
  Index batch() const override { return B_; }
  Index steps() const override { return T_; }

  std::vector<NamedMatrix<Scalar>> parameters() override { return named(params_); }
  std::vector<NamedMatrix<Scalar>> gradients() override { return named(grads_); }

  double forward(const RnnBatch<Scalar>& batch, bool training, std::uint64_t mask_seed) override {
    check_batch(batch);
    dropout_.draw(training, mask_seed);
    const ConstRowMap<Scalar> x = dropout_.forward_input(batch.velocity);
    gemm(batch.p0, false, params_.encoder, true, hidden_.topRows(B_));
    gemm(x, false, params_.w_ih, true, gates_); // input part of every step at once
    switch (cell_) {
    case Cell::lstm:
      forward_lstm(batch);
      break;
    case Cell::gru:
      forward_gru();
      break;
    case Cell::ugrnn:
      forward_ugrnn();
      break;
    case Cell::rnn:
      throw InternalError("gated rnn: not gated");
    }
    gemm(hidden_.bottomRows(T_ * B_), false, params_.decoder, true, logits_);
    double total = output_loss(loss_, logits_, batch.targets, probs_);
    if (weight_decay_ != 0.0)
      total += weight_decay_ * static_cast<double>(params_.w_hh.squaredNorm());
    return total;
  }

  void backward(const RnnBatch<Scalar>& batch) override {
    check_batch(batch);
    const Index rows = T_ * B_;
    output_loss_gradient(loss_, logits_, probs_, batch.targets, grad_logits_);
    gemm(grad_logits_, true, hidden_.bottomRows(rows), false, grads_.decoder);
    gemm(grad_logits_, false, params_.decoder, false, grad_hidden_.bottomRows(rows));
    grad_hidden_.topRows(B_).setZero();
    switch (cell_) {
    case Cell::lstm:
      backward_lstm(batch);
      break;
    case Cell::gru:
      backward_gru();
      break;
    case Cell::ugrnn:
      backward_ugrnn();
      break;
    case Cell::rnn:
      throw InternalError("gated rnn: not gated");
    }
    if (weight_decay_ != 0.0)
      grads_.w_hh += static_cast<Scalar>(2.0 * weight_decay_) * params_.w_hh;
    gemm(grad_gates_, true, dropout_.input(batch.velocity), false, grads_.w_ih);
    // h_0 = W_enc p_0 is linear: dLoss/dW_enc = (dLoss/dh_0)^T p_0.
    gemm(grad_hidden_.topRows(B_), true, batch.p0, false, grads_.encoder);
  }

  ConstRowMap<Scalar> states() const override {
    return ConstRowMap<Scalar>(hidden_.data() + B_ * ng_, T_ * B_, ng_);
  }
  ConstRowMap<Scalar> outputs() const override {
    return ConstRowMap<Scalar>(logits_.data(), logits_.rows(), logits_.cols());
  }

private:
  void check_batch(const RnnBatch<Scalar>& b) const {
    require(b.batch == B_ && b.steps == T_, "batch or steps differ from the model's");
    require(b.p0.cols() == np_ && b.targets.cols() == np_, "batch n_place differs from the model");
  }

  // The B rows of step t (t = 1..T) in a T*B-row buffer.
  static auto step(RowMatrix<Scalar>& m, Index t, Index B) { return m.middleRows((t - 1) * B, B); }

  void forward_lstm(const RnnBatch<Scalar>& batch) {
    const Index ng = ng_, B = B_;
    gemm(batch.p0, false, params_.encoder_cell, true, cell_state_.topRows(B));
    gates_.rowwise() += params_.bias_ih.col(0).transpose();
    gates_.rowwise() += params_.bias_hh.col(0).transpose();
    for (Index t = 1; t <= T_; ++t) {
      auto pre = step(gates_, t, B);
      gemm(dropout_.forward_recurrent(hidden_, t), false, params_.w_hh, true, pre, Scalar(1));
      pre.leftCols(2 * ng).array() = pre.leftCols(2 * ng).array().logistic();         // i, f
      pre.middleCols(2 * ng, ng).array() = pre.middleCols(2 * ng, ng).array().tanh(); // g
      pre.rightCols(ng).array() = pre.rightCols(ng).array().logistic();               // o
      const auto i = pre.leftCols(ng).array();
      const auto f = pre.middleCols(ng, ng).array();
      const auto g = pre.middleCols(2 * ng, ng).array();
      const auto o = pre.rightCols(ng).array();
      auto c = cell_state_.middleRows(t * B, B);
      c.array() = f * cell_state_.middleRows((t - 1) * B, B).array() + i * g;
      auto tc = step(cell_tanh_, t, B);
      tc.array() = c.array().tanh();
      hidden_.middleRows(t * B, B).array() = o * tc.array();
    }
  }

  void backward_lstm(const RnnBatch<Scalar>& batch) {
    const Index ng = ng_, B = B_;
    const Scalar one(1);
    grad_cell_.setZero(); // dLoss/dc_t, carried backwards
    for (Index t = T_; t >= 1; --t) {
      const auto gt = step(gates_, t, B);
      const auto i = gt.leftCols(ng).array();
      const auto f = gt.middleCols(ng, ng).array();
      const auto g = gt.middleCols(2 * ng, ng).array();
      const auto o = gt.rightCols(ng).array();
      const auto tc = step(cell_tanh_, t, B).array();
      const auto c_prev = cell_state_.middleRows((t - 1) * B, B).array();
      const auto dh = grad_hidden_.middleRows(t * B, B).array();
      auto dc = grad_cell_.array();
      auto d = step(grad_gates_, t, B);
      d.rightCols(ng).array() = dh * tc * o * (one - o);
      dc += dh * o * (one - tc.square());
      d.leftCols(ng).array() = dc * g * i * (one - i);
      d.middleCols(ng, ng).array() = dc * c_prev * f * (one - f);
      d.middleCols(2 * ng, ng).array() = dc * i * (one - g.square());
      dc *= f; // dLoss/dc_{t-1}
      dropout_.add_recurrent_product(grad_hidden_.middleRows((t - 1) * B, B), d, params_.w_hh);
    }
    gemm(grad_cell_, true, batch.p0, false, grads_.encoder_cell);
    gemm(grad_gates_, true, dropout_.recurrent(hidden_), false, grads_.w_hh);
    grads_.bias_ih.col(0).noalias() = grad_gates_.transpose() * ones_;
    grads_.bias_hh = grads_.bias_ih;
  }

  void forward_gru() {
    const Index ng = ng_, B = B_;
    gates_.rowwise() += params_.bias_ih.col(0).transpose();
    for (Index t = 1; t <= T_; ++t) {
      auto pre = step(gates_, t, B);
      gemm(dropout_.forward_recurrent(hidden_, t), false, params_.w_hh, true, rec_);
      rec_.rowwise() += params_.bias_hh.col(0).transpose();
      pre.leftCols(2 * ng).array() =
          (pre.leftCols(2 * ng).array() + rec_.leftCols(2 * ng).array()).logistic(); // r, z
      auto hn = step(rec_n_, t, B);
      hn = rec_.rightCols(ng);
      const auto r = pre.leftCols(ng).array();
      const auto z = pre.middleCols(ng, ng).array();
      auto n = pre.rightCols(ng).array();
      n = (n + r * hn.array()).tanh();
      const auto h_prev = hidden_.middleRows((t - 1) * B, B).array();
      hidden_.middleRows(t * B, B).array() = n + z * (h_prev - n);
    }
  }

  void backward_gru() {
    const Index ng = ng_, B = B_;
    const Scalar one(1);
    for (Index t = T_; t >= 1; --t) {
      const auto gt = step(gates_, t, B);
      const auto r = gt.leftCols(ng).array();
      const auto z = gt.middleCols(ng, ng).array();
      const auto n = gt.rightCols(ng).array();
      const auto hn = step(rec_n_, t, B).array();
      const auto h_prev = hidden_.middleRows((t - 1) * B, B).array();
      const auto dh = grad_hidden_.middleRows(t * B, B).array();
      auto d = step(grad_gates_, t, B);
      auto dn = d.rightCols(ng).array(); // dLoss/d(pre-activation of n)
      dn = dh * (one - z) * (one - n.square());
      d.middleCols(ng, ng).array() = dh * (h_prev - n) * z * (one - z);
      d.leftCols(ng).array() = dn * hn * r * (one - r);
      auto d_rec_n = step(grad_rec_n_, t, B); // dLoss/d(W_hn h~ + b_hn)
      d_rec_n.array() = dn * r;
      auto dh_prev = grad_hidden_.middleRows((t - 1) * B, B);
      dh_prev.array() += dh * z;
      dropout_.add_recurrent_product(dh_prev, d.leftCols(2 * ng), params_.w_hh.topRows(2 * ng));
      dropout_.add_recurrent_product(dh_prev, d_rec_n, params_.w_hh.bottomRows(ng));
    }
    const ConstRowMap<Scalar> h_in = dropout_.recurrent(hidden_);
    gemm(grad_gates_.leftCols(2 * ng), true, h_in, false, grads_.w_hh.topRows(2 * ng));
    gemm(grad_rec_n_, true, h_in, false, grads_.w_hh.bottomRows(ng));
    grads_.bias_ih.col(0).noalias() = grad_gates_.transpose() * ones_;
    grads_.bias_hh.col(0).head(2 * ng).noalias() = grad_gates_.leftCols(2 * ng).transpose() * ones_;
    grads_.bias_hh.col(0).tail(ng).noalias() = grad_rec_n_.transpose() * ones_;
  }

  void forward_ugrnn() {
    const Index ng = ng_, B = B_;
    gates_.rowwise() += params_.bias.col(0).transpose();
    for (Index t = 1; t <= T_; ++t) {
      auto pre = step(gates_, t, B);
      gemm(dropout_.forward_recurrent(hidden_, t), false, params_.w_hh, true, pre, Scalar(1));
      pre.leftCols(ng).array() = pre.leftCols(ng).array().logistic(); // g
      pre.rightCols(ng).array() = pre.rightCols(ng).array().tanh();   // c
      const auto g = pre.leftCols(ng).array();
      const auto c = pre.rightCols(ng).array();
      const auto h_prev = hidden_.middleRows((t - 1) * B, B).array();
      hidden_.middleRows(t * B, B).array() = c + g * (h_prev - c);
    }
  }

  void backward_ugrnn() {
    const Index ng = ng_, B = B_;
    const Scalar one(1);
    for (Index t = T_; t >= 1; --t) {
      const auto gt = step(gates_, t, B);
      const auto g = gt.leftCols(ng).array();
      const auto c = gt.rightCols(ng).array();
      const auto h_prev = hidden_.middleRows((t - 1) * B, B).array();
      const auto dh = grad_hidden_.middleRows(t * B, B).array();
      auto d = step(grad_gates_, t, B);
      d.leftCols(ng).array() = dh * (h_prev - c) * g * (one - g);
      d.rightCols(ng).array() = dh * (one - g) * (one - c.square());
      auto dh_prev = grad_hidden_.middleRows((t - 1) * B, B);
      dh_prev.array() += dh * g;
      dropout_.add_recurrent_product(dh_prev, d, params_.w_hh);
    }
    gemm(grad_gates_, true, dropout_.recurrent(hidden_), false, grads_.w_hh);
    grads_.bias.col(0).noalias() = grad_gates_.transpose() * ones_;
  }

  std::vector<NamedMatrix<Scalar>> named(GatedParams<Scalar>& p) const {
    const double bound_g = 1.0 / std::sqrt(static_cast<double>(ng_));
    const double bound_p = 1.0 / std::sqrt(static_cast<double>(np_));
    std::vector<NamedMatrix<Scalar>> out;
    out.push_back({"encoder.weight", &p.encoder, bound_p});
    if (cell_ == Cell::lstm) out.push_back({"encoder_cell.weight", &p.encoder_cell, bound_p});
    out.push_back({"rnn.weight_ih", &p.w_ih, bound_g});
    out.push_back({"rnn.weight_hh", &p.w_hh, bound_g});
    if (cell_ == Cell::ugrnn) {
      out.push_back({"rnn.bias", &p.bias, bound_g});
    } else {
      out.push_back({"rnn.bias_ih", &p.bias_ih, bound_g});
      out.push_back({"rnn.bias_hh", &p.bias_hh, bound_g});
    }
    out.push_back({"decoder.weight", &p.decoder, bound_g});
    return out;
  }

  Cell cell_;
  Loss loss_;
  double weight_decay_;
  Index ng_, np_, B_, T_;
  GatedParams<Scalar> params_, grads_;
  Dropout<Scalar> dropout_;
  RowMatrix<Scalar> hidden_;                             // (T+1)*B x n_g: h_0..h_T
  RowMatrix<Scalar> gates_;                              // T*B x k n_g
  RowMatrix<Scalar> logits_;                             // T*B x n_p
  RowMatrix<Scalar> probs_;                              // T*B x n_p (cross_entropy)
  RowMatrix<Scalar> grad_logits_;                        // T*B x n_p
  RowMatrix<Scalar> grad_hidden_;                        // (T+1)*B x n_g: dLoss/dh_t
  RowMatrix<Scalar> grad_gates_;                         // T*B x k n_g
  Eigen::Matrix<Scalar, Eigen::Dynamic, 1> ones_;        // T*B: column sums as a GEMV
  RowMatrix<Scalar> cell_state_, cell_tanh_, grad_cell_; // lstm
  RowMatrix<Scalar> rec_, rec_n_, grad_rec_n_;           // gru
};

} // namespace

template <typename Scalar>
std::unique_ptr<Model<Scalar>> make_gated_model(const ModelConfig& config, Index n_grid,
                                                Index n_place, Index batch, Index steps) {
  require(n_grid > 0 && n_place > 0 && batch > 0 && steps > 0, "sizes must be positive");
  gate_blocks(config.cell); // throws for a cell that is not gated
  if (config.activation != Activation::relu)
    throw UserError("--activation", std::string(activation_name(config.activation)),
                    "applies to --cell rnn only", "relu (the default) with lstm, gru or ugrnn");
  return std::make_unique<GatedRnn<Scalar>>(config, n_grid, n_place, batch, steps);
}

template std::unique_ptr<Model<float>> make_gated_model<float>(const ModelConfig&, Index, Index,
                                                               Index, Index);
template std::unique_ptr<Model<double>> make_gated_model<double>(const ModelConfig&, Index, Index,
                                                                 Index, Index);

} // namespace gridtheory::train
