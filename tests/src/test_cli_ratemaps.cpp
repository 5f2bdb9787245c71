// `gridtheory ratemaps` (users' positions and activity binned as the trainer bins its own) and
// `gridtheory score --plot`: the hand-computed case through the CLI, the trainer's binning
// reproduced bit for bit, the (T, B, ...) layout, the wall tolerance, the round trip into
// `score`, and every bad input as exit code 2 with one line naming the option and the value.
#include "numerics/ratemap.hpp"
#include "src/io/npy.hpp"
#include "src/train/evaluation.hpp"
#include "src/train/trajectory.hpp"
#include "tests/src/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using gridtheory::test::CliResult;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
using namespace gridtheory;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The 6 samples of tests/numerics/test_ratemap.cpp in a 2 m box of 2 x 2 bins: unit 0's rates
// are [[2, 4], [5, NaN]] ([row = y][col = x]), unit 1 is -2 x unit 0.
const std::vector<double> kPositions{0.2, 0.3, 0.7, 0.1, 1.5, 0.4, 1.2, 0.9, 1.9, 0.5, 0.5, 1.5};
const std::vector<double> kActivity{1, -2, 3, -6, 2, -4, 4, -8, 6, -12, 5, -10};

std::string save(const TempFolder& dir, const std::string& name, std::vector<std::size_t> shape,
                 const std::vector<double>& data, NpyDtype dtype = NpyDtype::float64) {
  const auto path = dir.path / name;
  write_npy(path, shape, data.data(), dtype, "--test");
  return path.string();
}

void require_ratemaps_error(const CliResult& r, const std::string& option,
                            const std::string& value) {
  gridtheory::test::require_one_line_user_error(r, option, value);
  CHECK_THAT(r.err, Catch::StartsWith("gridtheory ratemaps: error: "));
}

// An ideal hexagonal lattice of `spacing` metres at (x, y).
double lattice(double x, double y, double spacing) {
  const double k = 4 * std::numbers::pi / (std::sqrt(3.0) * spacing);
  double v = 0.0;
  for (int w = 0; w < 3; ++w) {
    const double th = (10.0 + 60.0 * w) * std::numbers::pi / 180.0;
    v += std::cos(k * (std::cos(th) * x + std::sin(th) * y));
  }
  return v;
}

} // namespace

TEST_CASE("ratemaps: the hand-computed 2 x 2 case through the command line") {
  TempFolder dir("ratemaps-hand");
  const auto p = save(dir, "p.npy", {6, 2}, kPositions);
  const auto a = save(dir, "a.npy", {6, 2}, kActivity);
  const auto out = (dir.path / "r.npy").string();
  const CliResult r = run_cli(
      {"ratemaps", "--positions", p, "--activity", a, "--out", out, "--box", "2", "--bins", "2"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("2 units x 2 x 2 bins") && Catch::Contains("6 samples") &&
                        Catch::Contains("3 of 4 bins with a rate"));
  const NpyArray maps = read_npy(out, "--out");
  CHECK(maps.shape == std::vector<std::size_t>{2, 2, 2});
  CHECK(maps.dtype == NpyDtype::float64);
  CHECK(maps.data[0] == 2.0);
  CHECK(maps.data[1] == 4.0);
  CHECK(maps.data[2] == 5.0);
  CHECK(std::isnan(maps.data[3]));
  CHECK(maps.data[4] == -4.0);
  CHECK(std::isnan(maps.data[7]));

  // --min-occupancy 2: bin [1][0] (one sample) is NaN. --smooth 1 (one bin): the normalised
  // convolution of tests/numerics/test_ratemap.cpp, (4 + 17 w) / (2 + 4 w) at [0][0].
  REQUIRE(run_cli({"ratemaps", "--positions", p, "--activity", a, "--out", out, "--box", "2",
                   "--bins", "2", "--min-occupancy", "2"})
              .code == 0);
  const NpyArray kept = read_npy(out, "--out");
  CHECK(kept.data[0] == 2.0);
  CHECK(std::isnan(kept.data[2]));
  REQUIRE(run_cli({"ratemaps", "--positions", p, "--activity", a, "--out", out, "--box", "2",
                   "--bins", "2", "--smooth", "1"})
              .code == 0);
  const double w = std::exp(-0.5);
  CHECK(read_npy(out, "--out").data[0] == Approx((4 + 17 * w) / (2 + 4 * w)).epsilon(1e-14));

  // float32 activity gives float32 ratemaps; the positions' dtype does not matter.
  const auto a32 = save(dir, "a32.npy", {6, 2}, kActivity, NpyDtype::float32);
  const auto p32 = save(dir, "p32.npy", {6, 2}, kPositions, NpyDtype::float32);
  REQUIRE(run_cli({"ratemaps", "--positions", p32, "--activity", a32, "--out", out, "--box", "2",
                   "--bins", "2"})
              .code == 0);
  const NpyArray f32 = read_npy(out, "--out");
  CHECK(f32.dtype == NpyDtype::float32);
  CHECK(f32.data[1] == 4.0);
}

TEST_CASE("ratemaps: (T, B, 2) and (T, B, units) are the flattened samples") {
  TempFolder dir("ratemaps-tb");
  const auto flat_p = save(dir, "p.npy", {6, 2}, kPositions);
  const auto flat_a = save(dir, "a.npy", {6, 2}, kActivity);
  const auto tb_p = save(dir, "p3.npy", {3, 2, 2}, kPositions);
  const auto tb_a = save(dir, "a3.npy", {3, 2, 2}, kActivity);
  const auto r1 = (dir.path / "r1.npy").string(), r2 = (dir.path / "r2.npy").string();
  REQUIRE(run_cli({"ratemaps", "--positions", flat_p, "--activity", flat_a, "--out", r1, "--box",
                   "2", "--bins", "2"})
              .code == 0);
  REQUIRE(run_cli({"ratemaps", "--positions", tb_p, "--activity", tb_a, "--out", r2, "--box", "2",
                   "--bins", "2"})
              .code == 0);
  std::ifstream f1(r1, std::ios::binary), f2(r2, std::ios::binary);
  std::stringstream b1, b2;
  b1 << f1.rdbuf();
  b2 << f2.rdbuf();
  CHECK(b1.str() == b2.str());
}

TEST_CASE("ratemaps: the trainer's evaluation binning, bit for bit") {
  // Trajectories from the trainer's generator and random "hidden states": the CLI's ratemaps of
  // the positions at t = 1..T equal the RatemapAccumulator's.
  TrajectoryOptions to;
  to.steps = 30;
  to.batch = 40;
  to.seed = 5;
  TrajectoryGenerator gen(to);
  const TrajectoryBatch& traj = gen.next();
  const int units = 3, nbins = 20;
  const int T = traj.steps, B = traj.batch;
  std::mt19937_64 rng(9);
  std::normal_distribution<float> normal;
  std::vector<float> states(static_cast<std::size_t>(T * B * units));
  for (float& s : states)
    s = normal(rng);
  train::RatemapAccumulator acc(units, nbins, to.side_m);
  acc.add(train::ConstRowMap<float>(states.data(), T * B, units), traj);
  const std::vector<double> expected = acc.ratemaps();

  std::vector<double> pos, act(states.begin(), states.end());
  for (int t = 1; t <= T; ++t)
    for (int b = 0; b < B; ++b) {
      pos.push_back(traj.x(t, b));
      pos.push_back(traj.y(t, b));
    }
  TempFolder dir("ratemaps-trainer");
  const auto p =
      save(dir, "p.npy", {static_cast<std::size_t>(T), static_cast<std::size_t>(B), std::size_t{2}},
           pos);
  const auto a = save(
      dir, "a.npy",
      {static_cast<std::size_t>(T), static_cast<std::size_t>(B), static_cast<std::size_t>(units)},
      act);
  const auto out = (dir.path / "r.npy").string();
  REQUIRE(
      run_cli({"ratemaps", "--positions", p, "--activity", a, "--out", out, "--bins", "20"}).code ==
      0);
  const NpyArray maps = read_npy(out, "--out");
  REQUIRE(maps.data.size() == expected.size());
  std::size_t nan_bins = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (std::isnan(expected[i])) {
      ++nan_bins;
      CHECK(std::isnan(maps.data[i]));
    } else {
      CHECK(maps.data[i] == expected[i]);
    }
  }
  CHECK(nan_bins > 0); // 1200 samples of short walks leave bins unvisited
}

TEST_CASE("ratemaps: positions on the wall are in the edge bins, beyond it exit 2") {
  TempFolder dir("ratemaps-wall");
  const auto a = save(dir, "a.npy", {2, 1}, {1.0, 3.0});
  const auto out = (dir.path / "r.npy").string();
  // x = L and y = 0 exactly, and x rounded a little beyond L as float32 stores 2.2.
  const auto p = save(dir, "p.npy", {2, 2}, {2.2, 0.0, 0.0, 2.2}, NpyDtype::float32);
  REQUIRE(
      run_cli({"ratemaps", "--positions", p, "--activity", a, "--out", out, "--bins", "4"}).code ==
      0);
  const NpyArray maps = read_npy(out, "--out");
  CHECK(maps.data[3] == 1.0);  // [row 0][col 3]
  CHECK(maps.data[12] == 3.0); // [row 3][col 0]
  const auto far = save(dir, "far.npy", {2, 2}, {0.5, 0.5, 2.21, 1.0});
  const CliResult r =
      run_cli({"ratemaps", "--positions", far, "--activity", a, "--out", out, "--bins", "4"});
  require_ratemaps_error(r, "--positions", far);
  CHECK_THAT(r.err, Catch::Contains("x = 2.21 m at row 1") && Catch::Contains("[0, 2.2]"));
}

TEST_CASE("ratemaps: the output is what score reads") {
  TempFolder dir("ratemaps-score");
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.0, 2.2);
  std::vector<double> pos, act;
  for (int i = 0; i < 20000; ++i) {
    const double x = u(rng), y = u(rng);
    pos.push_back(x);
    pos.push_back(y);
    act.push_back(lattice(x, y, 0.7));
  }
  const auto p = save(dir, "p.npy", {20000, 2}, pos);
  const auto a = save(dir, "a.npy", {20000, 1}, act);
  const auto out = (dir.path / "r.npy").string();
  REQUIRE(
      run_cli({"ratemaps", "--positions", p, "--activity", a, "--out", out, "--bins", "20"}).code ==
      0);
  const CliResult s = run_cli({"score", "--ratemaps", out, "--format", "json"});
  REQUIRE(s.code == 0);
  const auto j = nlohmann::json::parse(s.out);
  CHECK(j["nbins"] == 20);
  CHECK(j["units"][0]["score_60"].get<double>() > 1.0);
  CHECK(j["units"][0]["grid_spacing_m"].get<double>() == Approx(0.7).epsilon(0.03));
}

TEST_CASE("ratemaps: every bad input is exit 2 with one line naming option and value") {
  TempFolder dir("ratemaps-bad");
  const auto p = save(dir, "p.npy", {6, 2}, kPositions);
  const auto a = save(dir, "a.npy", {6, 2}, kActivity);
  const auto out = (dir.path / "r.npy").string();
  const auto run = [&](std::vector<std::string> extra, const std::string& pos,
                       const std::string& act) {
    std::vector<std::string> args{"ratemaps", "--positions", pos, "--activity", act, "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  };
  SECTION("options") {
    require_ratemaps_error(run({"--bins", "1"}, p, a), "--bins", "1");
    require_ratemaps_error(run({"--bins", "513"}, p, a), "--bins", "513");
    require_ratemaps_error(run({"--bins", "4.5"}, p, a), "--bins", "4.5");
    require_ratemaps_error(run({"--smooth", "-0.1"}, p, a), "--smooth", "-0.1");
    require_ratemaps_error(run({"--smooth", "nan"}, p, a), "--smooth", "nan");
    require_ratemaps_error(run({"--min-occupancy", "0"}, p, a), "--min-occupancy", "0");
    require_ratemaps_error(run({"--box", "0"}, p, a), "--box", "0");
    const CliResult txt = run_cli(
        {"ratemaps", "--positions", p, "--activity", a, "--out", (dir.path / "r.txt").string()});
    require_ratemaps_error(txt, "--out", (dir.path / "r.txt").string());
    const auto folder = (dir.path / "none" / "r.npy").string();
    require_ratemaps_error(
        run_cli({"ratemaps", "--positions", p, "--activity", a, "--out", folder}), "--out", folder);
  }
  SECTION("files") {
    const auto missing = (dir.path / "missing.npy").string();
    require_ratemaps_error(run({}, missing, a), "--positions", missing);
    require_ratemaps_error(run({}, p, missing), "--activity", missing);
    // Positions with a third coordinate, 1-D activity, a sample count that differs.
    const auto p3 = save(dir, "p3.npy", {4, 3}, std::vector<double>(12, 0.5));
    require_ratemaps_error(run({}, p3, a), "--positions", p3);
    const auto a1 = save(dir, "a1.npy", {6}, std::vector<double>(6, 1.0));
    require_ratemaps_error(run({}, p, a1), "--activity", a1);
    const auto a5 = save(dir, "a5.npy", {5, 2}, std::vector<double>(10, 1.0));
    const CliResult mismatch = run({}, p, a5);
    require_ratemaps_error(mismatch, "--activity", a5);
    CHECK_THAT(mismatch.err, Catch::Contains("(6, 2)") && Catch::Contains("(6, units)"));
    const auto a0 = save(dir, "a0.npy", {6, 0}, {});
    require_ratemaps_error(run({}, p, a0), "--activity", a0);
    const auto p0 = save(dir, "p0.npy", {0, 2}, {});
    const auto a00 = save(dir, "a00.npy", {0, 2}, {});
    require_ratemaps_error(run({}, p0, a00), "--positions", p0);
    // A NaN position (row 2), an infinite activity (row 4, unit 1).
    std::vector<double> nan_pos = kPositions;
    nan_pos[5] = kNaN;
    const auto pn = save(dir, "pn.npy", {6, 2}, nan_pos);
    const CliResult rn = run({"--box", "2"}, pn, a);
    require_ratemaps_error(rn, "--positions", pn);
    CHECK_THAT(rn.err, Catch::Contains("y = nan at row 2"));
    std::vector<double> inf_act = kActivity;
    inf_act[9] = std::numeric_limits<double>::infinity();
    const auto ai = save(dir, "ai.npy", {6, 2}, inf_act);
    const CliResult ri = run({"--box", "2"}, p, ai);
    require_ratemaps_error(ri, "--activity", ai);
    CHECK_THAT(ri.err, Catch::Contains("row 4, unit 1"));
    // In a 3-D file the offending sample is named by (t, b).
    const auto p3d = save(dir, "p3d.npy", {3, 2, 2}, nan_pos);
    const auto a3d = save(dir, "a3d.npy", {3, 2, 2}, kActivity);
    const CliResult r3 = run({"--box", "2"}, p3d, a3d);
    require_ratemaps_error(r3, "--positions", p3d);
    CHECK_THAT(r3.err, Catch::Contains("sample [1][0] (t, b)"));
  }
  CHECK(!std::filesystem::exists(out));
}

TEST_CASE("score --plot draws the best units' ratemaps and their SACs, best first") {
  TempFolder dir("score-plot");
  const int n = 20;
  // Unit 0 noise, unit 1 a lattice, unit 2 constant (no score): the lattice is drawn first.
  std::vector<double> maps(static_cast<std::size_t>(3 * n * n), 1.5);
  std::mt19937_64 rng(4);
  std::normal_distribution<double> normal;
  for (int i = 0; i < n * n; ++i) {
    maps[static_cast<std::size_t>(i)] = normal(rng);
    maps[static_cast<std::size_t>(n * n + i)] =
        lattice((i % n + 0.5) * 2.2 / n, (i / n + 0.5) * 2.2 / n, 0.7);
  }
  const auto file = save(dir, "maps.npy", {3, 20, 20}, maps);
  const auto png = (dir.path / "best.png").string();
  const CliResult r = run_cli({"score", "--ratemaps", file, "--plot", png});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("unit,score_60"));
  for (const char* name :
       {"best.png", "best.csv", "best.gp", "best_sacs.png", "best_sacs.csv", "best_sacs.gp"})
    CHECK(std::filesystem::is_regular_file(dir.path / name));
  std::ifstream gp(dir.path / "best.gp");
  std::stringstream script;
  script << gp.rdbuf();
  const std::string s = script.str();
  const auto first = s.find("\"#1 "), second = s.find("\"#0 "), third = s.find("\"#2 nan\"");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(third != std::string::npos);
  CHECK(first < second);
  CHECK(second < third);
  CHECK_THAT(s, Catch::Contains("best units by score_60"));

  // A --plot that is not a .png is refused before anything is written.
  const auto bad = (dir.path / "plot.jpg").string();
  const CliResult e = run_cli({"score", "--ratemaps", file, "--plot", bad});
  gridtheory::test::require_one_line_user_error(e, "--plot", bad);
  CHECK(!std::filesystem::exists(bad));
}
