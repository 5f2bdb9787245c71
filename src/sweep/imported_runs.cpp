// Runs trained elsewhere, mapped onto validate's columns (src/sweep/imported_runs.hpp).
#include "src/sweep/imported_runs.hpp"

#include "src/params/encoding_text.hpp"
#include "src/report/encoding_report.hpp"
#include "src/train/run_inputs.hpp"
#include "src/train/trainer.hpp"
#include "theory/activation.hpp"
#include "theory/distribution.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <toml++/toml.h>

namespace gridtheory::sweep {

namespace {

// Options whose values are numbers (a [scale] applies); the others are words or flags.
bool numeric_option(const std::string& name) {
  return name != "encoding" && name != "activation" && name != "periodic" &&
         name != "fields-per-cell"; // "2" or "poisson:MEAN": not scaled
}

bool known(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string allowed_names() {
  std::string s = "run_id";
  for (const auto* list : {&import_option_names(), &import_measure_names()})
    for (const auto& n : *list)
      s += ", " + n;
  return s;
}

std::string number_text(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

} // namespace

const std::vector<std::string>& import_option_names() {
  static const std::vector<std::string> names{
      "encoding", "sigma",    "surround-ratio",  "surround-variance-ratio",
      "alpha-e",  "alpha-i",  "fields-per-cell", "cells",
      "box",      "periodic", "activation",      "seed"};
  return names;
}

const std::vector<std::string>& import_measure_names() {
  static const std::vector<std::string> names{"decoding_error_cm",
                                              "max_score_60",
                                              "max_score_90",
                                              "max_stripe_score",
                                              "median_grid_spacing_m",
                                              "fraction_score_60_above_0.3",
                                              "fraction_score_60_above_0.8",
                                              "fraction_score_60_above_1.15"};
  return names;
}

ColumnMapping read_column_mapping(const std::filesystem::path& path, const std::string& option) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw UserError(option, path.string(), "is not a file", "a column mapping (.toml)");
  toml::table doc;
  try {
    doc = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw UserError(option, path.string(),
                    "is not valid TOML (line " + std::to_string(e.source().begin.line) +
                        "): " + std::string(e.description()),
                    "a TOML file with [columns], [scale] and [fixed] tables");
  }
  ColumnMapping m;
  for (auto&& [key, node] : doc) {
    const std::string section(key.str());
    const toml::table* t = node.as_table();
    if (!t || (section != "columns" && section != "scale" && section != "fixed"))
      throw UserError(option, path.string(), "has an entry '" + section + "'",
                      "the tables [columns], [scale] and [fixed]");
    for (auto&& [k, v] : *t) {
      const std::string name(k.str());
      const bool is_option = known(import_option_names(), name);
      const bool is_measure = known(import_measure_names(), name);
      const std::string where = "[" + section + "] " + name;
      if (!is_option && !is_measure && name != "run_id")
        throw UserError(option, path.string(), "names an unknown column " + where, allowed_names());
      if (section == "columns") {
        const auto s = v.value<std::string>();
        if (!s || s->empty())
          throw UserError(option, path.string(), where + " is not a column name",
                          "a string: the column of the imported table");
        m.columns[name] = *s;
      } else if (section == "scale") {
        const auto f = v.value<double>();
        if (!(is_measure || (is_option && numeric_option(name))))
          throw UserError(option, path.string(), where + " scales a value that is not a number",
                          "a scale for numeric options and measurements only");
        if (!f || !(*f > 0.0) || !std::isfinite(*f))
          throw UserError(option, path.string(), where + " is not a positive number",
                          "a positive factor (e.g. 0.01 for cm to m)");
        m.scale[name] = *f;
      } else {
        if (!is_option)
          throw UserError(option, path.string(), where + " is not a target option",
                          "[fixed] holds options only: " + import_option_names().front() +
                              ", sigma, ...");
        if (const auto s = v.value<std::string>())
          m.fixed[name] = *s;
        else if (const auto b = v.value<bool>())
          m.fixed[name] = *b ? "true" : "false";
        else if (const auto f = v.value<double>())
          m.fixed[name] = number_text(*f);
        else
          throw UserError(option, path.string(), where + " is not a value",
                          "a string, number or boolean");
      }
    }
  }
  for (const auto& [name, column] : m.columns)
    if (m.fixed.count(name))
      throw UserError(option, path.string(), name + " is both in [columns] and in [fixed]",
                      "one of the two");
  for (const auto& [name, f] : m.scale)
    if (!m.columns.count(name))
      throw UserError(option, path.string(), "[scale] " + name + " has no column in [columns]",
                      "a scale for a mapped column");
  if (!m.columns.count("decoding_error_cm"))
    throw UserError(option, path.string(), "maps no decoding_error_cm",
                    "a [columns] entry for decoding_error_cm: a network counts only if it "
                    "path-integrates");
  if (!m.columns.count("max_score_60") && !m.columns.count("fraction_score_60_above_0.3"))
    throw UserError(option, path.string(), "maps neither max_score_60 nor a score fraction",
                    "a [columns] entry for max_score_60 (or fraction_score_60_above_0.3)");
  return m;
}

CsvTable import_runs(const CsvTable& theirs, const ColumnMapping& m, const std::string& source,
                     const std::string& option) {
  for (const auto& [name, column] : m.columns)
    if (!theirs.column(column))
      throw UserError(option, source, "has no column '" + column + "' (mapped to " + name + ")",
                      "a table with every column the mapping names");
  CsvTable out;
  out.header = {"run_id", "index", "block", "command", "status", "error"};
  for (const auto& n : import_option_names())
    out.header.push_back("opt." + n);
  for (const auto& n : import_measure_names())
    out.header.push_back(n);
  out.header.insert(out.header.end(), {"predicted_pattern", "predicted_grid_spacing_m"});

  // One prediction per distinct target (a sampled spectrum takes a moment).
  std::map<std::string, Prediction> predictions;
  for (std::size_t row = 0; row < theirs.rows.size(); ++row) {
    const std::string at = "data row " + std::to_string(row + 1);
    const auto value = [&](const std::string& name) -> std::string {
      if (const auto f = m.fixed.find(name); f != m.fixed.end()) return f->second;
      const auto c = m.columns.find(name);
      if (c == m.columns.end()) return "";
      const std::string& text = theirs.field(row, c->second);
      const auto s = m.scale.find(name);
      if (text.empty() || s == m.scale.end()) return text;
      const auto v = theirs.number(row, c->second);
      if (!v)
        throw UserError(option, source,
                        at + ", column " + c->second + ": '" + text + "' is not a number",
                        "numbers in the columns [scale] names");
      return number_text(*v * s->second);
    };
    std::vector<std::string> fields{m.columns.count("run_id") ? value("run_id")
                                                              : "row-" + std::to_string(row + 1),
                                    std::to_string(row),
                                    "imported",
                                    "train",
                                    "done",
                                    ""};
    std::map<std::string, std::string> opt;
    for (const auto& n : import_option_names()) {
      opt[n] = value(n);
      fields.push_back(opt[n]);
    }
    for (const auto& n : import_measure_names()) {
      const std::string v = value(n);
      if (!v.empty() && !theirs.number(row, m.columns.at(n)))
        throw UserError(option, source,
                        at + ", column " + m.columns.at(n) + ": '" + v + "' is not a number",
                        "numbers (or empty fields) in the measurement columns");
      fields.push_back(v);
    }

    // The target as `train` would resolve it; a row that does not resolve is bad input here
    // (unlike a sweep's row, nobody can rerun it with corrected options).
    const EncodingSpec spec = encoding_spec_from([&](const char* n) {
      return opt[n].empty() ? std::nullopt : std::optional<std::string>(opt[n]);
    });
    Prediction p;
    try {
      const Encoding enc = make_encoding(spec);
      Box box;
      if (!opt["box"].empty())
        box.side_m = parse_number("--box", opt["box"], {0.0, true, "a side"});
      if (!opt["periodic"].empty()) {
        const std::string& f = opt["periodic"];
        if (f != "true" && f != "false" && f != "1" && f != "0")
          throw UserError("--periodic", f, "is not a flag", "true, false, 1, 0");
        box.periodic = f == "true" || f == "1";
      }
      const Activation act = opt["activation"].empty()
                                 ? Activation::relu
                                 : parse_activation("--activation", opt["activation"]);
      const std::uint64_t seed = opt["seed"].empty()
                                     ? 0
                                     : static_cast<std::uint64_t>(parse_number(
                                           "--seed", opt["seed"], {0.0, false, "a seed >= 0"}));
      const std::string key = to_json(enc).dump() + "|" + number_text(box.side_m) +
                              (box.periodic ? "|p|" : "|s|") + std::string(activation_name(act)) +
                              "|" + std::to_string(seed);
      const auto found = predictions.find(key);
      p = found != predictions.end()
              ? found->second
              : predictions.emplace(key, train::predict_for_run(enc, act, box, seed)).first->second;
    } catch (const UserError& e) {
      throw UserError(option, source, at + ": " + e.what(),
                      "target options train accepts (see the mapping's [columns] and [fixed])");
    }
    fields.push_back(std::string(pattern_name(p.pattern)));
    fields.push_back(p.grid_spacing_m ? number_text(*p.grid_spacing_m) : "");
    out.rows.push_back(std::move(fields));
  }
  if (out.rows.empty()) throw UserError(option, source, "has no data rows", "one row per run");
  return out;
}

} // namespace gridtheory::sweep
