// One interface over every recurrent cell the trainer knows (the NFL "RNN" of src/train/rnn.hpp,
// and the LSTM, GRU and UGRNN cells NFL also swept), so the training loop, the evaluation,
// checkpoints and `gridtheory loss` are written once.
//
// A model owns its parameters, their gradients and a workspace sized once for (batch, steps):
// forward() and backward() allocate nothing of their own. Parameters are named and shaped as
// PyTorch names them (encoder.weight, rnn.weight_ih, rnn.weight_hh, decoder.weight, ...), so a
// checkpoint's .npy files load into the equivalent torch module (see src/train/README.md for
// the mapping to torch's `_l0` state-dict keys).
#pragma once

#include "src/train/rnn.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory::train {

enum class Cell { rnn, lstm, gru, ugrnn };

std::string_view cell_name(Cell c);
// Parses "rnn", "lstm", "gru" or "ugrnn"; UserError naming `option` otherwise.
Cell parse_cell(std::string_view option, std::string_view text);

struct ModelConfig {
  Cell cell = Cell::rnn;
  Activation activation = Activation::relu; // the vanilla RNN's f; gated cells use their own
  Loss loss = Loss::cross_entropy;
  double weight_decay = 1e-4;     // coefficient of sum(W_hh^2) added to the loss
  double input_dropout = 0.0;     // probability of zeroing a velocity input (training only)
  double recurrent_dropout = 0.0; // probability of zeroing a unit of h_{t-1} in the recurrence
};

// A named parameter (or gradient) matrix and the half-width of torch's default uniform
// initialisation for it (1/sqrt(fan_in) of the torch module that owns it).
template <typename Scalar> struct NamedMatrix {
  std::string name;
  RowMatrix<Scalar>* value = nullptr;
  double init_bound = 0.0;
};

template <typename Scalar> class Model {
public:
  virtual ~Model() = default;

  virtual Cell cell() const = 0;
  virtual Index n_grid() const = 0;
  virtual Index n_place() const = 0;
  virtual Index batch() const = 0;
  virtual Index steps() const = 0;

  // Parameters and gradients, in the same fixed order with the same names and shapes.
  virtual std::vector<NamedMatrix<Scalar>> parameters() = 0;
  virtual std::vector<NamedMatrix<Scalar>> gradients() = 0;

  // Runs the model on `batch` (whose sizes must equal batch() and steps()) and returns the loss
  // including the weight-decay term. With `training`, dropout masks are drawn from a counter-
  // based generator keyed by `mask_seed`, so the same seed gives the same masks (resumed runs
  // stay bit-exact); without it no dropout is applied.
  virtual double forward(const RnnBatch<Scalar>& batch, bool training, std::uint64_t mask_seed) = 0;
  // Backpropagation through time after forward() on the same batch: fills gradients().
  virtual void backward(const RnnBatch<Scalar>& batch) = 0;

  // After forward(): the hidden states h_1..h_T (T*B x n_g, row t*B + b), i.e. the units whose
  // ratemaps are scored, and the decoder's outputs (T*B x n_p).
  virtual ConstRowMap<Scalar> states() const = 0;
  virtual ConstRowMap<Scalar> outputs() const = 0;
};

// Builds a model with every parameter zero. Throws InternalError for non-positive sizes.
template <typename Scalar>
std::unique_ptr<Model<Scalar>> make_model(const ModelConfig& config, Index n_grid, Index n_place,
                                          Index batch, Index steps);

// torch's default initialisation: every parameter uniform in [-init_bound, init_bound], drawn
// from std::mt19937_64(seed) in parameters() order, row-major (53-bit uniforms, so a seed gives
// the same weights with every standard library).
template <typename Scalar> void init_default(Model<Scalar>& model, std::uint64_t seed);

} // namespace gridtheory::train
