// Reading what the tool writes: .npy arrays and the run folders of `gridtheory train`.
#include "python/bindings.hpp"
#include "python/convert.hpp"
#include "src/io/npy.hpp"
#include "src/report/score_table.hpp"
#include "src/train/checkpoint.hpp"
#include "src/train/run_config.hpp"
#include "src/train/run_inputs.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace gridtheory::python {

namespace fs = std::filesystem;

namespace {

const char* kRunAllowed = "a run folder written by gridtheory train";

std::string path_text(py::handle path) {
  return py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>();
}

py::object npy_to_python(NpyArray&& a) {
  if (a.dtype == NpyDtype::float32) return to_numpy_float32(a.data, a.shape);
  return to_numpy(std::move(a.data), a.shape);
}

std::string read_text(const fs::path& path, const std::string& option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(option, path.string(), "could not be read", kRunAllowed);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// scores.csv (src/report/score_table.hpp): "unit", the score columns, then "sac"; "nan" for
// NaN. 'sac' is None for a file written before that column.
py::dict parse_scores_csv(const std::string& text, const fs::path& path,
                          const std::string& option) {
  // The current header, or an earlier version's: without "sac", or also without the lattice
  // statistics (its first score_columns_v1 columns; the others are NaN).
  std::string header_v2 = unit_column, header_v1;
  for (std::size_t c = 0; c < score_columns.size(); ++c) {
    header_v2 += std::string(",") + score_columns[c];
    if (c + 1 == score_columns_v1) header_v1 = header_v2;
  }
  const std::string header = header_v2 + ",sac";
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || (line != header && line != header_v2 && line != header_v1))
    throw UserError(option, path.string(), "does not start with the header " + header,
                    "a scores.csv written by gridtheory train");
  const bool has_sac = line == header;
  const std::size_t stored = line == header_v1 ? score_columns_v1 : score_columns.size();
  std::optional<std::string> sac;
  std::vector<double> unit;
  std::array<std::vector<double>, score_columns.size()> columns;
  while (std::getline(in, line)) {
    // The SAC's name ends the row: split it off, and every row must name the same one.
    if (has_sac) {
      const auto comma = line.rfind(',');
      const std::string name = comma == std::string::npos ? std::string() : line.substr(comma + 1);
      if (comma == std::string::npos || (name != "deepmind" && name != "nan-aware") ||
          (sac && *sac != name))
        throw UserError(option, path.string(), "has a malformed row: " + line,
                        "a scores.csv written by gridtheory train");
      sac = name;
      line.resize(comma);
    }
    const char* s = line.c_str();
    char* end = nullptr;
    const double u = static_cast<double>(std::strtoll(s, &end, 10));
    bool ok = end != s && *end == ',';
    for (std::size_t c = 0; ok && c < columns.size(); ++c) {
      if (c >= stored) {
        columns[c].push_back(std::nan(""));
        continue;
      }
      const char* start = end + 1;
      const double v = std::strtod(start, &end);
      ok = end != start && *end == (c + 1 == stored ? '\0' : ',');
      columns[c].push_back(v);
    }
    if (!ok)
      throw UserError(option, path.string(), "has a malformed row: " + line,
                      "a scores.csv written by gridtheory train");
    unit.push_back(u);
  }
  const std::size_t n = unit.size();
  py::array_t<std::int64_t> units(static_cast<py::ssize_t>(n));
  for (std::size_t i = 0; i < n; ++i)
    units.mutable_data()[i] = static_cast<std::int64_t>(unit[i]);
  py::dict d;
  d[unit_column] = units;
  for (std::size_t c = 0; c < columns.size(); ++c)
    d[score_columns[c]] = to_numpy(std::move(columns[c]), {n});
  d["sac"] = sac ? py::object(py::str(*sac)) : py::object(py::none());
  return d;
}

py::dict metrics_dict(const std::vector<train::MetricsRow>& rows) {
  const std::size_t n = rows.size();
  py::array_t<std::int64_t> step(static_cast<py::ssize_t>(n));
  std::vector<double> loss, error, seconds;
  for (std::size_t i = 0; i < n; ++i) {
    step.mutable_data()[i] = rows[i].step;
    loss.push_back(rows[i].loss);
    error.push_back(rows[i].decoding_error_cm);
    seconds.push_back(rows[i].seconds);
  }
  py::dict d;
  d["step"] = step;
  d["loss"] = to_numpy(std::move(loss), {n});
  d["decoding_error_cm"] = to_numpy(std::move(error), {n});
  d["seconds"] = to_numpy(std::move(seconds), {n});
  return d;
}

py::dict read_run_py(py::object path_arg, bool parameters) {
  const std::string option = "run";
  const fs::path dir = path_text(path_arg);
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UserError(option, dir.string(), "is not a folder", kRunAllowed);

  py::dict out;
  out["path"] = dir.string();
  const nlohmann::json config = train::read_json_file(dir / "config.json", option);
  train::train_config_from_json(config, option, (dir / "config.json").string()); // validates
  out["config"] = to_python(config);

  const bool finished = fs::is_regular_file(dir / "summary.json", ec);
  out["finished"] = finished;
  out["summary"] =
      finished ? to_python(train::read_json_file(dir / "summary.json", option)) : py::none();

  const fs::path metrics = dir / "metrics.csv";
  out["metrics"] = fs::is_regular_file(metrics, ec)
                       ? py::object(metrics_dict(train::parse_metrics_csv(
                             read_text(metrics, option), option, metrics.string())))
                       : py::object(py::none());

  const fs::path ratemaps = dir / "ratemaps.npy";
  out["ratemaps"] = fs::is_regular_file(ratemaps, ec) ? npy_to_python(read_npy(ratemaps, option))
                                                      : py::object(py::none());
  const fs::path scores = dir / "scores.csv";
  out["scores"] = fs::is_regular_file(scores, ec)
                      ? py::object(parse_scores_csv(read_text(scores, option), scores, option))
                      : py::object(py::none());

  const auto checkpoint = train::latest_checkpoint(dir);
  if (!checkpoint) {
    out["checkpoint"] = py::none();
    return out;
  }
  py::dict c;
  c["path"] = checkpoint->string();
  const nlohmann::json state = train::read_json_file(*checkpoint / "state.json", option);
  c["state"] = to_python(state);
  if (parameters) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(*checkpoint))
      if (entry.is_regular_file() && entry.path().extension() == ".npy")
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    py::dict params;
    for (const auto& f : files)
      params[py::str(f.stem().string())] = npy_to_python(read_npy(f, option));
    c["parameters"] = params;
  }
  out["checkpoint"] = c;
  return out;
}

// The batch of one training step (src/train/run_inputs.hpp), as numpy arrays.
py::dict training_batch_py(py::object path_arg, py::object step_arg) {
  const auto given = optional_count_arg(step_arg, param("step"));
  if (!given) throw UserError::without_value(param("step"), "is required", "a step >= 1");
  const long long step = *given;
  const std::string option = "run";
  const fs::path dir = path_text(path_arg);
  std::error_code ec;
  if (!fs::is_regular_file(dir / "config.json", ec))
    throw UserError(option, dir.string(), "holds no config.json", kRunAllowed);
  train::TrainConfig c = train::train_config_from_json(
      train::read_json_file(dir / "config.json", option), option, (dir / "config.json").string());
  c.threads = 1;
  const train::TrainingBatch b = train::training_batch(c, step, "step");
  const auto T = static_cast<std::size_t>(b.steps), B = static_cast<std::size_t>(b.batch),
             P = static_cast<std::size_t>(b.n_place);
  py::dict out;
  out["velocity"] = to_numpy_float32(b.velocity, {T, B, 2});
  out["init_targets"] = to_numpy_float32(b.init_targets, {B, P});
  out["targets"] = to_numpy_float32(b.targets, {T, B, P});
  out["positions"] = to_numpy(std::vector<double>(b.positions), {T, B, 2});
  out["start_positions"] = to_numpy(std::vector<double>(b.start_positions), {B, 2});
  return out;
}

} // namespace

void bind_run(py::module_& m) {
  bind_training(m);
  m.def("training_batch", &training_batch_py, py::arg("run"), py::arg("step") = 1,
        R"(The batch a `gridtheory train` run used at one training step, as `gridtheory batch`
writes it (the layout `gridtheory loss --batch` reads).

run: the run folder (str or os.PathLike; its config.json).
step: 1-based as in metrics.csv: the batch fed to the weights after step - 1 updates.

Returns a dict of numpy arrays (T = seq_len, B = batch, n_p = the code's outputs):
  'velocity' float32 (T, B, 2), m/s: step t moves the agent from position t - 1 to t in dt.
  'init_targets' float32 (B, n_p): the target code at 'start_positions'.
  'targets' float32 (T, B, n_p): the target code at 'positions'.
  'positions' float64 (T, B, 2), metres, origin at the arena's corner, after each step.
  'start_positions' float64 (B, 2), metres.

Raises ValueError naming 'run' (no or bad config.json) or 'step' (below 1).)");

  m.def(
      "read_npy", [](py::object path) { return npy_to_python(read_npy(path_text(path), "path")); },
      py::arg("path"),
      R"(Read a .npy file the tool wrote (float32 or float64, C order) as a numpy array of the
same dtype and shape. Raises ValueError (the CLI's message, naming 'path') for a missing,
truncated or unsupported file (integers, big-endian, Fortran order).)");

  m.def("read_run", &read_run_py, py::arg("path"), py::arg("parameters") = false,
        R"(Read a run folder written by `gridtheory train --out DIR` (finished or not).

path: the folder (str or os.PathLike).
parameters: also read the latest checkpoint's weights (default False).

Returns a dict:
  'path': the folder.
  'config': config.json as a dict (the fully resolved configuration; validated).
  'finished': whether summary.json exists (written last).
  'summary': summary.json as a dict (decoding_error_cm, max_score_60, fractions above
      0.3 / 0.8 / 1.15, median_grid_spacing_m, predicted_grid_spacing_m, ms_per_step,
      ...), or None while the run is unfinished.
  'metrics': metrics.csv as numpy columns 'step' (int64), 'loss', 'decoding_error_cm'
      (cm, training batch), 'seconds' (wall-clock since the start); None if absent.
  'ratemaps': ratemaps.npy, float32 (units, nbins, nbins), [row][col] = [y][x], NaN
      unvisited; None if absent.
  'scores': scores.csv as numpy columns 'unit' (int64) and gridtheory.score_columns (six
      significant digits), and 'sac', the SAC they come from ('deepmind'; None for a file
      written before scores.csv named it); None if absent.
  'checkpoint': None, or {'path', 'state' (state.json: step, seconds, optimizer_steps),
      'parameters' (with parameters=True: name -> float32 array, PyTorch's names)}.

Raises ValueError naming 'run' when the folder, config.json or a file in it is missing or
malformed.)");
}

} // namespace gridtheory::python
