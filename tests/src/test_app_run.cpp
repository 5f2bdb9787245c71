// The trainer's use cases of src/app/ (train, loss, evaluate) called with typed requests: the
// same results as the CLI on the same options, the progress callback, and a bad typed value
// refused with a UserError naming the parameter.
#include "cli_harness.hpp"
#include "src/app/evaluate.hpp"
#include "src/app/loss.hpp"
#include "src/app/train.hpp"
#include "theory/errors.hpp"
#include "train_harness.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace gridtheory;
using namespace gridtheory::test;
namespace fs = std::filesystem;

namespace {

// The typed request of train_harness.hpp's tiny() (40 steps).
app::TrainRequest tiny_request(const fs::path& out) {
  app::TrainRequest r;
  auto& o = r.options;
  o.hidden = 12;
  o.encoding.cells = 24;
  o.steps = 40;
  o.batch = 6;
  o.seq_len = 5;
  o.lr = 3e-3;
  o.threads = 1;
  o.checkpoint_every = 10;
  o.log_every = 5;
  o.eval_batches = 3;
  o.eval_bins = 8;
  o.seed = 7;
  r.out = out;
  return r;
}

// The option a UserError names, after a call that must throw one.
template <typename F> std::string refused_option(F&& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.option();
  }
  return "(nothing thrown)";
}

// summary.json without what differs between two runs of the same config (timing, the folder).
nlohmann::json comparable(nlohmann::json s) {
  for (const char* key : {"seconds", "ms_per_step"})
    s.erase(key);
  return s;
}

} // namespace

TEST_CASE("app::train with a typed request writes the run the CLI writes with the same options",
          "[app]") {
  TempFolder dir("app-train");
  const CliResult cli = run_cli(tiny(dir.path / "cli"));
  REQUIRE(cli.code == 0);
  std::vector<train::TrainingProgress> seen;
  app::TrainRequest r = tiny_request(dir.path / "app");
  r.progress = [&](const train::TrainingProgress& p) { seen.push_back(p); };
  const app::TrainResult result = app::train(r);
  CHECK(result.dir == dir.path / "app");
  CHECK_FALSE(result.already_finished);
  CHECK(result.steps == 40);
  CHECK(result.evaluated);
  CHECK(comparable(read_json(dir.path / "app" / "summary.json")) ==
        comparable(read_json(dir.path / "cli" / "summary.json")));
  CHECK(metrics_without_time(dir.path / "app" / "metrics.csv") ==
        metrics_without_time(dir.path / "cli" / "metrics.csv"));
  CHECK(result.final_loss == result.summary.at("final_loss").get<double>());
  // Every --log-every steps: 5, 10, ..., 40, with the numbers metrics.csv holds.
  REQUIRE(seen.size() == 8);
  CHECK(seen.front().step == 5);
  CHECK(seen.back().step == 40);
  CHECK(seen.back().steps == 40);
  CHECK(seen.back().loss == result.final_loss);
  CHECK(seen.back().decoding_error_cm == result.train_decoding_error_cm);
}

TEST_CASE("app::train: an exception from the progress callback stops the run, which resumes",
          "[app]") {
  TempFolder dir("app-train-stop");
  app::TrainRequest r = tiny_request(dir.path / "run");
  r.progress = [](const train::TrainingProgress& p) {
    if (p.step == 15) throw std::runtime_error("stop");
  };
  CHECK_THROWS_AS(app::train(r), std::runtime_error);
  CHECK_FALSE(fs::exists(dir.path / "run" / "summary.json"));
  CHECK(read_json(dir.path / "run" / "checkpoint" / "state.json").at("step") == 10);
  app::TrainRequest resume;
  resume.resume = dir.path / "run";
  const app::TrainResult done = app::train(resume);
  CHECK(done.steps == 40);
  const app::TrainResult again = app::train(resume);
  CHECK(again.already_finished);
  CHECK(again.summary == done.summary);
}

TEST_CASE("app::train refuses a bad typed request naming the parameter", "[app]") {
  TempFolder dir("app-train-bad");
  const auto with = [&](auto change) {
    app::TrainRequest r = tiny_request(dir.path / "run");
    change(r);
    return refused_option([&] { app::train(r); });
  };
  CHECK(with([](app::TrainRequest& r) { r.options.hidden = 0; }) == param("hidden"));
  CHECK(with([](app::TrainRequest& r) { r.options.lr = 20.0; }) == param("lr"));
  CHECK(with([](app::TrainRequest& r) { r.options.input_dropout = 1.0; }) ==
        param("input_dropout"));
  CHECK(with([](app::TrainRequest& r) { r.options.box_m = -1.0; }) == param("box"));
  CHECK(with([](app::TrainRequest& r) { r.options.preset = "fast"; }) == param("preset"));
  CHECK(with([](app::TrainRequest& r) {
          r.options.eval = false;
          r.options.eval_every = std::nullopt;
        }) == param("eval_bins"));
  CHECK(with([](app::TrainRequest& r) {
          r.options.cell = train::Cell::lstm;
          r.options.activation = Activation::tanh;
        }) == param("activation"));
  CHECK(with([](app::TrainRequest& r) { r.out.reset(); }) == param("out"));
  // The first option given beside resume, in the CLI's order of options.
  CHECK(with([&](app::TrainRequest& r) { r.resume = dir.path / "run"; }) == param("cells"));
  CHECK(fs::is_empty(dir.path));
  try {
    app::TrainRequest r = tiny_request(dir.path / "run");
    r.options.hidden = 0;
    app::train(r);
  } catch (const UserError& e) {
    CHECK(std::string(e.what()) ==
          "{hidden}: '0' is out of range (allowed: units, a whole number from 1 to 16384)");
  }
}

TEST_CASE("app::loss and app::evaluate give what the CLI prints as JSON", "[app]") {
  TempFolder dir("app-loss");
  REQUIRE(run_cli(tiny(dir.path / "run", "10")).code == 0);
  REQUIRE(run_cli({"batch", "--run", (dir.path / "run").string(), "--step", "3", "--out",
                   (dir.path / "batch").string()})
              .code == 0);
  app::LossRequest l;
  l.checkpoint = dir.path / "run";
  l.batch = dir.path / "batch";
  const CliResult cli = run_cli({"loss", "--checkpoint", l.checkpoint.string(), "--batch",
                                 l.batch.string(), "--format", "json"});
  REQUIRE(cli.code == 0);
  const app::LossResult lr = app::loss(l);
  CHECK(app::to_json(lr).dump(2) + "\n" == cli.out);
  CHECK(lr.steps == 5);
  CHECK(lr.batch == 6);
  CHECK(lr.gradients.empty());
  app::LossRequest missing = l;
  missing.gradients = dir.path / "nowhere";
  CHECK(refused_option([&] { app::loss(missing); }) == param("gradients"));

  app::EvaluateRequest e;
  e.run = dir.path / "run";
  e.out = dir.path / "eval";
  e.threads = 1;
  const app::EvaluateResult er = app::evaluate(e);
  const CliResult cli_eval =
      run_cli({"evaluate", "--run", e.run.string(), "--out", (dir.path / "eval-cli").string(),
               "--threads", "1", "--format", "json"});
  REQUIRE(cli_eval.code == 0);
  nlohmann::json a = er.summary, b = nlohmann::json::parse(cli_eval.out);
  CHECK(er.checkpoint_step == 10);
  CHECK(a.at("decoding_error_cm") == b.at("decoding_error_cm"));
  CHECK(a.at("max_score_60") == b.at("max_score_60"));
  app::EvaluateRequest bad = e;
  bad.out = dir.path / "eval-2";
  bad.eval_bins = 2;
  CHECK(refused_option([&] { app::evaluate(bad); }) == param("eval_bins"));
}
