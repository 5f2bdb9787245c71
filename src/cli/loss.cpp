// `gridtheory loss`: the loss, decoding error and gradients of a checkpoint on one batch given
// as .npy files, so any other framework can be checked against ours.
#include "src/cli/command.hpp"
#include "src/io/npy.hpp"
#include "src/train/checkpoint.hpp"
#include "src/train/evaluation.hpp"
#include "src/train/run_inputs.hpp"
#include "src/train/trainer.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

namespace gridtheory::cli {

namespace fs = std::filesystem;
using namespace gridtheory::train;

namespace {

struct LossCliOptions {
  std::string checkpoint, batch, gradients, format = "text", precision = "float32";
};

struct BatchFiles {
  NpyArray velocity, init_targets, targets, positions;
  std::size_t T = 0, B = 0, n_p = 0;
};

NpyArray read_part(const fs::path& dir, const char* name) {
  const fs::path path = dir / (std::string(name) + ".npy");
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw UserError("--batch", path.string(), "is missing",
                    "a folder with velocity.npy, init_targets.npy, targets.npy, positions.npy");
  NpyArray a = read_npy(path, "--batch");
  for (std::size_t i = 0; i < a.data.size(); ++i)
    if (!std::isfinite(a.data[i]))
      throw UserError("--batch", path.string(),
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
    throw UserError("--batch", (dir / "velocity.npy").string(), "has shape " + npy_shape_text(v),
                    "(T, B, 2) with T, B >= 1");
  b.T = v[0];
  b.B = v[1];
  b.n_p = n_place;
  const auto expect = [&](const NpyArray& a, const char* name,
                          const std::vector<std::size_t>& shape) {
    if (a.shape != shape)
      throw UserError("--batch", (dir / (std::string(name) + ".npy")).string(),
                      "has shape " + npy_shape_text(a.shape),
                      npy_shape_text(shape) +
                          " (T and B from velocity.npy, n_p from the checkpoint)");
  };
  expect(b.init_targets, "init_targets", {b.B, n_place});
  expect(b.targets, "targets", {b.T, b.B, n_place});
  expect(b.positions, "positions", {b.T, b.B, 2});
  return b;
}

template <typename Scalar>
nlohmann::ordered_json evaluate(const TrainConfig& c, const fs::path& ckpt, const BatchFiles& f,
                                const std::string& gradients_dir, NpyDtype dtype) {
  const Encoding& enc = c.encoding;
  const Population pop = run_population(c, enc);
  const auto T = static_cast<Index>(f.T), B = static_cast<Index>(f.B);
  ModelConfig mc = c.model_config();
  auto model = make_model<Scalar>(mc, c.hidden, pop.cells, B, T);
  load_parameters(ckpt, *model, "--checkpoint");
  // Aligned as the trainer's buffers, so the same batch gives the same bits as in training.
  using Aligned = std::vector<Scalar, Eigen::aligned_allocator<Scalar>>;
  const Aligned velocity(f.velocity.data.begin(), f.velocity.data.end());
  const Aligned p0(f.init_targets.data.begin(), f.init_targets.data.end());
  const Aligned targets(f.targets.data.begin(), f.targets.data.end());
  const RnnBatch<Scalar> batch(B, T, pop.cells, velocity.data(), p0.data(), targets.data());
  const double loss = model->forward(batch, false, 0);
  model->backward(batch);

  TrajectoryBatch traj;
  traj.resize(static_cast<int>(T), static_cast<int>(B));
  std::copy(f.positions.data.begin(), f.positions.data.end(),
            traj.positions.begin() + 2 * static_cast<std::ptrdiff_t>(B));
  std::vector<double> xy(static_cast<std::size_t>(2 * T * B));
  const double err = decoding_error_cm(pop, model->outputs(), traj, xy);

  nlohmann::ordered_json j;
  j["loss"] = loss;
  j["decoding_error_cm"] = err;
  j["precision"] = dtype == NpyDtype::float32 ? "float32" : "float64";
  j["steps"] = T;
  j["batch"] = B;
  j["dropout"] = "off (evaluation)";
  if (!gradients_dir.empty()) {
    nlohmann::ordered_json written = nlohmann::ordered_json::array();
    try {
      for (const auto& g : model->gradients()) {
        const std::vector<double> wide(g.value->data(), g.value->data() + g.value->size());
        std::vector<std::size_t> shape{static_cast<std::size_t>(g.value->rows())};
        if (g.value->cols() != 1) shape.push_back(static_cast<std::size_t>(g.value->cols()));
        write_npy(fs::path(gradients_dir) / (g.name + ".npy"), shape, wide.data(), dtype,
                  "--gradients");
        written.push_back(g.name + ".npy");
      }
    } catch (...) {
      // A full folder: no partial set of gradients is left behind.
      std::error_code ec;
      for (const auto& name : written)
        fs::remove(fs::path(gradients_dir) / name.get<std::string>(), ec);
      throw;
    }
    j["gradients"] = written;
  }
  return j;
}

} // namespace

Command add_loss_command(CLI::App& parent) {
  auto o = std::make_shared<LossCliOptions>();
  CLI::App* app = parent.add_subcommand(
      "loss", "Loss (with the weight-decay term), decoding error and gradients of a checkpoint "
              "on one batch of .npy files (cross-check other frameworks against ours)");
  app->add_option("--checkpoint", o->checkpoint,
                  "a checkpoint folder, or a run folder (its latest checkpoint)")
      ->required()
      ->type_name("DIR");
  app->add_option("--batch", o->batch,
                  "folder with velocity.npy (T x B x 2, m/s), init_targets.npy (B x n_p), "
                  "targets.npy (T x B x n_p), positions.npy (T x B x 2, metres)")
      ->required()
      ->type_name("DIR");
  app->add_option("--gradients", o->gradients,
                  "write each parameter's gradient as OUT/NAME.npy (names as the checkpoint's); "
                  "the folder must exist")
      ->type_name("OUT");
  app->add_option("--precision", o->precision,
                  "arithmetic: float32 (as training, default) or float64")
      ->type_name("float32|float64");
  app->add_option("--format", o->format, "text (default) or json")->type_name("text|json");

  auto run = [o](std::ostream& out) {
    if (o->format != "text" && o->format != "json")
      throw UserError("--format", o->format, "is not a known format", "text, json");
    if (o->precision != "float32" && o->precision != "float64")
      throw UserError("--precision", o->precision, "is not a known precision", "float32, float64");
    std::error_code ec;
    const fs::path ckpt =
        find_checkpoint(o->checkpoint, "--checkpoint").value_or(fs::path(o->checkpoint));
    if (!fs::is_regular_file(ckpt / "config.json", ec))
      throw UserError("--checkpoint", (ckpt / "config.json").string(), "is missing",
                      "a checkpoint written by gridtheory train");
    if (!fs::is_directory(o->batch, ec))
      throw UserError("--batch", o->batch, "is not a folder", "a folder of .npy files");
    if (!o->gradients.empty()) {
      if (!fs::is_directory(o->gradients, ec))
        throw UserError("--gradients", o->gradients, "is not an existing folder",
                        "an existing, writable folder");
    }
    const TrainConfig c =
        train_config_from_json(read_json_file(ckpt / "config.json", "--checkpoint"), "--checkpoint",
                               (ckpt / "config.json").string());
    const Encoding& enc = c.encoding;
    const BatchFiles files =
        read_batch(o->batch, static_cast<std::size_t>(uses_width(enc.family) ? enc.cells : 2));
    const auto j = o->precision == "float32"
                       ? evaluate<float>(c, ckpt, files, o->gradients, NpyDtype::float32)
                       : evaluate<double>(c, ckpt, files, o->gradients, NpyDtype::float64);
    if (o->format == "json") {
      out << j.dump(2) << "\n";
      return;
    }
    char buf[128];
    std::snprintf(buf, sizeof buf, "loss               %.9g\ndecoding_error_cm  %.6g\n",
                  j.at("loss").get<double>(), j.at("decoding_error_cm").get<double>());
    out << buf;
    if (!o->gradients.empty()) out << "gradients          " << o->gradients << "\n";
  };
  return {app, run};
}

} // namespace gridtheory::cli
