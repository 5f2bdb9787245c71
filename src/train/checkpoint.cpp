#include "src/train/checkpoint.hpp"

#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace gridtheory::train {

namespace fs = std::filesystem;

namespace {

const char* const kHeader = "step,loss,decoding_error_cm,seconds";

std::string g17(double v) {
  if (std::isnan(v)) return "nan";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The .npy shape of a parameter: a column vector (bias) is 1-D like torch's.
template <typename Scalar> std::vector<std::size_t> npy_shape_of(const RowMatrix<Scalar>& m) {
  if (m.cols() == 1) return {static_cast<std::size_t>(m.rows())};
  return {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
}

void write_float_npy(const fs::path& path, std::vector<std::size_t> shape, const float* data,
                     std::size_t n) {
  std::vector<double> wide(data, data + n); // float -> double -> float is exact
  write_npy(path, shape, wide.data(), NpyDtype::float32, "--out");
}

template <typename Scalar>
void read_into(const fs::path& path, Scalar* dest, const std::vector<std::size_t>& shape,
               const std::string& option) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw UserError(option, path.string(), "is missing",
                    "a checkpoint written by gridtheory train");
  const NpyArray a = read_npy(path, option);
  if (a.shape != shape)
    throw UserError(option, path.string(), "has shape " + npy_shape_text(a.shape),
                    "shape " + npy_shape_text(shape));
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    if (!std::isfinite(a.data[i]))
      throw UserError(option, path.string(),
                      "holds a non-finite value at flat index " + std::to_string(i),
                      "finite weights");
    dest[i] = static_cast<Scalar>(a.data[i]);
  }
}

template <typename Scalar>
void load_parameters_impl(const fs::path& folder, Model<Scalar>& model, const std::string& option) {
  for (auto& p : model.parameters())
    read_into(folder / (p.name + ".npy"), p.value->data(), npy_shape_of(*p.value), option);
}

} // namespace

std::string metrics_csv(const std::vector<MetricsRow>& rows) {
  std::string out = std::string(kHeader) + "\n";
  for (const auto& r : rows)
    out += std::to_string(r.step) + "," + g17(r.loss) + "," + g17(r.decoding_error_cm) + "," +
           g17(r.seconds) + "\n";
  return out;
}

std::vector<MetricsRow> parse_metrics_csv(const std::string& text, const std::string& option,
                                          const std::string& path) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kHeader)
    throw UserError(option, path, "does not start with the header " + std::string(kHeader),
                    "a metrics.csv written by gridtheory train");
  std::vector<MetricsRow> rows;
  while (std::getline(in, line)) {
    MetricsRow r;
    char* end = nullptr;
    const char* s = line.c_str();
    r.step = std::strtoll(s, &end, 10);
    bool ok = *end == ',';
    if (ok) r.loss = std::strtod(end + 1, &end), ok = *end == ',';
    if (ok) r.decoding_error_cm = std::strtod(end + 1, &end), ok = *end == ',';
    if (ok) r.seconds = std::strtod(end + 1, &end), ok = *end == '\0';
    if (!ok)
      throw UserError(option, path, "has a malformed row: " + line,
                      "a metrics.csv written by gridtheory train");
    rows.push_back(r);
  }
  return rows;
}

void save_checkpoint(const fs::path& run_dir, const nlohmann::ordered_json& config_json,
                     Model<float>& model, Optimizer<float>& optimizer, const CheckpointState& state,
                     const std::vector<MetricsRow>& metrics) {
  const fs::path fresh = run_dir / "checkpoint.new", current = run_dir / "checkpoint",
                 old = run_dir / "checkpoint.old";
  std::error_code ec;
  fs::remove_all(fresh, ec);
  try {
    fs::create_directories(fresh / "optimizer", ec);
    if (ec)
      throw UserError("--out", fresh.string(), "could not be created: " + ec.message(),
                      "a writable folder");
    write_file_atomically(fresh / "config.json", config_json.dump(2) + "\n", "--out");
    const auto params = model.parameters();
    for (const auto& p : params)
      write_float_npy(fresh / (p.name + ".npy"), npy_shape_of(*p.value), p.value->data(),
                      static_cast<std::size_t>(p.value->size()));
    for (const auto& buffer : optimizer.state())
      for (std::size_t k = 0; k < params.size(); ++k)
        write_float_npy(fresh / "optimizer" / (params[k].name + "." + buffer.name + ".npy"),
                        npy_shape_of(*params[k].value), buffer.per_param[k].data(),
                        buffer.per_param[k].size());
    write_file_atomically(fresh / "metrics.csv", metrics_csv(metrics), "--out");
    nlohmann::ordered_json s;
    s["step"] = state.step;
    s["seconds"] = state.seconds;
    s["optimizer_steps"] = state.optimizer_steps;
    write_file_atomically(fresh / "state.json", s.dump(2) + "\n", "--out"); // last: complete
  } catch (...) {
    // A full or unwritable folder: drop the half-written folder, keep the previous checkpoint.
    fs::remove_all(fresh, ec);
    throw;
  }

  fs::remove_all(old, ec);
  if (fs::exists(current, ec)) {
    fs::rename(current, old, ec);
    if (ec) {
      const std::string why = ec.message();
      fs::remove_all(fresh, ec);
      throw UserError("--out", current.string(), "could not be replaced: " + why,
                      "a writable folder");
    }
  }
  fs::rename(fresh, current, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::rename(old, current, ec); // put the previous one back (latest_checkpoint finds either)
    fs::remove_all(fresh, ec);
    throw UserError("--out", current.string(), "could not be written: " + why, "a writable folder");
  }
  fs::remove_all(old, ec);
}

std::optional<fs::path> latest_checkpoint(const fs::path& run_dir) {
  std::error_code ec;
  for (const char* name : {"checkpoint", "checkpoint.old"})
    if (fs::is_regular_file(run_dir / name / "state.json", ec)) return run_dir / name;
  return std::nullopt;
}

std::optional<fs::path> find_checkpoint(const fs::path& dir, const std::string& option) {
  std::error_code ec;
  if (!fs::exists(dir, ec))
    throw UserError(option, dir.string(), "does not exist", "a checkpoint folder or a run folder");
  if (!fs::is_directory(dir, ec))
    throw UserError(option, dir.string(), "is not a folder", "a checkpoint folder or a run folder");
  if (auto ck = latest_checkpoint(dir)) return ck;
  // checkpoint/ only ever appears whole (a renamed complete folder); checkpoint.old may be half
  // removed by a killed run, which is why it is not checked here.
  if (fs::exists(dir / "checkpoint", ec))
    throw UserError(option, (dir / "checkpoint").string(),
                    "is not a complete checkpoint (no state.json: the folder is damaged)",
                    "a checkpoint folder written by gridtheory train");
  if (fs::is_regular_file(dir / "state.json", ec)) return dir;
  return std::nullopt;
}

void load_parameters(const fs::path& folder, Model<float>& model, const std::string& option) {
  load_parameters_impl(folder, model, option);
}
void load_parameters(const fs::path& folder, Model<double>& model, const std::string& option) {
  load_parameters_impl(folder, model, option);
}

nlohmann::json read_json_file(const fs::path& path, const std::string& option) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw UserError(option, path.string(), "is missing", "a file written by gridtheory");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError(option, path.string(), "could not be read", "a file written by gridtheory");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::exception& e) {
    throw UserError(option, path.string(), std::string("is not valid JSON: ") + e.what(),
                    "a file written by gridtheory");
  }
}

CheckpointState load_optimizer(const fs::path& folder, Optimizer<float>& optimizer,
                               Model<float>& model, const std::string& option) {
  const nlohmann::json s = read_json_file(folder / "state.json", option);
  CheckpointState state;
  try {
    state.step = s.at("step").get<long long>();
    state.seconds = s.at("seconds").get<double>();
    state.optimizer_steps = s.at("optimizer_steps").get<std::int64_t>();
    if (!s.at("step").is_number_integer() || !s.at("optimizer_steps").is_number_integer() ||
        state.step < 0 || state.optimizer_steps < 0 || !std::isfinite(state.seconds))
      throw UserError(option, (folder / "state.json").string(),
                      "has a negative or non-integer step count",
                      "a state.json written by gridtheory train");
  } catch (const nlohmann::json::exception& e) {
    throw UserError(option, (folder / "state.json").string(),
                    std::string("is not a valid checkpoint state: ") + e.what(),
                    "a state.json written by gridtheory train");
  }
  const auto params = model.parameters();
  for (const auto& buffer : optimizer.state())
    for (std::size_t k = 0; k < params.size(); ++k)
      read_into(folder / "optimizer" / (params[k].name + "." + buffer.name + ".npy"),
                buffer.per_param[k].data(), npy_shape_of(*params[k].value), option);
  optimizer.set_steps_taken(state.optimizer_steps);
  return state;
}

} // namespace gridtheory::train
