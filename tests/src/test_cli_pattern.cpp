// `gridtheory pattern`: the theory's own dynamics form the predicted patterns, and the run
// folder holds what it says.
#include "src/io/npy.hpp"
#include "tests/src/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
using nlohmann::json;

namespace {
json summary_of(const std::filesystem::path& dir) {
  std::ifstream in(dir / "summary.json");
  return json::parse(in);
}
std::string bytes_of(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
} // namespace

TEST_CASE("pattern writes maps.npy, metrics, a mosaic and a summary, reproducibly") {
  TempFolder dir("pattern-files");
  const auto out = (dir.path / "run").string();
  const auto r =
      run_cli({"pattern", "--res", "24", "--maps", "3", "--steps", "40", "--cells", "128",
               "--threads", "2", "--seed", "5", "--out", out, "--format", "json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const json stdout_json = json::parse(r.out);
  CHECK(stdout_json["score_60"].size() == 3);
  CHECK(stdout_json["score_90"].size() == 3);
  CHECK(stdout_json["grid_spacing_m"].size() == 3);

  const auto maps = gridtheory::read_npy(std::filesystem::path(out) / "maps.npy", "--out");
  CHECK(maps.shape == std::vector<std::size_t>{3, 24, 24});
  std::ifstream metrics(std::filesystem::path(out) / "metrics.csv");
  std::string header;
  std::getline(metrics, header);
  CHECK(header.rfind("unit,score_60,score_60_minmax,score_90,", 0) == 0);
  CHECK(header.substr(header.rfind(',')) == ",sac"); // the SAC of every row: DeepMind's
  int rows = 0;
  for (std::string line; std::getline(metrics, line);)
    ++rows;
  CHECK(rows == 3);
  CHECK(std::filesystem::file_size(std::filesystem::path(out) / "mosaic.png") > 500);
  const json s = summary_of(out);
  CHECK(s["encoding"]["name"] == "dos");
  CHECK(s["seed"] == 5);
  CHECK(s["kernel"] == "sampled");
  CHECK(s["predicted_pattern"] == "hexagonal");

  // Same seed, other thread count: the same maps, bit for bit.
  const auto again = (dir.path / "again").string();
  REQUIRE(run_cli({"pattern", "--res", "24", "--maps", "3", "--steps", "40", "--cells", "128",
                   "--threads", "1", "--seed", "5", "--out", again})
              .code == 0);
  CHECK(bytes_of(std::filesystem::path(out) / "maps.npy") ==
        bytes_of(std::filesystem::path(again) / "maps.npy"));
}

TEST_CASE("pattern samples NFL's cell density in its box, which is always periodic") {
  TempFolder dir("pattern-cells");
  const auto run = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args{"pattern", "--res", "24", "--maps", "1", "--steps", "2"};
    args.insert(args.end(), {"--threads", "1", "--out", (dir.path / name).string()});
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_cli(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    return r;
  };
  // 512 cells in the 2.2 m box; at 4.4 m the same density is 2048 (before: 512, 4x sparser).
  const auto small = run("small", {});
  CHECK(summary_of(dir.path / "small")["cells"] == 512);
  CHECK_THAT(small.out, Catch::Contains("512 place cells"));
  const auto big = run("big", {"--box", "4.4"});
  const json b = summary_of(dir.path / "big");
  CHECK(b["cells"] == 2048);
  CHECK(b["encoding"]["cells"] == 2048);
  CHECK_THAT(big.out, Catch::Contains("2048 place cells"));
  // An explicit --cells wins.
  run("explicit", {"--box", "4.4", "--cells", "300"});
  CHECK(summary_of(dir.path / "explicit")["cells"] == 300);
  // Periodic with or without --periodic; no output claims solid walls.
  for (const auto& r : {small, big, run("flag", {"--periodic"})}) {
    CHECK_THAT(r.out, Catch::Contains("periodic"));
    CHECK_THAT(r.out, !Catch::Contains("solid"));
  }
  for (const char* name : {"small", "big", "flag"}) {
    const json s = summary_of(dir.path / name);
    CHECK(s["periodic"] == true);
    CHECK(s.dump().find("solid") == std::string::npos);
  }
  const auto help = run_cli({"pattern", "--help"});
  CHECK_THAT(help.out + help.err, !Catch::Contains("solid"));
}

// The theory's own claim, checked with its own dynamics. In a 4.4 m periodic box the DoS ring
// (k* = 8.011 rad/m) has a near-hexagonal lattice triad; in NFL's 2.2 m box it has none (see
// `gridtheory scan --periodic`), and the maps form distorted lattices instead.
TEST_CASE("relu maps form hexagonal grids at the predicted spacing: tanh and gaussian do not") {
  TempFolder dir("pattern-science");
  const auto run = [&](const std::string& name, std::initializer_list<std::string> extra) {
    std::vector<std::string> args{"pattern",
                                  "--box",
                                  "4.4",
                                  "--res",
                                  "88",
                                  "--kernel",
                                  "analytic",
                                  "--maps",
                                  "16",
                                  "--steps",
                                  "1500",
                                  "--lr",
                                  "0.3",
                                  "--threads",
                                  "2",
                                  "--out",
                                  (dir.path / name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_cli(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    return summary_of(dir.path / name);
  };
  const json relu = run("relu", {});
  CHECK(relu["fraction_score_60_above_0.8"].get<double>() > 0.5);
  CHECK(relu["median_grid_spacing_m"].get<double>() ==
        Approx(relu["predicted_grid_spacing_m"].get<double>()).epsilon(0.10));
  CHECK(run("tanh", {"--activation", "tanh"})["fraction_score_60_above_0.8"].get<double>() <= 0.25);
  CHECK(run("gaussian", {"--encoding", "gaussian"})["fraction_score_60_above_0.8"].get<double>() <=
        0.25);
}

// In NFL's 2.2 m box, Sorscher's surround (sigma_I^2 = 2 sigma_E^2: the ring at 3.4 lattice
// steps) forms hexagonal grids in most maps; NFL's ratio 2 (2.8 steps) does not.
TEST_CASE("in the 2.2 m box the Sorscher surround forms grids and the NFL one does not") {
  TempFolder dir("pattern-box");
  const auto run = [&](const std::string& name, const std::string& option) {
    const auto r = run_cli({"pattern", option, "2", "--threads", "2", "--seed", "0", "--out",
                            (dir.path / name).string()});
    INFO(r.err);
    REQUIRE(r.code == 0);
    return summary_of(dir.path / name);
  };
  const json sorscher = run("sorscher", "--surround-variance-ratio");
  CHECK(sorscher["fraction_score_60_above_0.8"].get<double>() > 0.5);
  CHECK(sorscher["median_grid_spacing_m"].get<double>() ==
        Approx(sorscher["predicted_grid_spacing_m"].get<double>()).epsilon(0.10));
  const json nfl = run("nfl", "--surround-ratio");
  CHECK(nfl["fraction_score_60_above_0.8"].get<double>() < 0.25);
  CHECK(nfl["median_grid_spacing_m"].get<double>() ==
        Approx(nfl["predicted_grid_spacing_m"].get<double>()).epsilon(0.10));
}

TEST_CASE("pattern rejects bad input before writing anything") {
  TempFolder dir("pattern-bad");
  const auto out = (dir.path / "run").string();
  const std::vector<std::vector<std::string>> cases{
      {"--encoding", "cartesian"},
      {"--kernel", "analytic", "--fields-per-cell", "2"},
      {"--kernel", "magic"},
      {"--maps", "0"},
      {"--steps", "-1"},
      {"--res", "2"},
      {"--lr", "0"},
      {"--lr", "1.5"},
      {"--threads", "0"},
      {"--format", "yaml"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"pattern", "--out", out};
    args.insert(args.end(), c.begin(), c.end());
    INFO(c[0] << " " << c[1]);
    gridtheory::test::require_one_line_user_error(run_cli(args), c[0], "");
  }
  CHECK(dir.files().empty());
  const auto missing_parent = run_cli({"pattern", "--out", (dir.path / "a/b").string()});
  CHECK(missing_parent.code == 2);
  CHECK(dir.files().empty());
  const auto no_out = run_cli({"pattern"});
  CHECK(no_out.code == 2);
}
