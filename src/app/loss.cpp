#include "src/app/loss.hpp"

#include "src/io/npy.hpp"
#include "src/train/checkpoint.hpp"
#include "src/train/evaluation.hpp"
#include "src/train/run_inputs.hpp"
#include "src/train/trainer.hpp"
#include "theory/errors.hpp"

#include <cmath>

namespace gridtheory::app {

namespace fs = std::filesystem;
using namespace gridtheory::train;

namespace {

struct BatchFiles {
  NpyArray velocity, init_targets, targets, positions;
  std::size_t T = 0, B = 0, n_p = 0;
};

NpyArray read_part(const fs::path& dir, const char* name) {
  const fs::path path = dir / (std::string(name) + ".npy");
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw UserError(param("batch"), path.string(), "is missing",
                    "a folder with velocity.npy, init_targets.npy, targets.npy, positions.npy");
  NpyArray a = read_npy(path, param("batch"));
  for (std::size_t i = 0; i < a.data.size(); ++i)
    if (!std::isfinite(a.data[i]))
      throw UserError(param("batch"), path.string(),
                      "holds a non-finite value at flat index " + std::to_string(i),
                      "finite values");
  return a;
}

BatchFiles read_batch(const fs::path& dir, std::size_t n_place) {
  BatchFiles b;
  b.velocity = read_part(dir, "velocity");
  b.init_targets = read_part(dir, "init_targets");
  b.targets = read_part(dir, "targets");
  b.positions = read_part(dir, "positions");
  const auto& v = b.velocity.shape;
  if (v.size() != 3 || v[2] != 2 || v[0] == 0 || v[1] == 0)
    throw UserError(param("batch"), (dir / "velocity.npy").string(),
                    "has shape " + npy_shape_text(v), "(T, B, 2) with T, B >= 1");
  b.T = v[0];
  b.B = v[1];
  b.n_p = n_place;
  const auto expect = [&](const NpyArray& a, const char* name,
                          const std::vector<std::size_t>& shape) {
    if (a.shape != shape)
      throw UserError(param("batch"), (dir / (std::string(name) + ".npy")).string(),
                      "has shape " + npy_shape_text(a.shape),
                      npy_shape_text(shape) +
                          " (T and B from velocity.npy, n_p from the checkpoint)");
  };
  expect(b.init_targets, "init_targets", {b.B, n_place});
  expect(b.targets, "targets", {b.T, b.B, n_place});
  expect(b.positions, "positions", {b.T, b.B, 2});
  return b;
}

// Writes every gradient as DIR/NAME.npy, or none: a full folder leaves no partial set behind.
template <typename Scalar>
std::vector<std::string> write_gradients(Model<Scalar>& model, const fs::path& dir,
                                         NpyDtype dtype) {
  std::vector<std::string> written;
  try {
    for (const auto& g : model.gradients()) {
      const std::vector<double> wide(g.value->data(), g.value->data() + g.value->size());
      std::vector<std::size_t> shape{static_cast<std::size_t>(g.value->rows())};
      if (g.value->cols() != 1) shape.push_back(static_cast<std::size_t>(g.value->cols()));
      write_npy(dir / (g.name + ".npy"), shape, wide.data(), dtype, param("gradients"));
      written.push_back(g.name + ".npy");
    }
  } catch (...) {
    std::error_code ec;
    for (const auto& name : written)
      fs::remove(dir / name, ec);
    throw;
  }
  return written;
}

template <typename Scalar>
LossResult evaluate(const TrainConfig& c, const fs::path& ckpt, const BatchFiles& f,
                    const LossRequest& r) {
  const Encoding& enc = c.encoding;
  const Population pop = run_population(c, enc);
  const auto T = static_cast<Index>(f.T), B = static_cast<Index>(f.B);
  ModelConfig mc = c.model_config();
  auto model = make_model<Scalar>(mc, c.hidden, pop.cells, B, T);
  load_parameters(ckpt, *model, param("checkpoint"));
  // Aligned as the trainer's buffers, so the same batch gives the same bits as in training.
  using Aligned = std::vector<Scalar, Eigen::aligned_allocator<Scalar>>;
  const Aligned velocity(f.velocity.data.begin(), f.velocity.data.end());
  const Aligned p0(f.init_targets.data.begin(), f.init_targets.data.end());
  const Aligned targets(f.targets.data.begin(), f.targets.data.end());
  const RnnBatch<Scalar> batch(B, T, pop.cells, velocity.data(), p0.data(), targets.data());
  LossResult out;
  out.loss = model->forward(batch, false, 0);
  model->backward(batch);

  TrajectoryBatch traj;
  traj.resize(static_cast<int>(T), static_cast<int>(B));
  std::copy(f.positions.data.begin(), f.positions.data.end(),
            traj.positions.begin() + 2 * static_cast<std::ptrdiff_t>(B));
  std::vector<double> xy(static_cast<std::size_t>(2 * T * B));
  out.decoding_error_cm = decoding_error_cm(pop, model->outputs(), traj, xy);
  out.precision = r.precision;
  out.steps = T;
  out.batch = B;
  if (r.gradients) {
    out.gradients =
        write_gradients(*model, *r.gradients,
                        r.precision == Precision::float32 ? NpyDtype::float32 : NpyDtype::float64);
    out.gradients_dir = r.gradients;
  }
  return out;
}

} // namespace

std::string_view precision_name(Precision p) {
  return p == Precision::float32 ? "float32" : "float64";
}

Precision parse_precision(std::string_view text) {
  for (auto p : {Precision::float32, Precision::float64})
    if (text == precision_name(p)) return p;
  throw UserError(param("precision"), std::string(text), "is not a known precision",
                  "float32, float64");
}

LossResult loss(const LossRequest& r) {
  std::error_code ec;
  const fs::path ckpt =
      find_checkpoint(r.checkpoint, param("checkpoint")).value_or(fs::path(r.checkpoint));
  if (!fs::is_regular_file(ckpt / "config.json", ec))
    throw UserError(param("checkpoint"), (ckpt / "config.json").string(), "is missing",
                    "a checkpoint written by gridtheory train");
  if (!fs::is_directory(r.batch, ec))
    throw UserError(param("batch"), r.batch.string(), "is not a folder", "a folder of .npy files");
  if (r.gradients && !fs::is_directory(*r.gradients, ec))
    throw UserError(param("gradients"), r.gradients->string(), "is not an existing folder",
                    "an existing, writable folder");
  const TrainConfig c =
      train_config_from_json(read_json_file(ckpt / "config.json", param("checkpoint")),
                             param("checkpoint"), (ckpt / "config.json").string());
  const Encoding& enc = c.encoding;
  const BatchFiles files =
      read_batch(r.batch, static_cast<std::size_t>(uses_width(enc.family) ? enc.cells : 2));
  return r.precision == Precision::float32 ? evaluate<float>(c, ckpt, files, r)
                                           : evaluate<double>(c, ckpt, files, r);
}

nlohmann::ordered_json to_json(const LossResult& r) {
  nlohmann::ordered_json j;
  j["loss"] = r.loss;
  j["decoding_error_cm"] = r.decoding_error_cm;
  j["precision"] = std::string(precision_name(r.precision));
  j["steps"] = r.steps;
  j["batch"] = r.batch;
  j["dropout"] = "off (evaluation)";
  if (r.gradients_dir) j["gradients"] = r.gradients;
  return j;
}

} // namespace gridtheory::app
