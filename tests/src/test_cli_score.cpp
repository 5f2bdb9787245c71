// `gridtheory score`: output formats, the options' effects, agreement with the numerics layer,
// and every bad input as exit code 2 with one line naming the option and the value.
#include "numerics/grid_scores.hpp"
#include "src/io/npy.hpp"
#include "tests/src/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

using gridtheory::test::CliResult;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
using namespace gridtheory;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = std::numbers::pi;

// An ideal triangular lattice (nearest peaks `spacing` apart, peaks at `orient` + k 60 degrees)
// sampled at the bin centres of an L-metre box, [row][col] = [y][x].
std::vector<double> lattice_map(int n, double spacing, double orient_deg, double box = 2.2) {
  std::vector<double> m(static_cast<size_t>(n * n));
  const double k = 4 * kPi / (std::sqrt(3.0) * spacing);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x = -box / 2 + (j + 0.5) * box / n, y = -box / 2 + (i + 0.5) * box / n;
      double v = 0.0;
      for (int w = 0; w < 3; ++w) {
        const double th = (orient_deg + 30.0 + 60.0 * w) * kPi / 180.0;
        v += std::cos(k * (std::cos(th) * x + std::sin(th) * y));
      }
      m[static_cast<size_t>(i * n + j)] = v;
    }
  return m;
}

// Units: a 0.7 m lattice at 10 degrees, the same with an unvisited corner, a constant map.
std::vector<double> three_units(int n) {
  std::vector<double> maps = lattice_map(n, 0.7, 10.0);
  std::vector<double> holes = maps;
  for (int i = 0; i < n / 3; ++i)
    for (int j = 0; j < n / 3; ++j)
      holes[static_cast<size_t>(i * n + j)] = kNaN;
  maps.insert(maps.end(), holes.begin(), holes.end());
  maps.insert(maps.end(), static_cast<size_t>(n * n), 1.5);
  return maps;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string f; std::getline(in, f, ',');)
    out.push_back(f);
  return out;
}

void require_score_user_error(const CliResult& r, const std::string& option,
                              const std::string& value) {
  gridtheory::test::require_one_line_user_error(r, option, value);
  CHECK_THAT(r.err, Catch::StartsWith("gridtheory score: error: "));
}

const char* const kHeader = "unit,score_60,score_60_minmax,score_90,gridness_bnt,grid_spacing_m,"
                            "orientation_deg,fourier_spacing_m,stripe_score,nfl_period_m,"
                            "nfl_period_err_m,spacing_disagree,ellipse_aspect,ellipse_angle_deg,"
                            "spacing_1_m,spacing_2_m,spacing_3_m,orientation_1_deg,"
                            "orientation_2_deg,orientation_3_deg,field_count,sac";

} // namespace

TEST_CASE("score prints one CSV row per unit, NaN as nan") {
  TempFolder dir("score-csv");
  const int n = 32;
  const auto maps = three_units(n);
  const std::string file = (dir.path / "maps.npy").string();
  write_npy(file, {3, 32, 32}, maps.data(), NpyDtype::float64, "--test");
  const CliResult r = run_cli({"score", "--ratemaps", file});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  const auto rows = lines(r.out);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == kHeader);
  const auto lattice = fields(rows[1]);
  REQUIRE(lattice.size() == 22);
  CHECK(lattice[0] == "0");
  CHECK(std::stod(lattice[1]) > 1.3);                                  // score_60
  CHECK(std::stod(lattice[5]) == Approx(0.7).epsilon(0.02));           // grid_spacing_m
  CHECK(std::stod(lattice[6]) == Approx(10.0).epsilon(0).margin(2.0)); // orientation_deg
  CHECK(std::stod(lattice[8]) == Approx(1.0 / 3.0).margin(0.05));      // stripe_score
  CHECK(std::stod(lattice[9]) == Approx(0.7).epsilon(0.06));           // nfl_period_m
  CHECK(lattice[11] == "0");                                           // spacing_disagree
  // The lattice statistics, appended: a regular lattice of 0.7 m with axes at 10, 70, 130
  // degrees (0.07 m bins: tolerances of a fraction of a bin).
  CHECK(std::stod(lattice[12]) == Approx(1.0).margin(0.05)); // ellipse_aspect
  for (int k = 0; k < 3; ++k) {
    CHECK(std::stod(lattice[static_cast<size_t>(14 + k)]) == Approx(0.7).margin(0.02));
    CHECK(std::stod(lattice[static_cast<size_t>(17 + k)]) == Approx(10.0 + 60 * k).margin(2.0));
  }
  CHECK(std::stod(lattice[20]) >= 5); // field_count
  CHECK(lattice[21] == "deepmind");   // the SAC, by default DeepMind's (train's)
  CHECK(fields(rows[2])[0] == "1");
  CHECK(std::stod(fields(rows[2])[1]) > 1.0);
  CHECK(rows[3] == "2,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,nan,"
                   "nan,nan,deepmind");

  // the same numbers as the library, to the 6 significant digits printed
  GridScorer scorer(n, 2.2, SacMode::deepmind);
  const GridScores s = scorer.score(maps.data() + n * n);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", s.score_60);
  CHECK(fields(rows[2])[1] == buf);
  std::snprintf(buf, sizeof buf, "%.6g", s.gridness_bnt);
  CHECK(fields(rows[2])[4] == buf);
}

TEST_CASE("score: a single 2-D map is one unit: float32 files are read") {
  TempFolder dir("score-2d");
  const auto map = lattice_map(20, 0.9, 0.0);
  const std::string file = (dir.path / "one.npy").string();
  write_npy(file, {20, 20}, map.data(), NpyDtype::float32, "--test");
  const CliResult r = run_cli({"score", "--ratemaps", file});
  REQUIRE(r.code == 0);
  const auto rows = lines(r.out);
  REQUIRE(rows.size() == 2);
  CHECK(fields(rows[1])[0] == "0");
  CHECK(std::stod(fields(rows[1])[5]) == Approx(0.9).epsilon(0.02));
}

TEST_CASE("score --format json: one object with the configuration and null for NaN") {
  TempFolder dir("score-json");
  const auto maps = three_units(32);
  const std::string file = (dir.path / "maps.npy").string();
  write_npy(file, {3, 32, 32}, maps.data(), NpyDtype::float64, "--test");
  const CliResult r =
      run_cli({"score", "--ratemaps", file, "--format", "json", "--sac", "deepmind"});
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["sac"] == "deepmind");
  CHECK(j["box_m"] == 2.2);
  CHECK(j["nbins"] == 32);
  CHECK(j["units_count"] == 3);
  // three_units(32): unit 1's corner of 32 / 3 = 10 x 10 bins is unvisited.
  CHECK(j["unvisited_bins"] == 100);
  CHECK(j["units_with_unvisited_bins"] == 1);
  CHECK(j["definitions"].contains("gridness_bnt"));
  REQUIRE(j["units"].size() == 3);
  CHECK(j["units"][0]["unit"] == 0);
  CHECK(j["units"][0]["score_60"].get<double>() > 1.3);
  for (const char* key : {"score_60", "score_60_minmax", "score_90", "gridness_bnt",
                          "grid_spacing_m", "orientation_deg", "fourier_spacing_m"})
    CHECK(j["units"][2][key].is_null());
  // field_count and the centres behind it, in metres inside the box.
  const auto& centres = j["units"][0]["field_centres_m"];
  CHECK(centres.size() == j["units"][0]["field_count"].get<size_t>());
  for (const auto& c : centres) {
    CHECK(c[0].get<double>() >= 0.0);
    CHECK(c[1].get<double>() <= 2.2);
  }
  CHECK(j["units"][2]["field_count"].is_null());
  CHECK(j["units"][2]["field_centres_m"].empty());
  CHECK(j["definitions"].contains("ellipse_aspect"));
}

TEST_CASE("score: --sac, --box and --threads do what they say") {
  TempFolder dir("score-options");
  const auto maps = three_units(32);
  const std::string file = (dir.path / "maps.npy").string();
  write_npy(file, {3, 32, 32}, maps.data(), NpyDtype::float64, "--test");
  const auto aware = lines(run_cli({"score", "--ratemaps", file, "--sac", "nan-aware"}).out);
  const auto deep = lines(run_cli({"score", "--ratemaps", file, "--sac", "deepmind"}).out);
  const auto by_default = lines(run_cli({"score", "--ratemaps", file}).out);
  REQUIRE(aware.size() == 4);
  REQUIRE(deep.size() == 4);
  CHECK(by_default == deep); // the default is DeepMind's, as train scores
  // Without the last column, `sac`, which names the mode in every row:
  const auto scores_of = [](const std::string& row) { return row.substr(0, row.rfind(',')); };
  CHECK(aware[1].substr(aware[1].rfind(',') + 1) == "nan-aware");
  CHECK(deep[1].substr(deep[1].rfind(',') + 1) == "deepmind");
  CHECK(scores_of(aware[1]) == scores_of(deep[1])); // every bin visited: the modes agree
  CHECK(scores_of(aware[2]) != scores_of(deep[2])); // an unvisited corner: they differ
  // a box twice as large doubles the lengths and leaves the scores
  const auto big = lines(run_cli({"score", "--ratemaps", file, "--box", "4.4"}).out);
  REQUIRE(big.size() == 4);
  CHECK(fields(big[1])[1] == fields(aware[1])[1]);
  CHECK(std::stod(fields(big[1])[5]) == Approx(2 * std::stod(fields(aware[1])[5])).epsilon(1e-5));
  CHECK(std::stod(fields(big[1])[7]) == Approx(2 * std::stod(fields(aware[1])[7])).epsilon(1e-5));
  for (const char* t : {"1", "2", "7"})
    CHECK(lines(run_cli({"score", "--ratemaps", file, "--threads", t}).out) == deep);
}

TEST_CASE("score: every bad input is exit 2 with one line naming option and value") {
  TempFolder dir("score-bad");
  auto write = [&](const std::string& name, const std::vector<size_t>& shape,
                   const std::vector<double>& values) {
    const std::string path = (dir.path / name).string();
    write_npy(path, shape, values.data(), NpyDtype::float64, "--test");
    return path;
  };
  const std::string good = write("good.npy", {20, 20}, lattice_map(20, 0.6, 0));
  const std::string rect = write("rect.npy", {20, 21}, std::vector<double>(420, 1.0));
  const std::string rect3 = write("rect3.npy", {2, 5, 4}, std::vector<double>(40, 1.0));
  const std::string one_d = write("1d.npy", {20}, std::vector<double>(20, 1.0));
  const std::string four_d = write("4d.npy", {1, 2, 5, 5}, std::vector<double>(50, 1.0));
  const std::string scalar = write("0d.npy", {}, std::vector<double>(1, 1.0));
  const std::string tiny = write("tiny.npy", {2, 2}, std::vector<double>(4, 1.0));
  const std::string none = write("none.npy", {0, 5, 5}, {});
  std::vector<double> with_inf = lattice_map(5, 0.6, 0);
  with_inf[7] = std::numeric_limits<double>::infinity();
  const std::string inf = write("inf.npy", {5, 5}, with_inf);
  // a file cut short: the header promises 20 x 20 doubles
  const std::string truncated = (dir.path / "truncated.npy").string();
  {
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() - 8);
  }
  const std::string text = (dir.path / "text.npy").string();
  std::ofstream(text) << "unit,score\n";
  const std::string missing = (dir.path / "missing.npy").string();
  const std::string folder = dir.path.string();

  struct Case {
    std::vector<std::string> args;
    std::string option;
    std::string value;
    std::string reason;
  };
  const std::vector<Case> cases{
      {{}, "--ratemaps", "", "required"},
      {{"--ratemaps", missing}, "--ratemaps", missing, "does not exist"},
      {{"--ratemaps", folder}, "--ratemaps", folder, "is a folder"},
      {{"--ratemaps", truncated}, "--ratemaps", truncated, "is truncated"},
      {{"--ratemaps", text}, "--ratemaps", text, "not a .npy file"},
      {{"--ratemaps", rect}, "--ratemaps", rect, "not square"},
      {{"--ratemaps", rect3}, "--ratemaps", rect3, "not square"},
      {{"--ratemaps", one_d}, "--ratemaps", one_d, "shape (20,)"},
      {{"--ratemaps", four_d}, "--ratemaps", four_d, "shape (1, 2, 5, 5)"},
      {{"--ratemaps", scalar}, "--ratemaps", scalar, "shape ()"},
      {{"--ratemaps", tiny}, "--ratemaps", tiny, "3 to 512 bins per side"},
      {{"--ratemaps", none}, "--ratemaps", none, "no ratemaps"},
      {{"--ratemaps", inf}, "--ratemaps", inf, "infinite rate in unit 0, bin [1][2]"},
      {{"--ratemaps", good, "--box", "0"}, "--box", "0", "a side in metres"},
      {{"--ratemaps", good, "--box", "-2.2"}, "--box", "-2.2", ""},
      {{"--ratemaps", good, "--box", "nan"}, "--box", "nan", ""},
      {{"--ratemaps", good, "--box", "2.2m"}, "--box", "2.2m", ""},
      {{"--ratemaps", good, "--sac", "scipy"}, "--sac", "scipy", "nan-aware, deepmind"},
      {{"--ratemaps", good, "--threads", "0"}, "--threads", "0", ""},
      {{"--ratemaps", good, "--threads", "two"}, "--threads", "two", ""},
      {{"--ratemaps", good, "--threads", "100000"}, "--threads", "100000", ""},
      {{"--ratemaps", good, "--format", "yaml"}, "--format", "yaml", "csv, json"},
      // options are checked before the file is read
      {{"--ratemaps", missing, "--box", "0"}, "--box", "0", ""},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"gridtheory", "score"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    std::string joined;
    for (const auto& a : args)
      joined += a + " ";
    INFO(joined);
    const CliResult r = run_cli(std::vector<std::string>(args.begin() + 1, args.end()));
    require_score_user_error(r, c.option, c.value);
    if (!c.reason.empty()) CHECK_THAT(r.err, Catch::Contains(c.reason));
  }
}

TEST_CASE("score: the installed binary exits with code 2 on a bad file") {
  TempFolder dir("score-binary");
  const std::string out = (dir.path / "stdout.txt").string();
  const std::string cmd = std::string(GRIDTHEORY_BINARY) + " score --ratemaps " +
                          (dir.path / "missing.npy").string() + " > " + out + " 2> " +
                          (dir.path / "stderr.txt").string();
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(std::filesystem::file_size(out) == 0);
}
