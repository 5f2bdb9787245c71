// Sweeps (src/sweep/README.md): the spec's expansion and identity, bad specs, and the runner's
// promises: finished runs are skipped, failures are recorded and do not stop the others, shards
// and SLURM arrays split the plan, and a sweep killed at any moment completes on a rerun with
// nothing redone and the same results.csv.
#include "cli_harness.hpp"
#include "process_harness.hpp"
#include "src/io/csv.hpp"
#include "src/sweep/spec.hpp"
#include "theory/errors.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

using namespace gridtheory;
using namespace gridtheory::test;
namespace fs = std::filesystem;

namespace {

// The command line runs in-process here; its runs must start the real binary.
const bool executable_set = ::setenv("GRIDTHEORY_EXECUTABLE", GRIDTHEORY_BINARY, 1) == 0;

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::vector<std::map<std::string, std::string>> options_of(const sweep::Plan& plan) {
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& r : plan.runs)
    out.push_back(r.options);
  return out;
}

// Quick runs of both kinds the sweep captures differently (predict: stdout; pattern: --out).
const std::string small_spec = R"(
name = "small"
[[block]]
name = "predict"
command = "predict"
fixed = { encoding = "dos" }
grid = { sigma = [0.1, 0.12, 0.14], activation = ["relu", "tanh"] }
[[block]]
name = "pattern"
command = "pattern"
seeds = [0, 1]
fixed = { encoding = "dos", maps = 2, steps = 60, res = 24, cells = 64 }
)";

std::string results(const fs::path& dir) {
  REQUIRE(run_cli({"sweep", "collect", dir.string()}).code == 0);
  return slurp(dir / "results.csv");
}

} // namespace

TEST_CASE("FNV-1a 64 matches the published test vectors", "[sweep]") {
  CHECK(sweep::fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(sweep::fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(sweep::fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("a spec expands grid, zip, random and seeds in the documented order", "[sweep]") {
  const sweep::Plan plan = sweep::plan_from_text(R"(
command = "predict"
seeds = [0, 1]
[fixed]
box = 2.2
encoding = "dos"
[grid]
sigma = [0.10, 0.2]
activation = ["relu", "tanh"]
[zip]
surround-ratio = [1.5, 2]
cells = [100, 200]
)",
                                                 "inline");
  // 2 x 2 grid x 2 zip x 2 seeds.
  REQUIRE(plan.runs.size() == 16);
  for (std::size_t i = 0; i < plan.runs.size(); ++i)
    CHECK(plan.runs[i].index == i);
  const auto opts = options_of(plan);
  // Grid keys in name order (activation, sigma), the last fastest; then zip; seeds innermost.
  CHECK(opts[0].at("activation") == "relu");
  CHECK(opts[0].at("sigma") == "0.1"); // 0.10 canonical
  CHECK(opts[0].at("surround-ratio") == "1.5");
  CHECK(opts[0].at("cells") == "100");
  CHECK(opts[0].at("seed") == "0");
  CHECK(opts[1].at("seed") == "1");
  CHECK(opts[2].at("surround-ratio") == "2");
  CHECK(opts[2].at("cells") == "200");
  CHECK(opts[4].at("sigma") == "0.2");
  CHECK(opts[4].at("activation") == "relu");
  CHECK(opts[8].at("activation") == "tanh");
  CHECK(opts[8].at("sigma") == "0.1");
  for (const auto& o : opts) {
    CHECK(o.at("box") == "2.2");
    CHECK(o.at("encoding") == "dos");
  }
  CHECK(plan.runs[0].arguments() ==
        std::vector<std::string>{"predict", "--activation", "relu", "--box", "2.2", "--cells",
                                 "100", "--encoding", "dos", "--seed", "0", "--sigma", "0.1",
                                 "--surround-ratio", "1.5"});
}

TEST_CASE("blocks override the top level, flags follow booleans, duplicates merge", "[sweep]") {
  const sweep::Plan plan = sweep::plan_from_text(R"(
command = "predict"
fixed = { encoding = "dos", sigma = 0.12 }
[[block]]
name = "a"
grid = { periodic = [true, false] }
[[block]]
name = "b"
command = "pattern"
fixed = { sigma = 0.1, multi = true }
[[block]]
name = "c"
fixed = { periodic = false, sigma = 0.120 }
)",
                                                 "inline");
  // Block c's run equals block a's non-periodic run: merged.
  REQUIRE(plan.runs.size() == 3);
  CHECK(plan.duplicates == 1);
  CHECK(plan.runs[0].options.at("periodic") == "true");
  CHECK(plan.runs[1].options.count("periodic") == 0);
  CHECK(plan.runs[2].block == "b");
  CHECK(plan.runs[2].command == "pattern");
  CHECK(plan.runs[2].options.at("sigma") == "0.1");
  CHECK(plan.runs[2].arguments() ==
        std::vector<std::string>{"pattern", "--encoding", "dos", "--multi", "--sigma", "0.1"});
}

TEST_CASE("a run's id is its command and its canonical options, and nothing else", "[sweep]") {
  const std::map<std::string, std::string> o{{"sigma", "0.12"}, {"encoding", "dos"}};
  CHECK(sweep::canonical_config("predict", o) == "command=predict\nencoding=dos\nsigma=0.12\n");
  const std::string id = sweep::run_id("predict", o);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(
                    sweep::fnv1a64("command=predict\nencoding=dos\nsigma=0.12\n")));
  CHECK(id == std::string("predict-") + hex);
  CHECK(sweep::run_id("pattern", o) != id);
  // The same configuration written differently in two specs has the same id.
  const auto a = sweep::plan_from_text("command = \"predict\"\nfixed = { sigma = 0.120, encoding "
                                       "= \"dos\" }\n",
                                       "a");
  const auto b = sweep::plan_from_text("command = \"predict\"\n[fixed]\nencoding = \"dos\"\n"
                                       "sigma = 1.2e-1\n",
                                       "b");
  CHECK(a.runs.at(0).id == id);
  CHECK(b.runs.at(0).id == id);
}

TEST_CASE("random axes are seeded, in range, and the same on every expansion", "[sweep]") {
  const std::string spec = R"(
command = "predict"
[random]
samples = 50
seed = 3
sigma = { uniform = [0.08, 0.2] }
surround-ratio = { log-uniform = [1.5, 4] }
cells = { int = [10, 12] }
activation = { choice = ["relu", "tanh"] }
)";
  const auto p1 = sweep::plan_from_text(spec, "s");
  const auto p2 = sweep::plan_from_text(spec, "s");
  REQUIRE(p1.runs.size() == 50);
  std::set<std::string> cells, acts;
  for (std::size_t i = 0; i < p1.runs.size(); ++i) {
    const auto& o = p1.runs[i].options;
    CHECK(o == p2.runs[i].options);
    const double sigma = std::stod(o.at("sigma"));
    const double ratio = std::stod(o.at("surround-ratio"));
    CHECK((sigma >= 0.08 && sigma <= 0.2));
    CHECK((ratio >= 1.5 && ratio <= 4));
    cells.insert(o.at("cells"));
    acts.insert(o.at("activation"));
  }
  CHECK(cells == std::set<std::string>{"10", "11", "12"});
  CHECK(acts == std::set<std::string>{"relu", "tanh"});
  // Another seed draws other values.
  std::string other = spec;
  other.replace(other.find("seed = 3"), 8, "seed = 4");
  CHECK(sweep::plan_from_text(other, "s").runs[0].options != p1.runs[0].options);
}

TEST_CASE("bad specs are refused with one line naming the spec and the problem", "[sweep]") {
  TempFolder tmp("sweep-bad");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"command = \"predict\"\nfixed = { sigma = ", "is not valid TOML"},
      {"command = \"predict\"\ncolour = 1\n", "is not a known key"},
      {"command = \"solve\"\n", "not a sweepable command"},
      {"fixed = { sigma = 0.1 }\n", "names no command"},
      {"command = \"predict\"\nfixed = { out = \"x\" }\n", "is set by the sweep itself"},
      {"command = \"predict\"\nfixed = { threads = 2 }\n", "is set by the sweep itself"},
      {"command = \"predict\"\nfixed = { sigma = [0.1, 0.2] }\n", "is a list or table"},
      {"command = \"predict\"\ngrid = { sigma = [] }\n", "is not a non-empty list"},
      {"command = \"predict\"\nzip = { sigma = [0.1, 0.2], cells = [1] }\n", "values"},
      {"command = \"predict\"\nrandom = { samples = 2, sigma = { normal = [0, 1] } }\n",
       "unknown distribution"},
      {"command = \"predict\"\nrandom = { samples = 2, sigma = { log-uniform = [0, 1] } }\n",
       "lo <= 0"},
      {"command = \"predict\"\nrandom = { sigma = { uniform = [0.1, 0.2] } }\n", "no samples"},
      {"command = \"predict\"\nseeds = [0]\ngrid = { seed = [1, 2] }\n", "seed is also an axis"},
      {"command = \"predict\"\nseeds = [-1]\n", "non-negative integer"},
      {"command = \"predict\"\ngrid = { sigma = [0.1] }\n[[block]]\n", "top level"},
      {"command = \"predict\"\nfixed = { sigmaa = 0.1 }\n", "'sigmaa' is not an option"},
      {"command = \"predict\"\nfixed = { periodic = \"yes\" }\n", "is a flag"},
      {"command = \"predict\"\nfixed = { --sigma = 0.1 }\n", "without dashes"},
      {"command = \"predict\"\nfixed = { \"--sigma\" = 0.1 }\n", "without dashes"},
      {"command = \"predict\"\nrandom = { samples = 999999999999, sigma = { uniform = [0, 1] } }\n",
       "more than 1000000 runs"},
      {"command = \"predict\"\nseeds = [0, 1]\ngrid = { a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], b = "
       "[1, 2, "
       "3, 4, 5, 6, 7, 8, 9, 10], c = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], d = [1, 2, 3, 4, 5, 6, 7, "
       "8, 9, 10], e = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], f = [1, 2, 3, 4, 5, 6] }\n",
       "more than 1000000 runs"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const fs::path spec = tmp.path / ("bad" + std::to_string(i) + ".toml");
    write(spec, cases[i].first);
    INFO(cases[i].first);
    for (const std::string sub : {"plan", "run"}) {
      std::vector<std::string> args{"sweep", sub, spec.string()};
      if (sub == "run") args.insert(args.end(), {"--out", (tmp.path / "out").string()});
      const CliResult r = run_cli(args);
      require_one_line_user_error(r, "SPEC", spec.string());
      CHECK_THAT(r.err, Catch::Contains(cases[i].second));
    }
    CHECK_FALSE(fs::exists(tmp.path / "out")); // nothing written
  }
  const CliResult missing = run_cli({"sweep", "plan", (tmp.path / "none.toml").string()});
  require_one_line_user_error(missing, "SPEC", (tmp.path / "none.toml").string());
}

TEST_CASE("sweep run options are checked before any run", "[sweep]") {
  TempFolder tmp("sweep-options");
  const fs::path spec = tmp.path / "s.toml";
  write(spec, small_spec);
  const fs::path out = tmp.path / "out";
  const std::string o = out.string(), s = spec.string();
  require_one_line_user_error(run_cli({"sweep", "run", s, "--out", o, "--jobs", "0"}), "--jobs",
                              "0");
  require_one_line_user_error(run_cli({"sweep", "run", s, "--out", o, "--shard", "2/2"}), "--shard",
                              "2/2");
  require_one_line_user_error(run_cli({"sweep", "run", s, "--out", o, "--shard", "1"}), "--shard",
                              "1");
  require_one_line_user_error(run_cli({"sweep", "run", s, "--out", o, "--threads-per-run", "x"}),
                              "--threads-per-run", "x");
  require_one_line_user_error(
      run_cli({"sweep", "run", s, "--out", (tmp.path / "no/such/dir").string()}), "--out", "");
  CHECK_FALSE(fs::exists(out));
  require_one_line_user_error(run_cli({"sweep", "status", o}), "DIR", o);
  require_one_line_user_error(run_cli({"sweep", "collect", o}), "DIR", o);
}

TEST_CASE("a sweep runs every run once, skips finished ones and collects a tidy table", "[sweep]") {
  TempFolder tmp("sweep-run");
  const fs::path spec = tmp.path / "s.toml";
  write(spec, small_spec);
  const fs::path out = tmp.path / "out";
  const CliResult r = run_cli({"sweep", "run", spec.string(), "--out", out.string(), "--jobs", "2",
                               "--threads-per-run", "1"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("8 runs in shard 0/1: 0 already done, 8 done now, 0 failed"));
  const CliResult st = run_cli({"sweep", "status", out.string()});
  CHECK(st.out == "planned 8, done 8, failed 0, pending 0\n");

  const std::string table = results(out);
  const CsvTable t = parse_csv(table, "test", "results.csv");
  REQUIRE(t.rows.size() == 8);
  CHECK(std::vector<std::string>(t.header.begin(), t.header.begin() + 6) ==
        std::vector<std::string>{"run_id", "index", "block", "command", "status", "error"});
  CHECK(t.column("summary.command")); // the summary's own command, not a second "command"
  CHECK(t.column("opt.sigma"));
  CHECK_FALSE(t.column("box_lattice")); // null in some runs, an object in others
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    CHECK(t.field(i, "index") == std::to_string(i));
    CHECK(t.field(i, "status") == "done");
    CHECK(t.field(i, "summary.command") == t.field(i, "command"));
    const fs::path folder = out / "runs" / t.field(i, "run_id");
    CHECK(fs::is_regular_file(folder / "summary.json"));
    CHECK(fs::is_regular_file(folder / "run.json"));
    CHECK_FALSE(fs::exists(folder / "error.txt"));
  }
  // The predict rows carry predict's answer; the pattern rows the solver's.
  CHECK(t.field(0, "pattern") == "hexagonal");
  CHECK(t.number(0, "grid_spacing_m"));
  CHECK(t.field(6, "command") == "pattern");
  CHECK(t.number(6, "max_score_60"));
  // Identity: each run's folder is named by the hash of its canonical options.
  const auto plan = sweep::plan_from_file(spec);
  for (const auto& run : plan.runs)
    CHECK(t.field(run.index, "run_id") == sweep::run_id(run.command, run.options));

  // A second run redoes nothing and leaves every file as it was.
  const auto before = fs::last_write_time(out / "runs" / t.field(6, "run_id") / "maps.npy");
  const CliResult again = run_cli({"sweep", "run", spec.string(), "--out", out.string()});
  CHECK_THAT(again.out, Catch::Contains("8 already done, 0 done now"));
  CHECK(fs::last_write_time(out / "runs" / t.field(6, "run_id") / "maps.npy") == before);
  CHECK(results(out) == table);
}

TEST_CASE("shards and SLURM arrays split the plan, and together give the threaded result",
          "[sweep]") {
  TempFolder tmp("sweep-shard");
  const fs::path spec = tmp.path / "s.toml";
  write(spec, small_spec);
  const fs::path whole = tmp.path / "whole", split = tmp.path / "split", slurm = tmp.path / "slurm";
  REQUIRE(run_cli({"sweep", "run", spec.string(), "--out", whole.string(), "--jobs", "2",
                   "--threads-per-run", "1"})
              .code == 0);
  const CliResult half = run_cli({"sweep", "run", spec.string(), "--out", split.string(), "--shard",
                                  "1/2", "--threads-per-run", "1"});
  CHECK_THAT(half.out, Catch::Contains("4 runs in shard 1/2"));
  CHECK(run_cli({"sweep", "status", split.string()}).out ==
        "planned 8, done 4, failed 0, pending 4\n");
  const CsvTable partial = parse_csv(results(split), "test", "results.csv");
  for (std::size_t i = 0; i < partial.rows.size(); ++i)
    CHECK(partial.field(i, "status") == (i % 2 == 1 ? "done" : "pending"));
  REQUIRE(run_cli({"sweep", "run", spec.string(), "--out", split.string(), "--shard", "0/2",
                   "--threads-per-run", "1"})
              .code == 0);
  CHECK(results(split) == results(whole));

  // An array --array=4-5: task 5 is shard 1 of 2.
  ::setenv("SLURM_ARRAY_TASK_COUNT", "2", 1);
  ::setenv("SLURM_ARRAY_TASK_MIN", "4", 1);
  ::setenv("SLURM_ARRAY_TASK_ID", "5", 1);
  const CliResult task =
      run_cli({"sweep", "run", spec.string(), "--out", slurm.string(), "--threads-per-run", "1"});
  ::setenv("SLURM_ARRAY_TASK_ID", "7", 1);
  const CliResult gap =
      run_cli({"sweep", "run", spec.string(), "--out", slurm.string(), "--threads-per-run", "1"});
  ::unsetenv("SLURM_ARRAY_TASK_COUNT");
  ::unsetenv("SLURM_ARRAY_TASK_MIN");
  ::unsetenv("SLURM_ARRAY_TASK_ID");
  CHECK_THAT(task.out, Catch::Contains("4 runs in shard 1/2"));
  require_one_line_user_error(gap, "SLURM_ARRAY_TASK_ID", "7");
  const CsvTable t = parse_csv(results(slurm), "test", "results.csv");
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    CHECK(t.field(i, "status") == (i % 2 == 1 ? "done" : "pending"));
}

TEST_CASE("a failing run records its error and does not stop the others", "[sweep]") {
  TempFolder tmp("sweep-fail");
  const fs::path spec = tmp.path / "s.toml", out = tmp.path / "out";
  write(spec, "command = \"predict\"\ngrid = { sigma = [0.1, -1, 0.2] }\n");
  const CliResult r =
      run_cli({"sweep", "run", spec.string(), "--out", out.string(), "--jobs", "1"});
  CHECK(r.code == 5);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains("3 runs in shard 0/1: 0 already done, 2 done now, 1 failed"));
  const CliResult st = run_cli({"sweep", "status", out.string()});
  CHECK_THAT(st.out, Catch::StartsWith("planned 3, done 2, failed 1, pending 0\n"));
  CHECK_THAT(st.out, Catch::Contains("exit code 2: gridtheory predict: error: --sigma: '-1'"));
  const CsvTable t = parse_csv(results(out), "test", "results.csv");
  CHECK(t.field(1, "status") == "failed");
  CHECK_THAT(t.field(1, "error"), Catch::Contains("--sigma: '-1'"));
  CHECK(t.field(1, "pattern").empty());
  CHECK(t.field(2, "status") == "done");
  const fs::path failed = out / "runs" / t.field(1, "run_id");
  CHECK(fs::is_regular_file(failed / "error.txt"));
  CHECK_FALSE(fs::exists(failed / "summary.json"));
  for (const auto& e : fs::directory_iterator(failed)) // no temporary left behind
    CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
  // A rerun tries the failed run again (and only it).
  const CliResult again = run_cli({"sweep", "run", spec.string(), "--out", out.string()});
  CHECK(again.code == 5);
  CHECK_THAT(again.err, Catch::Contains("2 already done, 0 done now, 1 failed"));
}

TEST_CASE("a sweep killed at any moment completes on a rerun with nothing lost or redone",
          "[sweep][resume]") {
  TempFolder tmp("sweep-kill");
  // Pattern runs of ~0.1 s and one training run long enough to be killed mid-way.
  const std::string spec_text = R"(
[[block]]
name = "pattern"
command = "pattern"
seeds = [0, 1, 2, 3]
fixed = { encoding = "dos", maps = 2, steps = 200, res = 24, cells = 64 }
[[block]]
name = "train"
command = "train"
fixed = { hidden = 48, cells = 96, steps = 200, batch = 24, seq-len = 5, lr = 3e-3, checkpoint-every = 10, log-every = 5, eval-batches = 3, eval-bins = 8, seed = 7 }
)";
  const fs::path spec = tmp.path / "s.toml";
  write(spec, spec_text);
  const fs::path whole = tmp.path / "whole";
  REQUIRE(run_cli({"sweep", "run", spec.string(), "--out", whole.string(), "--jobs", "1",
                   "--threads-per-run", "1"})
              .code == 0);
  const auto plan = sweep::plan_from_file(spec);
  const std::string train_id = plan.runs.back().id;
  const auto run_done = [&](const fs::path& out, std::size_t i) {
    return fs::exists(out / "runs" / plan.runs[i].id / "summary.json");
  };
  // Table without the timing columns, which differ between executions.
  const auto timeless = [](const std::string& table) {
    CsvTable t = parse_csv(table, "test", "results.csv");
    std::string out;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      for (std::size_t c = 0; c < t.header.size(); ++c)
        if (t.header[c] != "seconds" && t.header[c] != "ms_per_step")
          out += t.header[c] + "=" + t.rows[i][c] + "\n";
    return out;
  };
  const std::string expected = timeless(results(whole));

  struct Case {
    const char* name;
    std::function<bool(const fs::path&)> ready;
  };
  const std::vector<Case> cases = {
      {"after the first run", [&](const fs::path& out) { return run_done(out, 0); }},
      {"during the training run",
       [&](const fs::path& out) {
         std::error_code ec;
         return fs::exists(out / "runs" / train_id / "checkpoint" / "state.json", ec);
       }},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const fs::path out = tmp.path / "killed";
      const std::vector<std::string> args{
          "sweep",  "run", spec.string(),       "--out", out.string(),
          "--jobs", "1",   "--threads-per-run", "1"};
      kill_when(args, [&] { return c.ready(out); });
      // The killed sweep's child died with it: nothing changes in the folder any more.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      REQUIRE_FALSE(run_done(out, plan.runs.size() - 1));
      std::map<std::string, fs::file_time_type> finished;
      for (const auto& run : plan.runs)
        if (fs::exists(out / "runs" / run.id / "summary.json"))
          finished[run.id] = fs::last_write_time(out / "runs" / run.id / "summary.json");
      REQUIRE(!finished.empty());
      const CliResult again =
          run_cli({"sweep", "run", spec.string(), "--out", out.string(), "--threads-per-run", "1"});
      INFO(again.err);
      REQUIRE(again.code == 0);
      CHECK_THAT(again.out, Catch::Contains(std::to_string(finished.size()) + " already done"));
      for (const auto& [id, when] : finished) // not redone
        CHECK(fs::last_write_time(out / "runs" / id / "summary.json") == when);
      CHECK(timeless(results(out)) == expected);
      // The resumed training ends bit for bit as the uninterrupted one.
      CHECK(checkpoint_arrays(out / "runs" / train_id / "checkpoint") ==
            checkpoint_arrays(whole / "runs" / train_id / "checkpoint"));
      for (const auto& e : fs::recursive_directory_iterator(out))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
    }
  }
}
