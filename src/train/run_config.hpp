// The fully resolved configuration of one training run: what `gridtheory train` parses, writes
// as config.json, and reads back to resume a run. Every field has a documented default
// (theory/defaults.hpp) and a preset may fill fields the user did not give.
#pragma once

#include "src/params/encoding_text.hpp"
#include "src/train/model.hpp"
#include "theory/encoding.hpp"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gridtheory::train {

enum class OptimizerKind { adam, sgd, rmsprop };
std::string_view optimizer_name(OptimizerKind k);
OptimizerKind parse_optimizer(std::string_view option, std::string_view text);

// "cross-entropy" or "mse": the spelling of --loss and of config.json's "loss".
std::string_view loss_name(Loss k);
// The reference's loss for a family: softmax cross-entropy for every place-cell code (NFL builds
// each as a distribution over cells, see theory/place_cells.hpp), MSE for cartesian and polar.
Loss reference_loss(Family family);

struct TrainConfig {
  Encoding encoding; // resolved once from the options (config.json holds it as text and back)
  double box_m = defaults::box_m;
  bool periodic = false;
  int hidden = defaults::train_hidden;
  Cell cell = Cell::rnn;
  Activation activation = Activation::relu;
  long long steps = defaults::train_steps;
  int batch = defaults::trajectory_batch;
  int seq_len = defaults::trajectory_steps;
  double lr = defaults::train_lr;
  OptimizerKind optimizer = OptimizerKind::adam;
  double weight_decay = defaults::train_weight_decay;
  double input_dropout = 0.0;
  double recurrent_dropout = 0.0;
  double clip_norm = 0.0; // 0: no clipping
  std::uint64_t seed = defaults::seed;
  long long checkpoint_every = defaults::train_checkpoint_every;
  long long log_every = defaults::train_log_every;
  bool eval = true;
  int eval_batches = defaults::train_eval_batches;
  int eval_bins = defaults::train_eval_bins;
  long long eval_every = 0; // also evaluate every N steps into evals.csv (0: only at the end)
  int threads = 1;
  std::string preset; // empty: none
  // reference_loss(family) unless --loss chose MSE for a place-cell code (ours, not NFL's).
  Loss loss = Loss::cross_entropy;

  ModelConfig model_config() const;
};

// The options of a new run as typed values (nullopt: not given, so the preset or the default
// fills it). The CLI parses its text into these (parse_train_options); Python converts its
// keywords to them directly. resolve_train_config checks each (UserError naming {name}).
struct TrainOptions {
  EncodingOptions encoding;
  bool encoding_given = false; // the family was chosen (not only defaulted to dos)
  std::optional<double> box_m;
  bool periodic = false;
  std::optional<long long> hidden;
  std::optional<Cell> cell;
  std::optional<Activation> activation;
  std::optional<Loss> loss;
  std::optional<long long> steps, batch, seq_len;
  std::optional<double> lr;
  std::optional<OptimizerKind> optimizer;
  std::optional<double> weight_decay, input_dropout, recurrent_dropout, clip;
  std::optional<long long> seed, checkpoint_every, log_every;
  std::optional<bool> eval; // true: default, false: none
  std::optional<long long> eval_batches, eval_bins, eval_every, threads;
  std::optional<std::string> preset;
};

// The options of `gridtheory train` as text, before validation (nullopt: not given).
struct TrainOptionText {
  EncodingSpec encoding;
  bool encoding_given = false;
  std::optional<std::string> box, hidden, cell, activation, steps, batch, seq_len, lr, optimizer,
      weight_decay, input_dropout, recurrent_dropout, clip, seed, checkpoint_every, log_every, eval,
      eval_batches, eval_bins, eval_every, threads, preset, loss;
  bool periodic = false;
};

// The named presets and what each sets (option name without "--" -> value); a user's option
// always wins over its preset.
const std::map<std::string, std::map<std::string, std::string>>& presets();

// The whole-number options and their allowed ranges (one table: the text parser and the typed
// check quote the same limits).
enum class TrainCount {
  hidden,
  steps,
  batch,
  seq_len,
  seed,
  checkpoint_every,
  log_every,
  eval_batches,
  eval_bins,
  eval_every,
  threads
};
// `text` as the count `which` (UserError naming it and quoting the text).
long long parse_train_count(TrainCount which, std::string_view text);
// The same range check for a typed value (UserError quoting the number).
void require_train_count(TrainCount which, long long value);

// Each given option's text parsed into its typed value, with the range checks that quote the
// text as given (the typed checks of resolve_train_config then pass).
TrainOptions parse_train_options(const TrainOptionText& text);

// Validates every option (UserError naming the parameter, the value and what is allowed), fills
// in the preset and the defaults. `default_threads` is the threads default.
TrainConfig resolve_train_config(TrainOptions options, int default_threads);
// resolve_train_config(parse_train_options(text), default_threads).
TrainConfig resolve_train_config(const TrainOptionText& text, int default_threads);

// Overrides the evaluation options of a resolved config (`gridtheory evaluate`), each validated
// as `train` validates it (nullopt: keep).
void apply_evaluation_options(TrainConfig& c, std::optional<long long> eval_bins,
                              std::optional<long long> eval_batches,
                              std::optional<long long> threads);

// config.json: every field, plus the resolved encoding and the project version.
nlohmann::ordered_json to_json(const TrainConfig& config);
// Reads config.json back (UserError naming `option` and `source` when a field is missing or
// invalid).
TrainConfig train_config_from_json(const nlohmann::json& j, const std::string& option,
                                   const std::string& source);

} // namespace gridtheory::train
