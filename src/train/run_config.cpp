#include "src/train/run_config.hpp"

#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <limits>
#include <type_traits>

namespace gridtheory::train {

namespace {

constexpr long long kMaxSteps = 100'000'000;

struct CountLimits {
  const char* name;
  long long min, max;
  const char* what;
};
const CountLimits& limits(TrainCount which) {
  static const CountLimits table[] = {
      {"hidden", 1, 16384, "units"},
      {"steps", 1, kMaxSteps, "optimiser steps"},
      {"batch", 1, 100'000, "trajectories"},
      {"seq_len", 1, 10'000, "time steps"},
      {"seed", 0, std::numeric_limits<long long>::max(), "a seed"},
      {"checkpoint_every", 1, kMaxSteps, "steps"},
      {"log_every", 1, kMaxSteps, "steps"},
      {"eval_batches", 1, 100'000, "batches"},
      {"eval_bins", 3, 512, "bins per side"},
      {"eval_every", 0, kMaxSteps, "steps (0: off)"},
      {"threads", 1, 256, "threads"},
  };
  return table[static_cast<int>(which)];
}

// The real-valued options' ranges.
const Range kBoxRange{0.0, true, "a side in metres"};
const Range kLrRange{0.0, true, "a learning rate", 10.0};
const Range kWeightDecayRange{0.0, false, "a coefficient"};
const Range kClipRange{0.0, false, "a gradient norm (0: off)"};
const Range kProbabilityRange{0.0, false, "a probability", 1.0};

void require_below_one(const char* name, double p, const std::string& value) {
  if (p >= 1.0)
    throw UserError(param(name), value, "would drop every unit", "a probability in [0, 1)");
}

double parse_probability(const char* name, const std::string& text) {
  const double p = parse_number(param(name), text, kProbabilityRange);
  require_below_one(name, p, text);
  return p;
}

void require_probability(const char* name, double p) {
  require_in_range(param(name), p, kProbabilityRange);
  require_below_one(name, p, format_number(p));
}

void check_preset_name(const std::string& name) {
  if (presets().count(name)) return;
  std::string names;
  for (const auto& [known, values] : presets())
    names += (names.empty() ? "" : ", ") + known;
  throw UserError(param("preset"), name, "is not a known preset", names);
}

} // namespace

std::string_view optimizer_name(OptimizerKind k) {
  switch (k) {
  case OptimizerKind::adam:
    return "adam";
  case OptimizerKind::sgd:
    return "sgd";
  case OptimizerKind::rmsprop:
    return "rmsprop";
  }
  throw InternalError("optimizer_name: unknown optimizer");
}

OptimizerKind parse_optimizer(std::string_view option, std::string_view text) {
  for (auto k : {OptimizerKind::adam, OptimizerKind::sgd, OptimizerKind::rmsprop})
    if (text == optimizer_name(k)) return k;
  throw UserError(std::string(option), std::string(text), "is not a known optimizer",
                  "adam, sgd, rmsprop");
}

std::string_view loss_name(Loss k) {
  return k == Loss::cross_entropy ? "cross-entropy" : "mse";
}

Loss reference_loss(Family family) {
  return family == Family::cartesian || family == Family::polar ? Loss::mse : Loss::cross_entropy;
}

ModelConfig TrainConfig::model_config() const {
  ModelConfig m;
  m.cell = cell;
  m.activation = activation;
  m.loss = loss;
  m.weight_decay = weight_decay;
  m.input_dropout = input_dropout;
  m.recurrent_dropout = recurrent_dropout;
  return m;
}

const std::map<std::string, std::map<std::string, std::string>>& presets() {
  // reference: NFL's network and schedule (the defaults, named). lightweight: see the README's
  // preset table for the search behind these numbers.
  static const std::map<std::string, std::map<std::string, std::string>> table = {
      {"reference", {}},
      {"lightweight",
       {{"hidden", "256"}, {"steps", "12000"}, {"lr", "2e-3"}, {"checkpoint-every", "1000"}}},
  };
  return table;
}

long long parse_train_count(TrainCount which, std::string_view text) {
  const CountLimits& l = limits(which);
  return parse_count(param(l.name), text, l.min, l.max, l.what);
}

void require_train_count(TrainCount which, long long value) {
  const CountLimits& l = limits(which);
  require_count_in_range(param(l.name), value, l.min, l.max, l.what);
}

TrainOptions parse_train_options(const TrainOptionText& t) {
  TrainOptions o;
  if (t.preset) check_preset_name(*t.preset);
  o.preset = t.preset;
  o.encoding = parse_encoding_options(t.encoding);
  o.encoding_given = t.encoding_given;
  if (t.loss) {
    if (*t.loss == loss_name(Loss::mse))
      o.loss = Loss::mse;
    else if (*t.loss == loss_name(Loss::cross_entropy))
      o.loss = Loss::cross_entropy;
    else
      throw UserError(param("loss"), *t.loss, "is not a known loss", "cross-entropy, mse");
  }
  if (t.box) o.box_m = parse_number(param("box"), *t.box, kBoxRange);
  o.periodic = t.periodic;
  const auto count = [](TrainCount which, const std::optional<std::string>& text) {
    return text ? std::optional<long long>(parse_train_count(which, *text)) : std::nullopt;
  };
  o.hidden = count(TrainCount::hidden, t.hidden);
  if (t.cell) o.cell = parse_cell(param("cell"), *t.cell);
  if (t.activation) o.activation = parse_activation(param("activation"), *t.activation);
  o.steps = count(TrainCount::steps, t.steps);
  o.batch = count(TrainCount::batch, t.batch);
  o.seq_len = count(TrainCount::seq_len, t.seq_len);
  if (t.optimizer) o.optimizer = parse_optimizer(param("optimizer"), *t.optimizer);
  if (t.lr) o.lr = parse_number(param("lr"), *t.lr, kLrRange);
  if (t.weight_decay)
    o.weight_decay = parse_number(param("weight_decay"), *t.weight_decay, kWeightDecayRange);
  if (t.input_dropout) o.input_dropout = parse_probability("input_dropout", *t.input_dropout);
  if (t.recurrent_dropout)
    o.recurrent_dropout = parse_probability("recurrent_dropout", *t.recurrent_dropout);
  if (t.clip) o.clip = parse_number(param("clip"), *t.clip, kClipRange);
  o.seed = count(TrainCount::seed, t.seed);
  o.checkpoint_every = count(TrainCount::checkpoint_every, t.checkpoint_every);
  o.log_every = count(TrainCount::log_every, t.log_every);
  if (t.eval) {
    if (*t.eval != "none" && *t.eval != "default")
      throw UserError(param("eval"), *t.eval, "is not a known evaluation", "none, default");
    o.eval = *t.eval == "default";
  }
  o.eval_batches = count(TrainCount::eval_batches, t.eval_batches);
  o.eval_bins = count(TrainCount::eval_bins, t.eval_bins);
  o.eval_every = count(TrainCount::eval_every, t.eval_every);
  o.threads = count(TrainCount::threads, t.threads);
  return o;
}

TrainConfig resolve_train_config(const TrainOptionText& text, int default_threads) {
  return resolve_train_config(parse_train_options(text), default_threads);
}

TrainConfig resolve_train_config(TrainOptions o, int default_threads) {
  TrainConfig c;
  if (o.preset) {
    check_preset_name(*o.preset);
    c.preset = *o.preset;
    // A preset's values are text: parsed as the command line's (a user's option always wins).
    TrainOptionText fill;
    for (const auto& [key, value] : presets().at(*o.preset)) {
      if (key == "hidden") fill.hidden = value;
      if (key == "steps") fill.steps = value;
      if (key == "lr") fill.lr = value;
      if (key == "batch") fill.batch = value;
      if (key == "seq-len") fill.seq_len = value;
      if (key == "checkpoint-every") fill.checkpoint_every = value;
      if (key == "optimizer") fill.optimizer = value;
      if (key == "weight-decay") fill.weight_decay = value;
      if (key == "eval-batches") fill.eval_batches = value;
      if (key == "cells") fill.encoding.cells = value;
    }
    const TrainOptions p = parse_train_options(fill);
    const auto take = [](auto& field, const auto& preset_value) {
      if (!field) field = preset_value;
    };
    take(o.hidden, p.hidden);
    take(o.steps, p.steps);
    take(o.lr, p.lr);
    take(o.batch, p.batch);
    take(o.seq_len, p.seq_len);
    take(o.checkpoint_every, p.checkpoint_every);
    take(o.optimizer, p.optimizer);
    take(o.weight_decay, p.weight_decay);
    take(o.eval_batches, p.eval_batches);
    take(o.encoding.cells, p.encoding.cells);
  }

  c.encoding = make_encoding(o.encoding); // validates every encoding option
  const Encoding& enc = c.encoding;
  if (enc.family == Family::polar || enc.family == Family::cartesian) {
    if (o.encoding.cells)
      throw UserError(param("cells"), std::to_string(*o.encoding.cells),
                      "does not apply: " + std::string(family_name(enc.family)) +
                          " targets are always 2 numbers",
                      "no {cells} with {encoding} " + std::string(family_name(enc.family)));
  } else if (enc.cells < defaults::decode_top_cells) {
    // The decoding error averages the centres of the most active cells: it needs that many.
    throw UserError(param("cells"), std::to_string(enc.cells),
                    "is too few for training: the decoding error averages the centres of the " +
                        std::to_string(defaults::decode_top_cells) + " most active cells",
                    "at least " + std::to_string(defaults::decode_top_cells) + " place cells");
  }
  c.loss = reference_loss(enc.family);
  if (o.loss) {
    if (*o.loss == Loss::mse)
      c.loss = Loss::mse;
    else if (c.loss != Loss::cross_entropy)
      throw UserError(param("loss"), std::string(loss_name(*o.loss)),
                      "does not apply: " + std::string(family_name(enc.family)) +
                          " targets are not a distribution over cells",
                      "mse (or no {loss}) with {encoding} " + std::string(family_name(enc.family)));
  }
  if (o.box_m) {
    require_in_range(param("box"), *o.box_m, kBoxRange);
    c.box_m = *o.box_m;
  }
  c.periodic = o.periodic;
  const auto count = [](TrainCount which, const std::optional<long long>& v, auto& field) {
    if (!v) return;
    require_train_count(which, *v);
    field = static_cast<std::remove_reference_t<decltype(field)>>(*v);
  };
  count(TrainCount::hidden, o.hidden, c.hidden);
  if (o.cell) c.cell = *o.cell;
  if (o.activation) c.activation = *o.activation;
  if (c.cell != Cell::rnn && c.activation != Activation::relu)
    throw UserError(param("activation"), std::string(activation_name(c.activation)),
                    "applies to {cell} rnn only (gated cells use their own sigmoid and tanh)",
                    "no {activation} with {cell} " + std::string(cell_name(c.cell)));
  count(TrainCount::steps, o.steps, c.steps);
  count(TrainCount::batch, o.batch, c.batch);
  count(TrainCount::seq_len, o.seq_len, c.seq_len);
  if (o.optimizer) c.optimizer = *o.optimizer;
  const auto real = [](const char* name, const std::optional<double>& v, const Range& range,
                       double& field) {
    if (!v) return;
    require_in_range(param(name), *v, range);
    field = *v;
  };
  real("lr", o.lr, kLrRange, c.lr);
  real("weight_decay", o.weight_decay, kWeightDecayRange, c.weight_decay);
  if (o.input_dropout) {
    require_probability("input_dropout", *o.input_dropout);
    c.input_dropout = *o.input_dropout;
  }
  if (o.recurrent_dropout) {
    require_probability("recurrent_dropout", *o.recurrent_dropout);
    c.recurrent_dropout = *o.recurrent_dropout;
  }
  real("clip", o.clip, kClipRange, c.clip_norm);
  if (o.seed) {
    require_train_count(TrainCount::seed, *o.seed);
    c.seed = static_cast<std::uint64_t>(*o.seed);
  }
  count(TrainCount::checkpoint_every, o.checkpoint_every, c.checkpoint_every);
  count(TrainCount::log_every, o.log_every, c.log_every);
  if (o.eval) c.eval = *o.eval;
  count(TrainCount::eval_batches, o.eval_batches, c.eval_batches);
  count(TrainCount::eval_bins, o.eval_bins, c.eval_bins);
  if (o.eval_every) {
    count(TrainCount::eval_every, o.eval_every, c.eval_every);
    if (c.eval_every > 0 && !c.eval)
      throw UserError(param("eval_every"), std::to_string(*o.eval_every),
                      "does not apply with {eval} none", "no {eval_every}, or {eval} default");
  }
  c.threads = default_threads;
  count(TrainCount::threads, o.threads, c.threads);
  return c;
}

void apply_evaluation_options(TrainConfig& c, std::optional<long long> eval_bins,
                              std::optional<long long> eval_batches,
                              std::optional<long long> threads) {
  const auto apply = [](TrainCount which, const std::optional<long long>& v, int& field) {
    if (!v) return;
    require_train_count(which, *v);
    field = static_cast<int>(*v);
  };
  apply(TrainCount::eval_bins, eval_bins, c.eval_bins);
  apply(TrainCount::eval_batches, eval_batches, c.eval_batches);
  apply(TrainCount::threads, threads, c.threads);
  c.eval = true;
}

} // namespace gridtheory::train
