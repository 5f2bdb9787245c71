// make_model, the NFL RNN behind the Model interface, and torch's default initialisation (the
// gated cells live in src/train/gated_rnn.cpp).
#include "src/train/model.hpp"

#include "src/train/dropout.hpp"
#include "src/train/gated_rnn.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <random>
#include <string>

namespace gridtheory::train {

std::string_view cell_name(Cell c) {
  switch (c) {
  case Cell::rnn:
    return "rnn";
  case Cell::lstm:
    return "lstm";
  case Cell::gru:
    return "gru";
  case Cell::ugrnn:
    return "ugrnn";
  }
  throw InternalError("cell_name: unknown cell");
}

Cell parse_cell(std::string_view option, std::string_view text) {
  for (Cell c : {Cell::rnn, Cell::lstm, Cell::gru, Cell::ugrnn})
    if (text == cell_name(c)) return c;
  throw UserError(std::string(option), std::string(text), "is not a recurrent cell",
                  "rnn, lstm, gru or ugrnn");
}

namespace {

// The NFL "RNN" (src/train/rnn.hpp).
template <typename Scalar> class NflRnn final : public Model<Scalar> {
public:
  NflRnn(const ModelConfig& config, Index n_grid, Index n_place, Index batch, Index steps)
      : config_{config.activation, config.loss, config.weight_decay}, params_(n_grid, n_place),
        grads_(n_grid, n_place), ws_(batch, steps, n_grid, n_place),
        dropout_(DropoutRates{config.input_dropout, config.recurrent_dropout}, batch, steps,
                 n_grid) {}

  Cell cell() const override { return Cell::rnn; }
  Index n_grid() const override { return params_.n_grid(); }
  Index n_place() const override { return params_.n_place(); }
  Index batch() const override { return ws_.batch; }
  Index steps() const override { return ws_.steps; }

  std::vector<NamedMatrix<Scalar>> parameters() override { return named(params_); }
  std::vector<NamedMatrix<Scalar>> gradients() override { return named(grads_); }

  double forward(const RnnBatch<Scalar>& batch, bool training, std::uint64_t mask_seed) override {
    dropout_.draw(training, mask_seed);
    return rnn_forward(params_, batch, config_, ws_, &dropout_);
  }
  void backward(const RnnBatch<Scalar>& batch) override {
    rnn_backward(params_, batch, config_, ws_, grads_, &dropout_);
  }
  ConstRowMap<Scalar> states() const override {
    const auto s = ws_.states();
    return ConstRowMap<Scalar>(s.data(), s.rows(), s.cols());
  }
  ConstRowMap<Scalar> outputs() const override {
    return ConstRowMap<Scalar>(ws_.logits.data(), ws_.logits.rows(), ws_.logits.cols());
  }

private:
  std::vector<NamedMatrix<Scalar>> named(RnnParams<Scalar>& p) const {
    const double bound_g = 1.0 / std::sqrt(static_cast<double>(p.n_grid()));
    const double bound_p = 1.0 / std::sqrt(static_cast<double>(p.n_place()));
    const auto ms = p.matrices();
    const auto& names = RnnParams<Scalar>::names;
    return {{std::string(names[0]), ms[0], bound_p},
            {std::string(names[1]), ms[1], bound_g},
            {std::string(names[2]), ms[2], bound_g},
            {std::string(names[3]), ms[3], bound_g}};
  }

  RnnConfig config_;
  RnnParams<Scalar> params_, grads_;
  RnnWorkspace<Scalar> ws_;
  Dropout<Scalar> dropout_;
};

} // namespace

template <typename Scalar>
std::unique_ptr<Model<Scalar>> make_model(const ModelConfig& config, Index n_grid, Index n_place,
                                          Index batch, Index steps) {
  if (n_grid <= 0 || n_place <= 0 || batch <= 0 || steps <= 0)
    throw InternalError("make_model: sizes must be positive");
  switch (config.cell) {
  case Cell::rnn:
    return std::make_unique<NflRnn<Scalar>>(config, n_grid, n_place, batch, steps);
  case Cell::lstm:
  case Cell::gru:
  case Cell::ugrnn:
    return make_gated_model<Scalar>(config, n_grid, n_place, batch, steps);
  }
  throw InternalError("make_model: unknown cell");
}

template <typename Scalar> void init_default(Model<Scalar>& model, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (auto& p : model.parameters()) {
    Scalar* v = p.value->data();
    for (Index i = 0; i < p.value->size(); ++i) {
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53; // [0, 1)
      v[i] = static_cast<Scalar>(p.init_bound * (2.0 * u - 1.0));
    }
  }
}

template std::unique_ptr<Model<float>> make_model<float>(const ModelConfig&, Index, Index, Index,
                                                         Index);
template std::unique_ptr<Model<double>> make_model<double>(const ModelConfig&, Index, Index, Index,
                                                           Index);
template void init_default<float>(Model<float>&, std::uint64_t);
template void init_default<double>(Model<double>&, std::uint64_t);

} // namespace gridtheory::train
