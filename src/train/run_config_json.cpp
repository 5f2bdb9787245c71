// A run's config.json: the resolved TrainConfig written out, and read back through the same
// parser as the command line (so a hand-edited file gets the same checks and messages).
#include "src/report/encoding_report.hpp"
#include "src/train/run_config.hpp"
#include "src/version.hpp"
#include "theory/errors.hpp"

#include <cstdint>

namespace gridtheory::train {

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
