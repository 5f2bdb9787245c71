// `gridtheory train` and `gridtheory loss` end to end on tiny networks: the run folder's files,
// bit-exact resume after SIGKILL (at a checkpoint, between checkpoints, before the first one,
// and between the checkpoint folder's renames), --init-from, the NaN stop, the loss command's
// gradients against finite differences of its own loss through the files, and bad input.
#include "cli_harness.hpp"
#include "process_harness.hpp"
#include "src/io/csv.hpp"
#include "src/io/npy.hpp"
#include "src/train/run_config.hpp"
#include "train_harness.hpp"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>

extern char** environ;

using namespace gridtheory;
using namespace gridtheory::test;
namespace fs = std::filesystem;

namespace {

long long checkpoint_step(const fs::path& run) {
  std::error_code ec;
  const fs::path state = run / "checkpoint" / "state.json";
  if (!fs::is_regular_file(state, ec)) return -1;
  try {
    return read_json(state).at("step").get<long long>();
  } catch (...) {
    return -1; // being renamed
  }
}

} // namespace

TEST_CASE("train writes a complete run folder", "[train]") {
  TempFolder tmp("train-folder");
  const fs::path run = tmp.path / "run";
  const CliResult r = run_cli(tiny(run));
  INFO(r.err);
  REQUIRE(r.code == 0);
  for (const char* f :
       {"config.json", "metrics.csv", "ratemaps.npy", "scores.csv", "ratemaps_top.png",
        "spacing.png", "spacing.csv", "sacs_top.png", "summary.json", "checkpoint/state.json",
        "checkpoint/encoder.weight.npy", "checkpoint/rnn.weight_ih.npy",
        "checkpoint/rnn.weight_hh.npy", "checkpoint/decoder.weight.npy",
        "checkpoint/optimizer/rnn.weight_hh.exp_avg_sq.npy"})
    CHECK(fs::is_regular_file(run / f));
  // No temporary or half-swapped files remain.
  for (const auto& e : fs::recursive_directory_iterator(run)) {
    INFO(e.path());
    CHECK(e.path().string().find(".tmp-") == std::string::npos);
    CHECK(e.path().filename() != "checkpoint.new");
    CHECK(e.path().filename() != "checkpoint.old");
  }

  const auto summary = read_json(run / "summary.json");
  for (const char* key :
       {"decoding_error_cm", "max_score_60", "fraction_score_60_above_0.3",
        "fraction_score_60_above_0.8", "median_grid_spacing_m", "predicted_grid_spacing_m",
        "ms_per_step", "max_score_90", "max_stripe_score", "observed_pattern",
        "median_fourier_spacing_m", "median_nfl_period_m", "count_spacing_disagree"})
    CHECK(summary.contains(key));
  CHECK(summary.at("steps") == 40);
  // dos, sigma 0.12, ratio 2 in a 2.2 m box: the theory's spacing (theory/README.md).
  CHECK(summary.at("predicted_grid_spacing_m").get<double>() == Approx(0.905625).epsilon(1e-5));
  CHECK(summary.at("decoding_error_cm").get<double>() > 0.0);

  const auto config = read_json(run / "config.json");
  CHECK(config.at("seed") == 7);
  CHECK(config.at("hidden") == 12);
  CHECK(config.at("loss") == "cross-entropy");
  CHECK(config.contains("version"));

  const NpyArray maps = read_npy(run / "ratemaps.npy", "test");
  CHECK(maps.shape == std::vector<std::size_t>{12, 8, 8});
  const std::string scores = slurp(run / "scores.csv");
  CHECK(std::count(scores.begin(), scores.end(), '\n') == 13);
  CHECK(scores.rfind("unit,score_60,", 0) == 0);
  // One metrics row per 5 steps; the weights' shapes are torch's.
  CHECK(metrics_without_time(run / "metrics.csv").find("40,") != std::string::npos);
  const std::string metrics = slurp(run / "metrics.csv");
  CHECK(std::count(metrics.begin(), metrics.end(), '\n') == 9);
  CHECK(read_npy(run / "checkpoint/encoder.weight.npy", "t").shape ==
        std::vector<std::size_t>{12, 24});
  CHECK(read_npy(run / "checkpoint/rnn.weight_ih.npy", "t").shape ==
        std::vector<std::size_t>{12, 2});
  CHECK(read_npy(run / "checkpoint/decoder.weight.npy", "t").shape ==
        std::vector<std::size_t>{24, 12});
}

TEST_CASE("train --eval-every writes one evals.csv row per N steps, the last equal to the summary",
          "[train]") {
  TempFolder tmp("train-evals");
  auto args = tiny(tmp.path / "run", "40");
  args.insert(args.end(), {"--eval-every", "20"});
  REQUIRE(run_cli(args).code == 0);
  std::istringstream in(slurp(tmp.path / "run" / "evals.csv"));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string v; std::getline(ls, v, ',');)
      f.push_back(v);
    rows.push_back(f);
  }
  REQUIRE(rows.size() == 3);
  CHECK(rows[0][0] == "step");
  CHECK(rows[0][10] == "median_grid_spacing_m");
  CHECK(rows[1][0] == "20");
  CHECK(rows[2][0] == "40");
  // The last evaluation sees the same weights and trajectories as the final one.
  const auto summary = read_json(tmp.path / "run" / "summary.json");
  CHECK(std::stod(rows[2][1]) ==
        Approx(summary.at("decoding_error_cm").get<double>()).epsilon(1e-5));
  CHECK(std::stod(rows[2][3]) == Approx(summary.at("max_score_60").get<double>()).epsilon(1e-5));
  CHECK(rows[2][15] == summary.at("observed_pattern").get<std::string>());
  CHECK(rows[0][16] == "sac"); // the SAC of the row's scores, as summary.json names it
  CHECK(rows[2][16] == summary.at("sac").get<std::string>());
  CHECK(rows[2][16] == "deepmind");
  CHECK(read_json(tmp.path / "run" / "config.json").at("eval_every") == 20);
}

TEST_CASE("a run resumed from before evals.csv named its SAC keeps one row length", "[train]") {
  TempFolder tmp("train-evals-sac");
  const fs::path run = tmp.path / "run";
  auto args = tiny(run, "20");
  args.insert(args.end(), {"--eval-every", "10"});
  REQUIRE(run_cli(args).code == 0);
  // evals.csv as written before the `sac` column: every row without its last field.
  std::istringstream in(slurp(run / "evals.csv"));
  std::string old;
  for (std::string line; std::getline(in, line);)
    old += line.substr(0, line.rfind(',')) + "\n";
  std::ofstream(run / "evals.csv", std::ios::binary) << old;
  // Continue it to 40 steps from its checkpoint at 20.
  for (const fs::path& file : {run / "config.json", run / "checkpoint" / "config.json"}) {
    auto j = read_json(file);
    j["steps"] = 40;
    std::ofstream(file, std::ios::binary) << j.dump(2);
  }
  fs::remove(run / "summary.json");
  REQUIRE(run_cli({"train", "--resume", run.string()}).code == 0);
  // parse_csv refuses rows of another length than the header's.
  const CsvTable t = parse_csv(slurp(run / "evals.csv"), "test", "evals.csv");
  REQUIRE(t.rows.size() == 4); // steps 10 and 20 kept, 30 and 40 evaluated after the resume
  CHECK(t.field(0, "step") == "10");
  CHECK(t.field(3, "step") == "40");
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    CHECK(t.field(i, "sac") == "deepmind");
}

TEST_CASE("evaluate: a checkpoint evaluated again gives the trainer's files and numbers",
          "[train][evaluate]") {
  TempFolder tmp("evaluate");
  const fs::path run = tmp.path / "run", again = tmp.path / "again";
  REQUIRE(run_cli(tiny(run, "20")).code == 0);
  const CliResult r =
      run_cli({"evaluate", "--run", run.string(), "--out", again.string(), "--threads", "1"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("step 20"));
  CHECK(slurp(again / "ratemaps.npy") == slurp(run / "ratemaps.npy"));
  CHECK(slurp(again / "scores.csv") == slurp(run / "scores.csv"));
  const auto a = read_json(run / "summary.json"), b = read_json(again / "summary.json");
  for (const char* key : {"decoding_error_cm", "max_score_60", "eval_loss", "observed_pattern",
                          "count_score_60_above_0.8", "eval_bins"})
    CHECK(a.at(key) == b.at(key));
  CHECK(b.at("command") == "evaluate");
  CHECK(b.at("checkpoint_step") == 20);

  // Another resolution: other files, the same network.
  const fs::path coarse = tmp.path / "coarse";
  REQUIRE(run_cli({"evaluate", "--run", run.string(), "--checkpoint", (run / "checkpoint").string(),
                   "--eval-bins", "5", "--out", coarse.string()})
              .code == 0);
  CHECK(read_json(coarse / "summary.json").at("eval_bins") == 5);

  // Bad input: one line, nothing written.
  require_one_line_user_error(run_cli({"evaluate", "--run", run.string(), "--out", again.string()}),
                              "--out", "");
  require_one_line_user_error(
      run_cli({"evaluate", "--run", tmp.path.string(), "--out", (tmp.path / "x").string()}),
      "--run", tmp.path.string());
  require_one_line_user_error(run_cli({"evaluate", "--run", run.string(), "--eval-bins", "2",
                                       "--out", (tmp.path / "y").string()}),
                              "--eval-bins", "2");
  CHECK_FALSE(fs::exists(tmp.path / "x"));
  CHECK_FALSE(fs::exists(tmp.path / "y"));
}

TEST_CASE("the same seed gives the same run, another seed another", "[train]") {
  TempFolder tmp("train-seed");
  REQUIRE(run_cli(tiny(tmp.path / "a", "10")).code == 0);
  REQUIRE(run_cli(tiny(tmp.path / "b", "10")).code == 0);
  auto other = tiny(tmp.path / "c", "10");
  *std::find(other.begin(), other.end(), "7") = "8";
  REQUIRE(run_cli(other).code == 0);
  CHECK(checkpoint_arrays(tmp.path / "a/checkpoint") ==
        checkpoint_arrays(tmp.path / "b/checkpoint"));
  CHECK(checkpoint_arrays(tmp.path / "a/checkpoint") !=
        checkpoint_arrays(tmp.path / "c/checkpoint"));
}

TEST_CASE("a run killed with SIGKILL and resumed ends bit for bit as the uninterrupted run",
          "[train][resume]") {
  TempFolder tmp("train-kill");
  // Larger than tiny(): long enough (~0.5 s) for the kill to land mid-run.
  const auto medium = [](const fs::path& out, const std::string& steps) {
    auto args = tiny(out, steps);
    *std::find(args.begin(), args.end(), "12") = "48";
    *std::find(args.begin(), args.end(), "24") = "96";
    *std::find(args.begin(), args.end(), "6") = "24";
    args.insert(args.end(), {"--eval-every", "20"});
    return args;
  };
  const std::string steps = "200";
  const fs::path whole = tmp.path / "whole";
  REQUIRE(run_cli(medium(whole, steps)).code == 0);
  const auto expected = checkpoint_arrays(whole / "checkpoint");
  REQUIRE(expected.size() == 12); // 4 parameters + 2 Adam buffers each

  struct Case {
    const char* name;
    std::function<bool(const fs::path&)> ready;
  };
  const std::vector<Case> cases = {
      {"before the first checkpoint",
       [](const fs::path& run) { return fs::exists(run / "config.json"); }},
      {"after a few checkpoints", [](const fs::path& run) { return checkpoint_step(run) >= 30; }},
      {"while the final evaluation runs",
       [](const fs::path& run) { return checkpoint_step(run) == 200; }},
      {"just after a checkpoint",
       [](const fs::path& run) { return fs::exists(run / "checkpoint.new"); }},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const fs::path run = tmp.path / "killed";
      kill_when(medium(run, steps), [&] { return c.ready(run); });
      REQUIRE_FALSE(fs::exists(run / "summary.json")); // really interrupted
      const CliResult resumed = run_cli({"train", "--resume", run.string()});
      INFO(resumed.err);
      REQUIRE(resumed.code == 0);
      const auto got = checkpoint_arrays(run / "checkpoint");
      std::string differing;
      for (const auto& [k, v] : expected)
        if (got.count(k) == 0 || got.at(k) != v) differing += k + " ";
      INFO("differing: " << differing << " state " << slurp(run / "checkpoint/state.json"));
      CHECK(got == expected);
      CHECK(slurp(run / "ratemaps.npy") == slurp(whole / "ratemaps.npy"));
      CHECK(slurp(run / "scores.csv") == slurp(whole / "scores.csv"));
      CHECK(metrics_without_time(run / "metrics.csv") ==
            metrics_without_time(whole / "metrics.csv"));
      CHECK(slurp(run / "evals.csv") == slurp(whole / "evals.csv"));
    }
  }
  SECTION("killed between the checkpoint folder's renames") {
    const fs::path run = tmp.path / "swapped";
    REQUIRE(run_cli(medium(run, "30")).code == 0);
    // As if killed after checkpoint -> checkpoint.old and before checkpoint.new -> checkpoint.
    fs::rename(run / "checkpoint", run / "checkpoint.old");
    fs::create_directories(run / "checkpoint.new");
    auto cfg = read_json(run / "config.json");
    cfg["steps"] = 200;
    std::ofstream(run / "config.json") << cfg.dump(2);
    std::ofstream(run / "checkpoint.old" / "config.json") << cfg.dump(2);
    fs::remove(run / "summary.json");
    const CliResult resumed = run_cli({"train", "--resume", run.string()});
    INFO(resumed.err);
    REQUIRE(resumed.code == 0);
    CHECK(checkpoint_arrays(run / "checkpoint") == expected);
    CHECK_FALSE(fs::exists(run / "checkpoint.old"));
  }
}

TEST_CASE("train --init-from starts from the given weights", "[train]") {
  TempFolder tmp("train-init");
  REQUIRE(run_cli(tiny(tmp.path / "a", "10")).code == 0);
  // One SGD step with a negligible rate leaves the loaded weights within float rounding.
  auto args = tiny(tmp.path / "b", "1");
  args.insert(args.end(), {"--init-from", (tmp.path / "a").string(), "--optimizer", "sgd"});
  *(std::find(args.begin(), args.end(), "3e-3")) = "1e-12";
  const CliResult r = run_cli(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  for (const char* name : {"encoder.weight.npy", "rnn.weight_hh.npy", "decoder.weight.npy"}) {
    const NpyArray a = read_npy(tmp.path / "a/checkpoint" / name, "t");
    const NpyArray b = read_npy(tmp.path / "b/checkpoint" / name, "t");
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
      REQUIRE(b.data[i] == Approx(a.data[i]).margin(1e-9));
  }
  // A checkpoint of another shape is refused before anything is trained.
  auto wrong = tiny(tmp.path / "c", "1");
  *(std::find(wrong.begin(), wrong.end(), "12")) = "13";
  wrong.insert(wrong.end(), {"--init-from", (tmp.path / "a").string()});
  require_one_line_user_error(run_cli(wrong), "--init-from", "");
}

TEST_CASE("a NaN loss stops the run with exit 4 and keeps the last good checkpoint", "[train]") {
  TempFolder tmp("train-nan");
  const fs::path run = tmp.path / "run";
  // Cartesian targets by MSE with plain SGD at lr 10: the relu network explodes in a few steps.
  const CliResult r = run_cli({"train",     "--encoding", "cartesian", "--optimizer",
                               "sgd",       "--lr",       "10",        "--hidden",
                               "16",        "--steps",    "200",       "--batch",
                               "8",         "--seq-len",  "5",         "--checkpoint-every",
                               "1",         "--threads",  "1",         "--out",
                               run.string()});
  CHECK(r.code == 4);
  CHECK_THAT(r.err, Catch::Contains("the loss became"));
  CHECK_THAT(r.err, Catch::Contains("checkpoint"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(run / "summary.json"));
  REQUIRE(fs::exists(run / "checkpoint/state.json"));
  const long long kept = read_json(run / "checkpoint/state.json").at("step").get<long long>();
  CHECK(kept >= 1);
  for (const char* name : {"rnn.weight_hh.npy", "decoder.weight.npy"}) {
    const NpyArray w = read_npy(run / "checkpoint" / name, "t");
    for (double v : w.data)
      REQUIRE(std::isfinite(v));
  }
}

TEST_CASE("train: every bad input is exit 2 with one line naming option and value", "[train]") {
  TempFolder tmp("train-bad");
  const std::string out = (tmp.path / "run").string();
  const auto bad = [&](std::vector<std::string> extra, const std::string& option,
                       const std::string& value) {
    std::vector<std::string> args{"train", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    INFO(option << " " << value);
    require_one_line_user_error(run_cli(args), option, value);
    CHECK_FALSE(fs::exists(out));
  };
  bad({"--cell", "lstmx"}, "--cell", "lstmx");
  bad({"--hidden", "0"}, "--hidden", "0");
  bad({"--steps", "-3"}, "--steps", "-3");
  bad({"--lr", "0"}, "--lr", "0");
  bad({"--optimizer", "adagrad"}, "--optimizer", "adagrad");
  bad({"--input-dropout", "1"}, "--input-dropout", "1");
  bad({"--recurrent-dropout", "-0.1"}, "--recurrent-dropout", "-0.1");
  bad({"--eval", "all"}, "--eval", "all");
  bad({"--eval-bins", "2"}, "--eval-bins", "2");
  bad({"--eval-every", "-1"}, "--eval-every", "-1");
  bad({"--eval-every", "10", "--eval", "none"}, "--eval-every", "10");
  bad({"--loss", "huber"}, "--loss", "huber");
  bad({"--encoding", "cartesian", "--loss", "cross-entropy"}, "--loss", "cross-entropy");
  bad({"--preset", "huge"}, "--preset", "huge");
  bad({"--activation", "softplus"}, "--activation", "softplus");
  bad({"--encoding", "cartesian", "--cells", "10"}, "--cells", "10");
  bad({"--sigma", "-1"}, "--sigma", "-1");
  bad({"--clip", "-1"}, "--clip", "-1");
  bad({"--init-from", (tmp.path / "missing").string()}, "--init-from", "");
  require_one_line_user_error(
      run_cli({"train", "--out", (tmp.path / "no" / "such" / "run").string()}), "--out", "");
  CHECK_FALSE(fs::exists(tmp.path / "no"));

  require_one_line_user_error(run_cli({"train", "--hidden", "4"}), "--out", "");
  require_one_line_user_error(run_cli({"train", "--resume", (tmp.path / "none").string()}),
                              "--resume", "");
  // An existing run is never overwritten; --resume takes no other option.
  const fs::path run = tmp.path / "done";
  REQUIRE(run_cli(tiny(run, "5")).code == 0);
  const std::string before = slurp(run / "summary.json");
  require_one_line_user_error(run_cli(tiny(run, "5")), "--out", run.string());
  require_one_line_user_error(run_cli({"train", "--resume", run.string(), "--lr", "1"}), "--lr",
                              "1");
  CHECK(slurp(run / "summary.json") == before);
}

TEST_CASE("config.json reads back to the same configuration", "[train]") {
  train::TrainOptionText t;
  t.encoding.encoding = "dos";
  t.encoding.surround_variance_ratio = "2";
  t.encoding.sigma = "uniform:0.1,0.14";
  t.hidden = "33";
  t.lr = "0.00123";
  t.periodic = true;
  t.seed = "18446744073709551";
  t.input_dropout = "0.25";
  t.preset = "lightweight";
  const train::TrainConfig c = train::resolve_train_config(t, 2);
  const auto j = train::to_json(c);
  const train::TrainConfig back =
      train::train_config_from_json(nlohmann::json::parse(j.dump()), "--resume", "x");
  CHECK(train::to_json(back) == j);
  CHECK(back.lr == 0.00123);
  CHECK(back.hidden == 33);
  CHECK(back.steps == 12000); // from the preset, not the default
  CHECK(back.seed == 18446744073709551ULL);
  // The typed encoding, resolved once, written as the options that parse back to it.
  CHECK(back.encoding.sigma_m.lo == 0.1);
  CHECK(back.encoding.sigma_m.hi == 0.14);
  REQUIRE(back.encoding.surround.has_value());
  CHECK(back.encoding.surround->convention == SurroundConvention::variance_ratio);
  CHECK(back.encoding.surround->value.lo == 2.0);
  CHECK(back.encoding.cells == 512);
  const auto& e = j.at("encoding_options");
  CHECK(e.at("sigma") == "uniform:0.1,0.14");
  CHECK(e.at("surround_variance_ratio") == "2");
  CHECK(e.at("surround_ratio").is_null());
  CHECK(e.at("cells") == "512");
  CHECK(e.at("alpha_e").is_null());
}

TEST_CASE("loss: gradients written to files match finite differences of the printed loss",
          "[train][loss]") {
  TempFolder tmp("loss-fd");
  const fs::path run = tmp.path / "run";
  REQUIRE(run_cli(tiny(run, "10")).code == 0);
  // A batch of T = 3, B = 2 with positive normalised targets.
  const fs::path batch = tmp.path / "batch";
  fs::create_directories(batch);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.05, 1.0);
  const auto rows = [&](std::size_t n, std::size_t width) {
    std::vector<double> v(n * width);
    for (std::size_t r = 0; r < n; ++r) {
      double s = 0.0;
      for (std::size_t c = 0; c < width; ++c)
        s += v[r * width + c] = u(rng);
      for (std::size_t c = 0; c < width; ++c)
        v[r * width + c] /= s;
    }
    return v;
  };
  std::vector<double> vel(3 * 2 * 2), pos(3 * 2 * 2);
  for (auto& v : vel)
    v = u(rng) - 0.5;
  for (auto& p : pos)
    p = 2.2 * u(rng);
  write_npy(batch / "velocity.npy", {3, 2, 2}, vel.data(), NpyDtype::float32, "t");
  write_npy(batch / "positions.npy", {3, 2, 2}, pos.data(), NpyDtype::float64, "t");
  const auto p0 = rows(2, 24), y = rows(6, 24);
  write_npy(batch / "init_targets.npy", {2, 24}, p0.data(), NpyDtype::float64, "t");
  write_npy(batch / "targets.npy", {3, 2, 24}, y.data(), NpyDtype::float64, "t");

  const fs::path ckpt = run / "checkpoint", grads = tmp.path / "grads";
  fs::create_directories(grads);
  const auto loss_of = [&](const fs::path& c, bool write) {
    std::vector<std::string> args{"loss",    "--checkpoint", c.string(),
                                  "--batch", batch.string(), "--precision",
                                  "float64", "--format",     "json"};
    if (write) args.insert(args.end(), {"--gradients", grads.string()});
    const CliResult r = run_cli(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.out);
  };
  const auto base = loss_of(ckpt, true);
  CHECK(base.at("loss").get<double>() > 0.0);
  CHECK(base.at("decoding_error_cm").get<double>() > 0.0);

  // Perturb one entry of each parameter file and difference the loss.
  const fs::path copy = tmp.path / "ckpt";
  for (const char* name : {"encoder.weight", "rnn.weight_ih", "rnn.weight_hh", "decoder.weight"}) {
    fs::remove_all(copy);
    fs::copy(ckpt, copy, fs::copy_options::recursive);
    NpyArray w = read_npy(ckpt / (std::string(name) + ".npy"), "t");
    const NpyArray g = read_npy(grads / (std::string(name) + ".npy"), "t");
    REQUIRE(g.shape == w.shape);
    const std::size_t i = w.size() / 3;
    const double h = 1e-3, w0 = w.data[i];
    double l[2];
    for (int s = 0; s < 2; ++s) {
      w.data[i] = w0 + (s ? -h : h);
      write_npy(copy / (std::string(name) + ".npy"), w.shape, w.data.data(), NpyDtype::float64,
                "t");
      l[s] = loss_of(copy, false).at("loss").get<double>();
    }
    INFO(name);
    CHECK((l[0] - l[1]) / (2 * h) == Approx(g.data[i]).epsilon(1e-4).margin(1e-8));
  }
}

TEST_CASE("loss: missing, corrupt or mis-shaped batch files are exit 2 with one line",
          "[train][loss]") {
  TempFolder tmp("loss-bad");
  const fs::path run = tmp.path / "run";
  REQUIRE(run_cli(tiny(run, "5")).code == 0);
  const fs::path batch = tmp.path / "batch";
  fs::create_directories(batch);
  std::vector<double> v(2 * 3 * 2, 0.1), p0(3 * 24, 1.0 / 24), y(2 * 3 * 24, 1.0 / 24);
  const auto write_all = [&] {
    write_npy(batch / "velocity.npy", {2, 3, 2}, v.data(), NpyDtype::float32, "t");
    write_npy(batch / "positions.npy", {2, 3, 2}, v.data(), NpyDtype::float32, "t");
    write_npy(batch / "init_targets.npy", {3, 24}, p0.data(), NpyDtype::float32, "t");
    write_npy(batch / "targets.npy", {2, 3, 24}, y.data(), NpyDtype::float32, "t");
  };
  const std::vector<std::string> args{"loss", "--checkpoint", run.string(), "--batch",
                                      batch.string()};
  write_all();
  REQUIRE(run_cli(args).code == 0);

  fs::remove(batch / "targets.npy");
  require_one_line_user_error(run_cli(args), "--batch", "");
  write_all();
  write_npy(batch / "init_targets.npy", {3, 23}, p0.data(), NpyDtype::float32, "t");
  require_one_line_user_error(run_cli(args), "--batch", "");
  write_all();
  std::ofstream(batch / "velocity.npy", std::ios::binary | std::ios::trunc) << "\x93NUMPY\x01";
  require_one_line_user_error(run_cli(args), "--batch", "");
  write_all();
  fs::remove(run / "checkpoint" / "rnn.weight_hh.npy");
  require_one_line_user_error(run_cli(args), "--checkpoint", "");
  require_one_line_user_error(
      run_cli({"loss", "--checkpoint", (tmp.path / "nothing").string(), "--batch", batch.string()}),
      "--checkpoint", "");
}
