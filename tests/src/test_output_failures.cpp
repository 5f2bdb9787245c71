// Output folders that cannot be written: --out under a regular file (ENOTDIR), and a disk that
// fills up during a run, simulated by running the real binary with a file-size limit
// (RLIMIT_FSIZE with SIGXFSZ ignored: a write past it fails with EFBIG, "File too large"). A
// failed write is one line naming the file and the reason, leaves no temporary file, keeps the
// last complete checkpoint and every finished run, and a rerun without the limit ends as if
// nothing had happened.
#include "cli_harness.hpp"
#include "process_harness.hpp"
#include "src/sweep/spec.hpp"
#include "train_harness.hpp"

#include <cstdlib>
#include <fstream>

using namespace gridtheory;
using namespace gridtheory::test;
namespace fs = std::filesystem;

namespace {

void set_option(std::vector<std::string>& args, const std::string& option,
                const std::string& value) {
  const auto it = std::find(args.begin(), args.end(), option);
  REQUIRE(it + 1 < args.end());
  *(it + 1) = value;
}

// Progress lines come first on stderr; the error is the last line.
std::string last_line(const std::string& text) {
  const std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

void require_no_leftovers(const fs::path& folder) {
  for (const auto& e : fs::recursive_directory_iterator(folder)) {
    INFO(e.path());
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
    CHECK(e.path().filename() != "checkpoint.new");
  }
}

} // namespace

TEST_CASE("train and sweep run: --out under a regular file is exit 2 with one line, for train and "
          "sweep run",
          "[train][sweep]") {
  TempFolder tmp("out-under-file");
  const fs::path file = tmp.path / "plain", spec = tmp.path / "s.toml";
  std::ofstream(file) << "x";
  std::ofstream(spec) << "command = \"predict\"\nfixed = { sigma = 0.12 }\n";
  const CliResult under = run_cli(tiny(file / "run", "5"));
  require_one_line_user_error(under, "--out", (file / "run").string());
  CHECK_THAT(under.err, Catch::Contains("not a folder"));
  require_one_line_user_error(run_cli(tiny(file, "5")), "--out", file.string());
  const CliResult sweep =
      run_cli({"sweep", "run", spec.string(), "--out", (file / "sweep").string()});
  require_one_line_user_error(sweep, "--out", (file / "sweep").string());
  CHECK_THAT(sweep.err, Catch::Contains("not a folder"));
  CHECK(slurp(file) == "x");
  CHECK(tmp.files().size() == 2);
}

TEST_CASE("train on a disk that fills up: one line, the last checkpoint kept, --resume ends bit "
          "for bit as the uninterrupted run",
          "[train][resume]") {
  TempFolder tmp("full-train");
  struct Case {
    const char* name;
    long long limit;       // bytes per file
    const char* log_every; // metrics.csv grows by ~60 bytes a row
    const char* file;      // the write that fails
    long long kept_step;   // the checkpoint left in place
  };
  // Every checkpoint file is under 1300 bytes; ratemaps.npy is 3200; the PNGs 12 to 29 kB.
  const std::vector<Case> cases = {
      {"a checkpoint (its metrics.csv outgrows the limit after step 20)", 1500, "1",
       "checkpoint.new/metrics.csv'", 20},
      {"ratemaps.npy, after the last checkpoint", 3000, "5", "ratemaps.npy'", 40},
      {"a PNG, which gnuplot cuts short without failing", 25000, "5", ".png'", 40},
  };
  const auto args = [](const fs::path& out, const char* log_every) {
    auto a = tiny(out);
    set_option(a, "--log-every", log_every);
    return a;
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const fs::path whole = tmp.path / "whole", run = tmp.path / "run";
      REQUIRE(run_cli(args(whole, c.log_every)).code == 0);

      const ChildResult full = run_gridtheory(args(run, c.log_every), tmp.path, c.limit);
      const std::string line = last_line(full.err);
      INFO(full.err);
      CHECK(full.code == 2);
      CHECK(full.out.empty());
      CHECK_THAT(line, Catch::StartsWith("gridtheory train: error: --out: '" + run.string()));
      CHECK_THAT(line,
                 Catch::Contains(c.file + std::string(" could not be written: File too large")));
      CHECK_THAT(line, Catch::Contains("the last complete checkpoint"));
      CHECK_THAT(line, Catch::Contains("gridtheory train --resume " + run.string()));
      CHECK_FALSE(fs::exists(run / "summary.json"));
      require_no_leftovers(run);
      REQUIRE(read_json(run / "checkpoint" / "state.json").at("step") == c.kept_step);

      const CliResult resumed = run_cli({"train", "--resume", run.string()});
      INFO(resumed.err);
      REQUIRE(resumed.code == 0);
      CHECK(checkpoint_arrays(run / "checkpoint") == checkpoint_arrays(whole / "checkpoint"));
      CHECK(slurp(run / "ratemaps.npy") == slurp(whole / "ratemaps.npy"));
      CHECK(slurp(run / "scores.csv") == slurp(whole / "scores.csv"));
      CHECK(metrics_without_time(run / "metrics.csv") ==
            metrics_without_time(whole / "metrics.csv"));
      for (const char* png : {"ratemaps_top.png", "sacs_top.png", "spacing.png"})
        CHECK(slurp(run / png) == slurp(whole / png));
      require_no_leftovers(run);
    }
  }
}

TEST_CASE("sweep run on a disk that fills up: the run that cannot write fails, finished runs "
          "stay as they were, and a rerun completes",
          "[sweep][resume]") {
  // The command line runs in-process here; its runs must start the real binary.
  REQUIRE(::setenv("GRIDTHEORY_EXECUTABLE", GRIDTHEORY_BINARY, 1) == 0);
  TempFolder tmp("full-sweep");
  // Under a 40 kB limit the small run's files all fit (the largest, a PNG, is ~29 kB); the big
  // run's ratemaps.npy (48 units x 20 x 20 bins, 77 kB) does not.
  const fs::path spec = tmp.path / "s.toml";
  std::ofstream(spec) << R"(
[[block]]
name = "small"
command = "train"
fixed = { hidden = 12, cells = 24, steps = 20, batch = 6, seq-len = 5, lr = 3e-3, checkpoint-every = 10, log-every = 5, eval-batches = 3, eval-bins = 8, seed = 7 }
[[block]]
name = "big"
command = "train"
fixed = { hidden = 48, cells = 96, steps = 20, batch = 6, seq-len = 5, lr = 3e-3, checkpoint-every = 10, log-every = 5, eval-batches = 3, eval-bins = 20, seed = 7 }
)";
  const auto plan = sweep::plan_from_file(spec);
  REQUIRE(plan.runs.size() == 2);
  const auto sweep_args = [&](const fs::path& out) {
    return std::vector<std::string>{"sweep",  "run", spec.string(),       "--out", out.string(),
                                    "--jobs", "1",   "--threads-per-run", "1"};
  };
  const fs::path whole = tmp.path / "whole", out = tmp.path / "out";
  REQUIRE(run_cli(sweep_args(whole)).code == 0);

  const ChildResult full = run_gridtheory(sweep_args(out), tmp.path, 40000);
  INFO(full.err);
  CHECK(full.code == 5);
  CHECK(full.out.empty());
  CHECK_THAT(last_line(full.err),
             Catch::Contains("2 runs in shard 0/1: 0 already done, 1 done now, 1 failed"));
  const fs::path small = out / "runs" / plan.runs[0].id, big = out / "runs" / plan.runs[1].id;
  REQUIRE(fs::exists(small / "summary.json"));
  CHECK_FALSE(fs::exists(big / "summary.json"));
  const std::string error = slurp(big / "error.txt");
  CHECK_THAT(error, Catch::StartsWith("exit code 2: gridtheory train: error: --out: '"));
  CHECK_THAT(error, Catch::Contains("ratemaps.npy' could not be written: File too large"));
  require_no_leftovers(out);

  std::map<std::string, fs::file_time_type> finished;
  for (const auto& e : fs::recursive_directory_iterator(small))
    finished[e.path().string()] = fs::last_write_time(e.path());
  const CliResult again = run_cli(sweep_args(out));
  INFO(again.err);
  REQUIRE(again.code == 0);
  CHECK_THAT(again.out, Catch::Contains("1 already done, 1 done now, 0 failed"));
  std::map<std::string, fs::file_time_type> after;
  for (const auto& e : fs::recursive_directory_iterator(small))
    after[e.path().string()] = fs::last_write_time(e.path());
  CHECK(after == finished); // the finished run was not touched
  CHECK_FALSE(fs::exists(big / "error.txt"));
  CHECK(checkpoint_arrays(big / "checkpoint") ==
        checkpoint_arrays(whole / "runs" / plan.runs[1].id / "checkpoint"));
  CHECK(slurp(big / "ratemaps.npy") == slurp(whole / "runs" / plan.runs[1].id / "ratemaps.npy"));
  require_no_leftovers(out);
}
