#include "src/train/run_config.hpp"

#include "src/report/encoding_report.hpp"
#include "src/version.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <limits>

namespace gridtheory::train {

namespace {

constexpr long long kMaxSteps = 100'000'000;
constexpr int kMaxHidden = 16384;
constexpr int kMaxBatch = 100'000;
constexpr int kMaxSeqLen = 10'000;
constexpr int kMaxThreads = 256;
constexpr int kMaxEvalBatches = 100'000;
constexpr int kMaxEvalBins = 512;

std::string opt(const char* name) {
  return std::string("--") + name;
}

double parse_probability(const char* name, const std::string& text) {
  const double p = parse_number(opt(name), text, {0.0, false, "a probability", 1.0});
  if (p >= 1.0)
    throw UserError(opt(name), text, "would drop every unit", "a probability in [0, 1)");
  return p;
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

TrainConfig resolve_train_config(TrainOptionText t, int default_threads) {
  TrainConfig c;
  if (t.preset) {
    const auto it = presets().find(*t.preset);
    if (it == presets().end()) {
      std::string names;
      for (const auto& [name, values] : presets())
        names += (names.empty() ? "" : ", ") + name;
      throw UserError("--preset", *t.preset, "is not a known preset", names);
    }
    c.preset = *t.preset;
    const auto fill = [&](const char* key, std::optional<std::string>& field) {
      const auto v = it->second.find(key);
      if (!field && v != it->second.end()) field = v->second;
    };
    fill("hidden", t.hidden);
    fill("steps", t.steps);
    fill("lr", t.lr);
    fill("batch", t.batch);
    fill("seq-len", t.seq_len);
    fill("checkpoint-every", t.checkpoint_every);
    fill("optimizer", t.optimizer);
    fill("weight-decay", t.weight_decay);
    fill("eval-batches", t.eval_batches);
    if (const auto v = it->second.find("cells"); v != it->second.end() && !t.encoding.cells)
      t.encoding.cells = v->second;
  }

  c.encoding = make_encoding(t.encoding); // validates every encoding option
  const Encoding& enc = c.encoding;
  if (enc.family == Family::polar || enc.family == Family::cartesian) {
    if (t.encoding.cells)
      throw UserError("--cells", *t.encoding.cells,
                      "does not apply: " + std::string(family_name(enc.family)) +
                          " targets are always 2 numbers",
                      "no --cells with --encoding " + std::string(family_name(enc.family)));
  } else if (enc.cells < defaults::decode_top_cells) {
    // The decoding error averages the centres of the most active cells: it needs that many.
    throw UserError("--cells", t.encoding.cells.value_or(std::to_string(enc.cells)),
                    "is too few for training: the decoding error averages the centres of the " +
                        std::to_string(defaults::decode_top_cells) + " most active cells",
                    "at least " + std::to_string(defaults::decode_top_cells) + " place cells");
  }
  c.loss = reference_loss(enc.family);
  if (t.loss) {
    if (*t.loss == loss_name(Loss::mse))
      c.loss = Loss::mse;
    else if (*t.loss != loss_name(Loss::cross_entropy))
      throw UserError("--loss", *t.loss, "is not a known loss", "cross-entropy, mse");
    else if (c.loss != Loss::cross_entropy)
      throw UserError("--loss", *t.loss,
                      "does not apply: " + std::string(family_name(enc.family)) +
                          " targets are not a distribution over cells",
                      "mse (or no --loss) with --encoding " + std::string(family_name(enc.family)));
  }
  if (t.box) c.box_m = parse_number("--box", *t.box, {0.0, true, "a side in metres"});
  c.periodic = t.periodic;
  if (t.hidden)
    c.hidden = static_cast<int>(parse_count("--hidden", *t.hidden, 1, kMaxHidden, "units"));
  if (t.cell) c.cell = parse_cell("--cell", *t.cell);
  if (t.activation) c.activation = parse_activation("--activation", *t.activation);
  if (c.cell != Cell::rnn && c.activation != Activation::relu)
    throw UserError("--activation", std::string(activation_name(c.activation)),
                    "applies to --cell rnn only (gated cells use their own sigmoid and tanh)",
                    "no --activation with --cell " + std::string(cell_name(c.cell)));
  if (t.steps) c.steps = parse_count("--steps", *t.steps, 1, kMaxSteps, "optimiser steps");
  if (t.batch)
    c.batch = static_cast<int>(parse_count("--batch", *t.batch, 1, kMaxBatch, "trajectories"));
  if (t.seq_len)
    c.seq_len = static_cast<int>(parse_count("--seq-len", *t.seq_len, 1, kMaxSeqLen, "time steps"));
  if (t.optimizer) c.optimizer = parse_optimizer("--optimizer", *t.optimizer);
  if (t.lr) c.lr = parse_number("--lr", *t.lr, {0.0, true, "a learning rate", 10.0});
  if (t.weight_decay)
    c.weight_decay = parse_number("--weight-decay", *t.weight_decay, {0.0, false, "a coefficient"});
  if (t.input_dropout) c.input_dropout = parse_probability("input-dropout", *t.input_dropout);
  if (t.recurrent_dropout)
    c.recurrent_dropout = parse_probability("recurrent-dropout", *t.recurrent_dropout);
  if (t.clip)
    c.clip_norm = parse_number("--clip", *t.clip, {0.0, false, "a gradient norm (0: off)"});
  if (t.seed)
    c.seed = static_cast<std::uint64_t>(
        parse_count("--seed", *t.seed, 0, std::numeric_limits<long long>::max(), "a seed"));
  if (t.checkpoint_every)
    c.checkpoint_every =
        parse_count("--checkpoint-every", *t.checkpoint_every, 1, kMaxSteps, "steps");
  if (t.log_every) c.log_every = parse_count("--log-every", *t.log_every, 1, kMaxSteps, "steps");
  if (t.eval) {
    if (*t.eval != "none" && *t.eval != "default")
      throw UserError("--eval", *t.eval, "is not a known evaluation", "none, default");
    c.eval = *t.eval == "default";
  }
  if (t.eval_batches)
    c.eval_batches = static_cast<int>(
        parse_count("--eval-batches", *t.eval_batches, 1, kMaxEvalBatches, "batches"));
  if (t.eval_bins)
    c.eval_bins = static_cast<int>(
        parse_count("--eval-bins", *t.eval_bins, 3, kMaxEvalBins, "bins per side"));
  if (t.eval_every) {
    c.eval_every = parse_count("--eval-every", *t.eval_every, 0, kMaxSteps, "steps (0: off)");
    if (c.eval_every > 0 && !c.eval)
      throw UserError("--eval-every", *t.eval_every, "does not apply with --eval none",
                      "no --eval-every, or --eval default");
  }
  c.threads =
      t.threads ? static_cast<int>(parse_count("--threads", *t.threads, 1, kMaxThreads, "threads"))
                : default_threads;
  return c;
}

void apply_evaluation_options(TrainConfig& c, const std::optional<std::string>& eval_bins,
                              const std::optional<std::string>& eval_batches,
                              const std::optional<std::string>& threads) {
  if (eval_bins)
    c.eval_bins =
        static_cast<int>(parse_count("--eval-bins", *eval_bins, 3, kMaxEvalBins, "bins per side"));
  if (eval_batches)
    c.eval_batches = static_cast<int>(
        parse_count("--eval-batches", *eval_batches, 1, kMaxEvalBatches, "batches"));
  if (threads)
    c.threads = static_cast<int>(parse_count("--threads", *threads, 1, kMaxThreads, "threads"));
  c.eval = true;
}

nlohmann::ordered_json to_json(const TrainConfig& c) {
  nlohmann::ordered_json j;
  j["command"] = "train";
  j["version"] = std::string(version);
  // The typed encoding as the options that parse back to it (spec_of), read by
  // train_config_from_json; "encoding" is the resolved description people read.
  const EncodingSpec spec = spec_of(c.encoding);
  nlohmann::ordered_json e;
  e["encoding"] = spec.encoding;
  const auto put = [&](const char* key, const std::optional<std::string>& v) {
    e[key] = v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
  };
  put("sigma", spec.sigma);
  put("surround_ratio", spec.surround_ratio);
  put("surround_variance_ratio", spec.surround_variance_ratio);
  put("alpha_e", spec.alpha_e);
  put("alpha_i", spec.alpha_i);
  put("fields_per_cell", spec.fields_per_cell);
  put("cells", spec.cells);
  j["encoding_options"] = e;
  j["encoding"] = to_json(c.encoding);
  j["box_m"] = c.box_m;
  j["periodic"] = c.periodic;
  j["hidden"] = c.hidden;
  j["cell"] = std::string(cell_name(c.cell));
  j["activation"] = std::string(activation_name(c.activation));
  j["loss"] = std::string(loss_name(c.loss));
  j["steps"] = c.steps;
  j["batch"] = c.batch;
  j["seq_len"] = c.seq_len;
  j["lr"] = c.lr;
  j["optimizer"] = std::string(optimizer_name(c.optimizer));
  j["weight_decay"] = c.weight_decay;
  j["input_dropout"] = c.input_dropout;
  j["recurrent_dropout"] = c.recurrent_dropout;
  j["clip_norm"] = c.clip_norm;
  j["seed"] = c.seed;
  j["checkpoint_every"] = c.checkpoint_every;
  j["log_every"] = c.log_every;
  j["eval"] = c.eval ? "default" : "none";
  j["eval_batches"] = c.eval_batches;
  j["eval_bins"] = c.eval_bins;
  j["eval_every"] = c.eval_every;
  j["threads"] = c.threads;
  j["preset"] =
      c.preset.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.preset);
  return j;
}

TrainConfig train_config_from_json(const nlohmann::json& j, const std::string& option,
                                   const std::string& source) {
  // Re-validate through the same parser as the command line: a hand-edited config.json gets the
  // same checks and messages.
  try {
    TrainOptionText t;
    const auto& e = j.at("encoding_options");
    t.encoding.encoding = e.at("encoding").get<std::string>();
    const auto get = [&](const char* key, std::optional<std::string>& field) {
      if (!e.at(key).is_null()) field = e.at(key).get<std::string>();
    };
    get("sigma", t.encoding.sigma);
    get("surround_ratio", t.encoding.surround_ratio);
    get("surround_variance_ratio", t.encoding.surround_variance_ratio);
    get("alpha_e", t.encoding.alpha_e);
    get("alpha_i", t.encoding.alpha_i);
    get("fields_per_cell", t.encoding.fields_per_cell);
    get("cells", t.encoding.cells);
    const auto number = [&](const char* key) {
      const auto& v = j.at(key);
      if (!v.is_number())
        throw UserError(option, source, std::string("has a non-numeric \"") + key + "\"",
                        "a config.json written by gridtheory train");
      return format_number(v.get<double>());
    };
    const auto integer = [&](const char* key) {
      const auto& v = j.at(key);
      if (!v.is_number_integer())
        throw UserError(option, source, std::string("has a non-integer \"") + key + "\"",
                        "a config.json written by gridtheory train");
      return std::to_string(v.get<long long>());
    };
    t.box = number("box_m");
    t.periodic = j.at("periodic").get<bool>();
    t.hidden = integer("hidden");
    t.cell = j.at("cell").get<std::string>();
    t.activation = j.at("activation").get<std::string>();
    t.steps = integer("steps");
    t.batch = integer("batch");
    t.seq_len = integer("seq_len");
    t.lr = number("lr");
    t.optimizer = j.at("optimizer").get<std::string>();
    t.weight_decay = number("weight_decay");
    t.input_dropout = number("input_dropout");
    t.recurrent_dropout = number("recurrent_dropout");
    t.clip = number("clip_norm");
    if (!j.at("seed").is_number_unsigned())
      throw UserError(option, source, "has a \"seed\" that is not a non-negative integer",
                      "a config.json written by gridtheory train");
    t.seed = std::to_string(j.at("seed").get<std::uint64_t>());
    t.checkpoint_every = integer("checkpoint_every");
    t.log_every = integer("log_every");
    t.eval = j.at("eval").get<std::string>();
    // Runs written before --loss existed name the loss they were trained with as
    // "cross_entropy" or "mse"; the dog family was then fitted by MSE on raw targets.
    if (j.contains("loss")) {
      std::string l = j.at("loss").get<std::string>();
      t.loss = l == "cross_entropy" ? std::string(loss_name(Loss::cross_entropy)) : l;
    }
    t.eval_batches = integer("eval_batches");
    t.eval_bins = integer("eval_bins");
    if (j.contains("eval_every")) t.eval_every = integer("eval_every"); // absent before 0.1.0
    t.threads = integer("threads");
    TrainConfig c;
    try {
      c = resolve_train_config(t, 1);
    } catch (const UserError& bad) {
      // Name the file first: the value came from it, not from the command line.
      // The inner message already ends with what is allowed.
      throw UserError(option, source, std::string("holds a bad value: ") + bad.what(), "");
    }
    // Numbers went through text: take the exact doubles back.
    c.box_m = j.at("box_m").get<double>();
    c.lr = j.at("lr").get<double>();
    c.weight_decay = j.at("weight_decay").get<double>();
    c.input_dropout = j.at("input_dropout").get<double>();
    c.recurrent_dropout = j.at("recurrent_dropout").get<double>();
    c.clip_norm = j.at("clip_norm").get<double>();
    c.seed = j.at("seed").get<std::uint64_t>();
    if (j.contains("preset") && j.at("preset").is_string())
      c.preset = j.at("preset").get<std::string>();
    return c;
  } catch (const nlohmann::json::exception& ex) {
    throw UserError(option, source, std::string("is not a valid run config: ") + ex.what(),
                    "a config.json written by gridtheory train");
  }
}

} // namespace gridtheory::train
