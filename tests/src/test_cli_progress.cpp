// Feedback on long work (src/report/progress.hpp): the one progress line of train, pattern and
// sweep run, plain lines when stderr is not a terminal, and the notices train (without --preset
// and --steps) and score (unvisited bins under the default SAC) print before their answer.
#include "cli_harness.hpp"
#include "process_harness.hpp"
#include "src/io/npy.hpp"
#include "src/report/progress.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using gridtheory::test::run_gridtheory;
using gridtheory::test::run_gridtheory_until;
using gridtheory::test::TempFolder;
using namespace gridtheory;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// A plain progress line: PREFIX UNIT DONE/TOTAL [DETAILS] UNITs_per_s RATE eta ETA.
bool plain_progress_line(const std::string& line, const std::string& prefix,
                         const std::string& unit, long long total) {
  const std::regex re(prefix + unit + " [0-9]+/" + std::to_string(total) + "( .*)? " + unit +
                      "s_per_s ([0-9.e+-]+|\\?) eta ([0-9]+h[0-9]{2}m|[0-9]+m[0-9]{2}s|\\?)");
  return std::regex_match(line, re);
}

} // namespace

TEST_CASE("the progress line: count, rate and ETA, plain or rewritten in place") {
  // 50 of 200 steps in 10 s: 5 steps/s, 150 left: 30 s. A bar of 24: 6 filled.
  const ProgressLine plain(nullptr, false, 200, "step", "pattern: ");
  CHECK(plain.line(50, "loss 1", 10.0) == "pattern: step 50/200 loss 1 steps_per_s 5 eta 0m30s");
  const ProgressLine tty(nullptr, true, 200, "step");
  CHECK(tty.line(50, "", 10.0) == "[######..................] 50/200 5 steps/s ETA 0m30s");
  // A resumed run counts its rate from where it resumed: 50 steps (100 to 150) in 10 s, 50 left.
  const ProgressLine resumed(nullptr, false, 200, "step", "", 100);
  CHECK(resumed.line(150, "", 10.0) == "step 150/200 steps_per_s 5 eta 0m10s");
  // Fast work without an exponent; no rate yet: "?".
  CHECK(plain.line(200, "", 0.02) == "pattern: step 200/200 steps_per_s 10000 eta 0m00s");
  CHECK(plain.line(0, "", 0.0) == "pattern: step 0/200 steps_per_s ? eta ?");
  CHECK(duration_text(3725) == "1h02m");
  CHECK(duration_text(187) == "3m07s");
  CHECK(duration_text(NAN) == "?");
}

TEST_CASE("plain progress: the first update at once, then every 10 s, and what is forced") {
  std::ostringstream log;
  ProgressLine p(&log, false, 10, "run", "sweep: ");
  p.update(1);
  p.update(2); // within 10 s of the first: not printed
  p.update(3, "done x", true);
  p.message("a line of its own");
  p.finish(); // nothing to end: no terminal line
  const auto lines = lines_of(log.str());
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].rfind("sweep: run 1/10 runs_per_s ", 0) == 0);
  CHECK(lines[1].rfind("sweep: run 3/10 done x runs_per_s ", 0) == 0);
  CHECK(lines[2] == "a line of its own");
  CHECK(log.str().find('\r') == std::string::npos);
}

TEST_CASE("a terminal's progress is one line rewritten in place, ended before a message") {
  std::ostringstream term;
  ProgressLine p(&term, true, 4, "step");
  p.update(1, "", true);
  p.update(2, "", true);
  p.message("note");
  p.update(4, "", true);
  p.finish();
  const std::string s = term.str();
  CHECK(s.rfind("\r[######..................] 1/4 ", 0) == 0);
  CHECK(s.find("\r[############............] 2/4 ") != std::string::npos);
  CHECK(s.find("   \nnote\n\r[########################] 4/4 ") != std::string::npos);
  CHECK(s.back() == '\n');
}

TEST_CASE("pattern prints plain progress lines on a non-terminal stderr") {
  TempFolder dir("progress-pattern");
  const auto r =
      run_gridtheory({"pattern", "--res", "16", "--maps", "2", "--steps", "30", "--cells", "64",
                      "--threads", "1", "--out", (dir.path / "run").string()},
                     dir.path);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.find('\r') == std::string::npos);
  const auto lines = lines_of(r.err);
  REQUIRE(lines.size() >= 2); // the first step at once, the last always (more after 10 s)
  for (const auto& line : lines)
    CHECK(plain_progress_line(line, "pattern: ", "step", 30));
  CHECK(lines.front().rfind("pattern: step 1/30 ", 0) == 0);
  CHECK(lines.back().rfind("pattern: step 30/30 ", 0) == 0);
  CHECK(lines.back().substr(lines.back().size() - 10) == " eta 0m00s");
}

TEST_CASE("sweep run prints a plain progress line per finished run, with its ETA") {
  TempFolder dir("progress-sweep");
  const fs::path spec = dir.path / "s.toml";
  write(spec, "name = \"p\"\n[[block]]\nname = \"predict\"\ncommand = \"predict\"\n"
              "grid = { sigma = [0.1, 0.12, 0.14] }\n");
  const auto r = run_gridtheory(
      {"sweep", "run", spec.string(), "--out", (dir.path / "out").string()}, dir.path);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.find('\r') == std::string::npos);
  const auto lines = lines_of(r.err);
  REQUIRE(lines.size() == 3);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK(plain_progress_line(lines[i], "sweep: ", "run", 3));
    CHECK(lines[i].rfind("sweep: run " + std::to_string(i + 1) + "/3 done predict-", 0) == 0);
  }
  CHECK(lines.back().substr(lines.back().size() - 10) == " eta 0m00s");
}

TEST_CASE("train without --preset and --steps says what the run and each preset will take") {
  TempFolder dir("progress-bare-train");
  // A tiny network so that the timing is quick; without --steps it is the reference schedule.
  const std::vector<std::string> tiny{"--hidden", "4", "--batch", "2",    "--seq-len", "2",
                                      "--cells",  "3", "--eval",  "none", "--threads", "1"};
  std::vector<std::string> args{"train", "--out", (dir.path / "run").string()};
  args.insert(args.end(), tiny.begin(), tiny.end());
  const auto r = run_gridtheory_until(args, dir.path, [](const std::string& err) {
    return err.find("\nstep ") != std::string::npos; // the first progress line
  });
  INFO(r.err);
  const auto lines = lines_of(r.err);
  REQUIRE(lines.size() >= 4);
  const std::string expected = "expected ([0-9]+h[0-9]{2}m|[0-9]+m[0-9]{2}s)";
  CHECK(std::regex_match(lines[0],
                         std::regex("gridtheory train: no --preset and no --steps: this is NFL's "
                                    "reference schedule, 200000 steps of n_g 4; " +
                                    expected +
                                    " here \\([0-9.e+-]+ ms/step with --threads 1, "
                                    "timed over 3 steps\\)")));
  // Each preset with the run's other options (--hidden 4 wins over lightweight's 256).
  CHECK(std::regex_match(
      lines[1], std::regex("gridtheory train: presets \\(the same other options\\): --preset "
                           "lightweight ([0-9]+h[0-9]{2}m|[0-9]+m[0-9]{2}s) \\(12000 steps, n_g "
                           "4, [0-9.e+-]+ ms/step\\); --preset reference "
                           "([0-9]+h[0-9]{2}m|[0-9]+m[0-9]{2}s) \\(200000 steps, n_g 4, "
                           "[0-9.e+-]+ ms/step\\)")));
  CHECK_THAT(lines[2], Catch::StartsWith("gridtheory train: starting;"));
  CHECK(plain_progress_line(lines[3], "", "step", 200000));
  CHECK(lines[3].rfind("step 1/200000 ", 0) == 0);

  SECTION("with --steps or --preset there is no notice") {
    for (const auto& extra :
         std::vector<std::vector<std::string>>{{"--steps", "5"}, {"--preset", "lightweight"}}) {
      std::vector<std::string> a{"train", "--out", (dir.path / ("run" + extra[0])).string(),
                                 "--steps", "5"};
      if (extra[0] == "--preset") a.insert(a.end(), extra.begin(), extra.end());
      a.insert(a.end(), tiny.begin(), tiny.end());
      const auto q = run_gridtheory(a, dir.path);
      INFO(q.err);
      REQUIRE(q.code == 0);
      CHECK(q.err.find("no --preset") == std::string::npos);
      CHECK(lines_of(q.err).front().rfind("step 1/5 ", 0) == 0);
    }
  }
}

TEST_CASE("score's default SAC says on stderr when it counts unvisited bins as rate 0") {
  TempFolder dir("progress-score");
  // Unit 0 with a 3 x 4 unvisited corner (12 bins), unit 1 fully visited, on a smooth map.
  std::vector<double> maps(2 * 20 * 20);
  for (std::size_t i = 0; i < maps.size(); ++i)
    maps[i] =
        std::cos(0.9 * static_cast<double>(i % 20)) + std::sin(0.7 * static_cast<double>(i / 20));
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 4; ++x)
      maps[static_cast<std::size_t>(y * 20 + x)] = std::nan("");
  const std::string file = (dir.path / "maps.npy").string();
  write_npy(file, {2, 20, 20}, maps.data(), NpyDtype::float64, "--test");

  const auto by_default = run_gridtheory({"score", "--ratemaps", file}, dir.path);
  REQUIRE(by_default.code == 0);
  CHECK(by_default.err == "gridtheory score: 12 unvisited (NaN) bins in 1 of 2 units counted as "
                          "rate 0 (--sac deepmind, the default, as DeepMind's scorer and train "
                          "do); --sac nan-aware leaves them out\n");
  for (const char* sac : {"deepmind", "nan-aware"}) {
    const auto chosen = run_gridtheory({"score", "--ratemaps", file, "--sac", sac}, dir.path);
    REQUIRE(chosen.code == 0);
    CHECK(chosen.err.empty()); // a SAC chosen on purpose needs no note
  }
  CHECK(run_gridtheory({"score", "--ratemaps", file, "--sac", "deepmind"}, dir.path).out ==
        by_default.out);
}
