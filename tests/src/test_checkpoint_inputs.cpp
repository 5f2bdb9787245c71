// Checkpoints and run folders as inputs: `train --resume DIR`, `train --init-from DIR` and
// `loss --checkpoint DIR`. Every missing, damaged or mismatched one is exit 2 with one line
// naming the option and the file, and leaves nothing behind: --init-from creates no --out folder,
// --resume leaves the run byte for byte as it was, loss writes no gradient, and no input changes.
#include "cli_harness.hpp"
#include "src/io/npy.hpp"
#include "train_harness.hpp"

#include <fstream>
#include <functional>
#include <map>

using namespace gridtheory;
using namespace gridtheory::test;
namespace fs = std::filesystem;

namespace {

enum Uses : unsigned { resume = 1, init_from = 2, loss = 4, every = 7 };

// Every file and folder under `root` with its bytes ("/" for a folder).
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> s;
  for (const auto& e : fs::recursive_directory_iterator(root))
    s[fs::relative(e.path(), root).string()] = e.is_directory() ? "/" : slurp(e.path());
  return s;
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

void edit_json(const fs::path& p, const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = read_json(p);
  edit(j);
  write_text(p, j.dump(2));
}

// The same .npy with another dtype in its header ('<f4' and the new descr have one length).
void retype(const fs::path& npy, const std::string& descr) {
  std::string bytes = slurp(npy);
  const auto at = bytes.find("'<f4'");
  REQUIRE(at != std::string::npos);
  bytes.replace(at + 1, 3, descr);
  write_text(npy, bytes);
}

void write_zeros(const fs::path& npy, const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (std::size_t d : shape)
    n *= d;
  const std::vector<double> zeros(n, 0.0);
  write_npy(npy, shape, zeros.data(), NpyDtype::float32, "test");
}

// A run stopped at its step-10 checkpoint of 20 steps, as a kill leaves it.
void interrupted_run(const fs::path& run) {
  REQUIRE(run_cli(tiny(run, "10")).code == 0);
  for (const fs::path& config : {run / "config.json", run / "checkpoint" / "config.json"})
    edit_json(config, [](nlohmann::json& j) { j["steps"] = 20; });
  fs::remove(run / "summary.json");
}

// A batch of T = 2, B = 3 for the 24 place cells of tiny().
void write_batch(const fs::path& batch) {
  fs::create_directories(batch);
  const std::vector<double> v(2 * 3 * 2, 0.1), p0(3 * 24, 1.0 / 24), y(2 * 3 * 24, 1.0 / 24);
  write_npy(batch / "velocity.npy", {2, 3, 2}, v.data(), NpyDtype::float32, "t");
  write_npy(batch / "positions.npy", {2, 3, 2}, v.data(), NpyDtype::float32, "t");
  write_npy(batch / "init_targets.npy", {3, 24}, p0.data(), NpyDtype::float32, "t");
  write_npy(batch / "targets.npy", {2, 3, 24}, y.data(), NpyDtype::float32, "t");
}

struct Case {
  const char* name;
  unsigned uses;
  std::function<void(const fs::path& run)> damage;    // applied to a copy of the run
  std::function<fs::path(const fs::path& run)> given; // the DIR given to the option
  std::function<fs::path(const fs::path& run)> named; // the path the error quotes
  const char* says;                                   // part of the message
  std::function<void(std::vector<std::string>& args)> init_args = {}; // --init-from run's options
};

} // namespace

TEST_CASE("checkpoints and run folders: every bad one is exit 2 with one line, nothing written",
          "[train][loss][checkpoint]") {
  TempFolder tmp("ckpt-inputs");
  const fs::path base = tmp.path / "base", batch = tmp.path / "batch";
  interrupted_run(base);
  write_batch(batch);

  const auto run_itself = [](const fs::path& run) { return run; };
  const auto checkpoint = [](const fs::path& run) { return run / "checkpoint"; };
  const auto in_ckpt = [](const std::string& name) {
    return [name](const fs::path& run) { return run / "checkpoint" / name; };
  };
  const auto nothing = [](const fs::path&) {};
  const auto remove = [](const std::function<fs::path(const fs::path&)>& which) {
    return [which](const fs::path& run) { fs::remove(which(run)); };
  };
  const auto config = in_ckpt("config.json"), weight_hh = in_ckpt("rnn.weight_hh.npy"),
             exp_avg = in_ckpt("optimizer/rnn.weight_hh.exp_avg.npy"),
             state = in_ckpt("state.json"), metrics = in_ckpt("metrics.csv");
  const auto set_config = [&](const char* key, nlohmann::json value) {
    return [=](const fs::path& run) {
      edit_json(config(run), [&](nlohmann::json& j) { j[key] = value; });
    };
  };
  const auto replace = [](const char* from, const char* to) {
    return [=](std::vector<std::string>& args) { *std::find(args.begin(), args.end(), from) = to; };
  };

  const std::vector<Case> cases = {
      {"the folder does not exist",
       every,
       nothing,
       [&](const fs::path&) { return tmp.path / "missing"; },
       {},
       "does not exist"},
      {"the path is a file",
       every,
       nothing,
       [](const fs::path& run) { return run / "config.json"; },
       {},
       "is not a folder"},
      {"--resume given the checkpoint folder",
       resume,
       nothing,
       checkpoint,
       {},
       "is a checkpoint folder, not a run folder"},
      {"the run folder has no config.json",
       resume,
       remove([](const fs::path& run) { return run / "config.json"; }),
       run_itself,
       {},
       "holds no run"},
      {"the run has no checkpoint/", init_from | loss,
       [](const fs::path& run) { fs::remove_all(run / "checkpoint"); }, run_itself,
       [](const fs::path& run) { return run / "encoder.weight.npy"; }, "is missing"},
      {"checkpoint/ has no state.json", every, remove(state), run_itself, checkpoint,
       "is not a complete checkpoint"},
      {"config.json is missing", resume | loss, remove(config), run_itself, config, "is missing"},
      {"config.json is empty", every, [&](const fs::path& run) { write_text(config(run), ""); },
       run_itself, config, "is not valid JSON"},
      {"config.json is not JSON", every,
       [&](const fs::path& run) { write_text(config(run), "{\"hidden\": 12,"); }, run_itself,
       config, "is not valid JSON"},
      {"config.json lacks a key", every,
       [&](const fs::path& run) { edit_json(config(run), [](auto& j) { j.erase("hidden"); }); },
       run_itself, config, "is not a valid run config"},
      {"config.json has a string for a number", every, set_config("hidden", "12"), run_itself,
       config, "non-integer \"hidden\""},
      {"config.json has hidden -1", every, set_config("hidden", -1), run_itself, config,
       "--hidden: '-1'"},
      {"config.json has an unknown cell", every, set_config("cell", "lstmx"), run_itself, config,
       "--cell: 'lstmx'"},
      {"config.json has a negative seed", every, set_config("seed", -1), run_itself, config,
       "\"seed\""},
      {"a parameter is missing", every, remove(weight_hh), run_itself, weight_hh, "is missing"},
      {"a parameter is truncated", every,
       [&](const fs::path& run) { fs::resize_file(weight_hh(run), 300); }, run_itself, weight_hh,
       "is truncated"},
      {"a parameter is not .npy", every,
       [&](const fs::path& run) { write_text(weight_hh(run), "1 2"); }, run_itself, weight_hh,
       "is not a .npy file"},
      {"a parameter is int32", every, [&](const fs::path& run) { retype(weight_hh(run), "<i4"); },
       run_itself, weight_hh, "has dtype '<i4'"},
      {"a parameter is complex", every, [&](const fs::path& run) { retype(weight_hh(run), "<c8"); },
       run_itself, weight_hh, "has dtype '<c8'"},
      {"rnn.weight_hh is n_g x (n_g + 1)", every,
       [&](const fs::path& run) {
         write_zeros(weight_hh(run), {12, 13});
       },
       run_itself, weight_hh, "has shape (12, 13)"},
      {"a parameter holds NaN", every,
       [&](const fs::path& run) {
         std::vector<double> w(12 * 12, 0.0);
         w[5] = std::nan("");
         write_npy(weight_hh(run), {12, 12}, w.data(), NpyDtype::float32, "t");
       },
       run_itself, weight_hh, "non-finite value at flat index 5"},
      {"optimiser state is missing", resume, remove(exp_avg), run_itself, exp_avg, "is missing"},
      {"optimiser state is mis-shaped", resume,
       [&](const fs::path& run) {
         write_zeros(exp_avg(run), {12, 13});
       },
       run_itself, exp_avg, "has shape (12, 13)"},
      {"state.json is not JSON", resume, [&](const fs::path& run) { write_text(state(run), "{"); },
       run_itself, state, "is not valid JSON"},
      {"state.json has a negative step", resume,
       [&](const fs::path& run) { edit_json(state(run), [](auto& j) { j["step"] = -3; }); },
       run_itself, state, "negative"},
      {"checkpoint metrics.csv is missing", resume, remove(metrics), run_itself, metrics,
       "is missing"},
      {"checkpoint metrics.csv is malformed", resume,
       [&](const fs::path& run) {
         write_text(metrics(run), "step,loss,decoding_error_cm,seconds\n1,x\n");
       },
       run_itself, metrics, "malformed row"},
      {"a checkpoint of another cell",
       init_from,
       nothing,
       run_itself,
       {},
       "is a checkpoint of --cell rnn --hidden 12, this run has --cell lstm --hidden 12",
       [](std::vector<std::string>& args) {
         args.insert(args.end(), {"--cell", "lstm"});
       }},
      {"a checkpoint of another hidden size",
       init_from,
       nothing,
       run_itself,
       {},
       "is a checkpoint of --cell rnn --hidden 12, this run has --cell rnn --hidden 13",
       replace("12", "13")},
      {"another cell, and no config.json to say so", init_from, remove(config), run_itself,
       in_ckpt("encoder_cell.weight.npy"), "is missing",
       [](std::vector<std::string>& args) {
         args.insert(args.end(), {"--cell", "lstm"});
       }},
      {"another hidden size, and no config.json to say so", init_from, remove(config), run_itself,
       in_ckpt("encoder.weight.npy"), "has shape (12, 24)", replace("12", "13")},
      {"another number of place cells", init_from, nothing, run_itself,
       in_ckpt("encoder.weight.npy"), "has shape (12, 24)", replace("24", "30")},
  };

  // The undamaged run is accepted by all three (so each case below fails for its damage).
  {
    const fs::path run = tmp.path / "control";
    fs::copy(base, run, fs::copy_options::recursive);
    auto init = tiny(tmp.path / "control-new", "1");
    init.insert(init.end(), {"--init-from", run.string()});
    CHECK(run_cli(init).code == 0);
    CHECK(run_cli({"loss", "--checkpoint", run.string(), "--batch", batch.string()}).code == 0);
    CHECK(run_cli({"train", "--resume", run.string()}).code == 0);
  }

  // One loop, not sections: a section would train the base run again for each case.
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    {
      const fs::path run = tmp.path / "run", out = tmp.path / "new", grads = tmp.path / "grads";
      fs::copy(base, run, fs::copy_options::recursive);
      fs::create_directories(grads);
      c.damage(run);
      const fs::path given = c.given(run);
      const std::string named = (c.named ? c.named(run) : given).string();
      const auto before = snapshot(tmp.path);
      const auto check = [&](const CliResult& r, const std::string& option) {
        require_one_line_user_error(r, option, named);
        CHECK_THAT(r.err, Catch::Contains(c.says));
        CHECK(snapshot(tmp.path) == before); // no --out, no gradient, no change to the run
      };
      if (c.uses & resume) {
        INFO("train --resume " << given);
        check(run_cli({"train", "--resume", given.string()}), "--resume");
      }
      if (c.uses & init_from) {
        INFO("train --init-from " << given);
        auto args = tiny(out, "5");
        if (c.init_args) c.init_args(args);
        args.insert(args.end(), {"--init-from", given.string()});
        check(run_cli(args), "--init-from");
        CHECK_FALSE(fs::exists(out));
      }
      if (c.uses & loss) {
        INFO("loss --checkpoint " << given);
        check(run_cli({"loss", "--checkpoint", given.string(), "--batch", batch.string(),
                       "--gradients", grads.string()}),
              "--checkpoint");
      }
      fs::remove_all(run);
      fs::remove_all(grads);
    }
  }
}

TEST_CASE("train --resume of a finished run changes nothing and prints its summary",
          "[train][resume]") {
  TempFolder tmp("resume-finished");
  const fs::path run = tmp.path / "run";
  REQUIRE(run_cli(tiny(run, "10")).code == 0);
  const auto before = snapshot(run);
  const CliResult text = run_cli({"train", "--resume", run.string()});
  INFO(text.err);
  CHECK(text.code == 0);
  CHECK_THAT(text.out, Catch::StartsWith("steps             10 in "));
  CHECK_THAT(text.out, Catch::Contains("written           " + run.string()));
  const CliResult json = run_cli({"train", "--resume", run.string(), "--format", "json"});
  CHECK(json.code == 0);
  CHECK(json.out == slurp(run / "summary.json"));
  CHECK(snapshot(run) == before);
  // A damaged summary.json is named, not overwritten.
  std::ofstream(run / "summary.json", std::ios::trunc) << "{";
  const auto damaged = snapshot(run);
  require_one_line_user_error(run_cli({"train", "--resume", run.string()}), "--resume",
                              (run / "summary.json").string());
  CHECK(snapshot(run) == damaged);
}
