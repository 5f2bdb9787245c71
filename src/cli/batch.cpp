// `gridtheory batch`: the batch a run trained on at a given step, written as the .npy files
// `gridtheory loss` reads, so a checkpoint can be checked on the very data the trainer used (and
// another framework fed the same batch).
#include "src/cli/command.hpp"
#include "src/io/npy.hpp"
#include "src/train/checkpoint.hpp"
#include "src/train/run_inputs.hpp"
#include "src/train/trainer.hpp"
#include "theory/errors.hpp"

#include <cstdio>
#include <memory>
#include <omp.h>

namespace gridtheory::cli {

namespace fs = std::filesystem;

namespace {

struct BatchCliOptions {
  std::string run, out, format = "text";
  long long step = 1;
};

} // namespace

Command add_batch_command(CLI::App& parent) {
  auto o = std::make_shared<BatchCliOptions>();
  CLI::App* app = parent.add_subcommand(
      "batch", "Write the batch a train run used at one step (velocity, targets, positions as "
               ".npy), in the layout gridtheory loss --batch reads");
  app->add_option("--run", o->run, "a run folder written by gridtheory train (its config.json)")
      ->required()
      ->type_name("DIR");
  app->add_option("--step", o->step,
                  "training step, 1-based as in metrics.csv: the batch fed to the weights after "
                  "STEP - 1 updates (default 1)")
      ->type_name("STEP");
  app->add_option("--out", o->out, "new folder for the .npy files")->required()->type_name("DIR");
  app->add_option("--format", o->format, "stdout: text or json")->type_name("text|json");

  auto run = [o](std::ostream& out) {
    if (o->format != "text" && o->format != "json")
      throw UserError("--format", o->format, "is not a known format", "text, json");
    std::error_code ec;
    const fs::path run_dir(o->run), dir(o->out);
    if (!fs::is_regular_file(run_dir / "config.json", ec))
      throw UserError("--run", o->run, "holds no config.json",
                      "a run folder written by gridtheory train");
    train::TrainConfig c =
        train::train_config_from_json(train::read_json_file(run_dir / "config.json", "--run"),
                                      "--run", (run_dir / "config.json").string());
    c.threads = omp_get_num_procs();
    if (fs::exists(dir, ec)) throw UserError("--out", o->out, "already exists", "a new folder");
    const fs::path holder = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
    if (!fs::is_directory(holder, ec))
      throw UserError("--out", o->out, "is in a folder that does not exist",
                      "a new folder in an existing, writable folder");
    const train::TrainingBatch b = train::training_batch(c, o->step, "--step");

    const auto T = static_cast<std::size_t>(b.steps), B = static_cast<std::size_t>(b.batch),
               P = static_cast<std::size_t>(b.n_place);
    if (!fs::create_directory(dir, ec) || ec)
      throw UserError("--out", o->out, "could not be created" + (ec ? ": " + ec.message() : ""),
                      "a new folder in an existing, writable folder");
    try {
      // The network's inputs and targets are float32 in training; positions keep float64.
      write_npy(dir / "velocity.npy", {T, B, 2}, b.velocity.data(), NpyDtype::float32, "--out");
      write_npy(dir / "init_targets.npy", {B, P}, b.init_targets.data(), NpyDtype::float32,
                "--out");
      write_npy(dir / "targets.npy", {T, B, P}, b.targets.data(), NpyDtype::float32, "--out");
      write_npy(dir / "positions.npy", {T, B, 2}, b.positions.data(), NpyDtype::float64, "--out");
      write_npy(dir / "start_positions.npy", {B, 2}, b.start_positions.data(), NpyDtype::float64,
                "--out");
    } catch (...) {
      fs::remove_all(dir, ec); // nothing half-written
      throw;
    }
    if (o->format == "json") {
      nlohmann::ordered_json j;
      j["run"] = o->run;
      j["step"] = o->step;
      j["seq_len"] = b.steps;
      j["batch"] = b.batch;
      j["n_place"] = b.n_place;
      j["out"] = o->out;
      out << j.dump(2) << "\n";
      return;
    }
    char buf[200];
    std::snprintf(buf, sizeof buf, "batch of step %lld: T = %d steps, B = %d trajectories, ",
                  o->step, b.steps, b.batch);
    out << buf << b.n_place << " targets per position\nfiles             " << o->out << "\n";
  };
  return {app, run};
}

} // namespace gridtheory::cli
