// Numerical edge cases through the command line and the reports (README, "Numerical edge
// cases"): widths far below the bins or far above the box, one cell, huge surround ratios,
// ratemaps of extreme rates, and NaN / Inf in a sweep's results table. Each case has a
// documented result or a one-line exit-2 error; none crashes, hangs, exits 3 or writes NaN.
#include "src/io/csv.hpp"
#include "src/io/npy.hpp"
#include "src/plot/paper_figures.hpp"
#include "src/report/statistics.hpp"
#include "src/sweep/validation.hpp"
#include "tests/src/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

using namespace gridtheory;
using gridtheory::test::CliResult;
using gridtheory::test::require_one_line_user_error;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
using nlohmann::json;
namespace fs = std::filesystem;
namespace sw = gridtheory::sweep;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// No field of the CSV file spells an infinity, nor a NaN unless `nan_allowed` (per-map score
// tables write `nan` for an undefined score, as documented).
void require_no_non_finite_field(const fs::path& csv, bool nan_allowed = false) {
  INFO(csv.string());
  const CsvTable t = read_csv(csv, "test");
  for (const auto& row : t.rows)
    for (const auto& f : row) {
      std::string lower;
      for (char c : f)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!nan_allowed) CHECK(lower.find("nan") == std::string::npos);
      CHECK(lower.find("inf") == std::string::npos);
    }
}

// A results table (src/sweep/README.md) with NaN, infinite and empty fields. One configuration
// (dos, sigma 0.12), predicted hexagonal at 0.9 m. Read as missing, the fields leave:
//   t1  hexagonal at 0.3 and 0.8, spacing point (0.9, 1.2)
//   t2  decoding error nan    -> unscored          t3  decoding error -inf -> unscored
//   t4  max_score_60 inf      -> the 0.8 fraction column decides (hexagonal at 0.8 only),
//                                spacing point (0.9, 1.0)
//   t5  measured spacing inf  -> hexagonal, left out of the spacing fit
//   t6  predicted spacing nan -> hexagonal, left out of the spacing fit
//   t7  max nan, fraction inf -> unscored
//   p1  max -inf, fraction nan -> unscored         p2  hexagonal at 0.3 and 0.8, (0.9, 0.93)
// Nine fields are NaN or infinite, in five columns.
const std::string kResults =
    "run_id,index,block,command,status,error,opt.encoding,opt.sigma,opt.box,decoding_error_cm,"
    "grid_spacing_m,max_score_60,median_grid_spacing_m,pattern,predicted_grid_spacing_m,"
    "predicted_pattern,fraction_score_60_above_0.8\n"
    "pr,0,b,predict,done,,dos,0.12,,,0.9,,,hexagonal,,,\n"
    "t1,1,b,train,done,,dos,0.12,,5,,1.0,1.2,,0.9,hexagonal,0.1\n"
    "t2,2,b,train,done,,dos,0.12,,nan,,1.5,1.0,,0.9,hexagonal,0.1\n"
    "t3,3,b,train,done,,dos,0.12,,-inf,,1.5,1.0,,0.9,hexagonal,0.1\n"
    "t4,4,b,train,done,,dos,0.12,,3,,inf,1.0,,0.9,hexagonal,0.1\n"
    "t5,5,b,train,done,,dos,0.12,,3,,1.1,inf,,0.9,hexagonal,0.1\n"
    "t6,6,b,train,done,,dos,0.12,,3,,1.1,1.1,,nan,hexagonal,0.1\n"
    "t7,7,b,train,done,,dos,0.12,,3,,nan,,,0.9,hexagonal,inf\n"
    "p1,8,b,pattern,done,,dos,0.12,,,,-inf,0.9,,0.9,hexagonal,nan\n"
    "p2,9,b,pattern,done,,dos,0.12,,,,0.95,0.93,,0.9,hexagonal,\n";

} // namespace

TEST_CASE("median_of leaves out NaN and infinite values", "[edges][statistics]") {
  CHECK(median_of({3.0, kNaN, 1.0, kInf, 2.0, -kInf}) == 2.0);
  CHECK(median_of({kNaN, 4.0, 1.0}) == 2.5);
  CHECK(std::isnan(median_of({kNaN, kInf})));
  CHECK(std::isnan(median_of({})));
}

TEST_CASE("fit_spacing leaves out pairs with NaN, Inf or a predicted spacing <= 0",
          "[edges][validate]") {
  const sw::SpacingFit clean = sw::fit_spacing({0.6, 0.8, 1.0}, {0.9, 1.2, 1.5});
  const sw::SpacingFit dirty = sw::fit_spacing({0.6, kNaN, 0.8, 0.9, 1.0, kInf, 0.0, -1.0},
                                               {0.9, 1.0, 1.2, kInf, 1.5, 1.0, 1.0, 1.0});
  CHECK(clean.left_out == 0);
  CHECK(dirty.n == 3);
  CHECK(dirty.left_out == 5);
  CHECK(dirty.slope == clean.slope);
  CHECK(dirty.intercept == clean.intercept);
  CHECK(dirty.r_squared == clean.r_squared);
  CHECK(dirty.slope_through_origin == clean.slope_through_origin);
  CHECK(dirty.median_relative_error == clean.median_relative_error);
  const sw::SpacingFit none = sw::fit_spacing({kNaN}, {1.0});
  CHECK(none.n == 0);
  CHECK(none.left_out == 1);
  CHECK(std::isnan(none.slope));
  CHECK(std::isnan(none.median_relative_error));
}

TEST_CASE("validate reads nan, inf and -inf as missing and says how many", "[edges][validate]") {
  const sw::Validation v =
      sw::validate_results(parse_csv(kResults, "--results", "results.csv"), {}, "results.csv");
  using O = sw::Observed;
  REQUIRE(v.runs.size() == 9);
  CHECK(v.runs[1].observed == std::vector<O>{O::unscored, O::unscored, O::unscored});  // t2
  CHECK(v.runs[2].observed == std::vector<O>{O::unscored, O::unscored, O::unscored});  // t3
  CHECK(v.runs[3].observed == std::vector<O>{O::unscored, O::hexagonal, O::unscored}); // t4
  CHECK(v.runs[6].observed == std::vector<O>{O::unscored, O::unscored, O::unscored});  // t7
  CHECK(v.runs[7].observed == std::vector<O>{O::unscored, O::unscored, O::unscored});  // p1
  CHECK(v.unscored[0] == std::vector<std::size_t>{4, 3, 4});
  CHECK(v.unscored[1] == std::vector<std::size_t>{1, 1, 1});
  CHECK(v.trainer_fit.n == 2);
  CHECK(v.trainer_fit.left_out == 2);
  CHECK(v.solver_fit.n == 1);
  CHECK(v.solver_fit.left_out == 0);
  // t1 (0.9, 1.2) and t4 (0.9, 1.0): one predicted value, so no slope (NaN by definition).
  CHECK(v.trainer_fit.median_relative_error == Approx((0.3 / 0.9 + 0.1 / 0.9) / 2));
  CHECK(v.non_finite_fields == 9);
  CHECK(v.non_finite_columns ==
        std::vector<std::string>{"decoding_error_cm", "fraction_score_60_above_0.8", "max_score_60",
                                 "median_grid_spacing_m", "predicted_grid_spacing_m"});
  CHECK(v.configs[0].trainer.median_decoding_error_cm == 3.0); // 5, 3, 3, 3, 3

  TempFolder dir("edges-validate");
  write_text(dir.path / "results.csv", kResults);
  const auto r = run_cli({"validate", "--results", (dir.path / "results.csv").string(), "--out",
                          (dir.path / "v").string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("missing    9 NaN or infinite fields read as missing"));
  CHECK_THAT(r.out, Catch::Contains("trainer: 2 runs") &&
                        Catch::Contains("(2 left out: hexagonal without both spacings)"));
  const std::string md = read_text(dir.path / "v" / "report.md");
  CHECK_THAT(md, Catch::Contains("9 fields were NaN or infinite and were read as missing"));
  CHECK_THAT(md, Catch::Contains("| trainer | 2 | 2 |"));
  const json s = json::parse(read_text(dir.path / "v" / "summary.json"));
  CHECK(s["non_finite_fields"]["count"] == 9);
  CHECK(s["spacing"]["trainer"]["left_out"] == 2);
  for (const char* csv : {"configs.csv", "confusion.csv", "failures.csv", "spacing.csv"})
    require_no_non_finite_field(dir.path / "v" / csv);
  CHECK(read_csv(dir.path / "v" / "spacing.csv", "test").rows.size() == 3); // t1, t4, p2
}

TEST_CASE("figures leave nan, inf and -inf fields out of every figure and say how many",
          "[edges][figures]") {
  TempFolder dir("edges-figures");
  // Two more done rows whose --box a run refuses: left out and counted, not an internal error.
  write_text(dir.path / "results.csv",
             kResults + "b1,10,b,train,done,,dos,0.12,nan,3,,1.1,1.1,,0.9,hexagonal,0.1\n" +
                 "b2,11,b,predict,done,,dos,0.12,-1,,0.9,,,hexagonal,,,\n");
  const fs::path out = dir.path / "figs";
  const auto r =
      run_cli({"figures", "--results", (dir.path / "results.csv").string(), "--out", out.string()});
  INFO(r.err << r.out);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("results  10 finished runs"));
  CHECK_THAT(r.out, Catch::Contains("results  2 finished runs left out: options a run refuses"));
  CHECK_THAT(r.out, Catch::Contains("results  9 NaN or infinite fields read as missing (left out "
                                    "of every figure): decoding_error_cm, "
                                    "fraction_score_60_above_0.8, max_score_60, "
                                    "median_grid_spacing_m, predicted_grid_spacing_m"));
  // NFL Fig. 2 counts only t1, t5 and t6 (finite error and max score): all path-integrate and
  // have grid cells. Before: 7 runs, -inf cm counted as path-integrating, inf as a grid score.
  const CsvTable fig2 = read_csv(out / "fig2_families.csv", "test");
  REQUIRE(fig2.rows.size() == 1);
  REQUIRE(fig2.rows[0].size() == 10);
  CHECK(std::vector<std::string>(fig2.rows[0].begin(), fig2.rows[0].begin() + 6) ==
        std::vector<std::string>{"dos", "3", "3", "100", "3", "100"});
  // 3 of 3: the 95% Wilson interval is [43.85%, 100%] for both bars.
  for (std::size_t col : {6, 8}) {
    CHECK(std::stod(fig2.rows[0][col]) == Approx(43.8502968244955));
    CHECK(std::stod(fig2.rows[0][col + 1]) == Approx(100.0));
  }
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".csv") require_no_non_finite_field(e.path());
}

TEST_CASE("predict: widths far below the bins and far above the box have a documented result",
          "[edges][predict]") {
  // Before: --sigma 1e-4 never finished (the box-lattice search, 3366 steps out).
  for (const char* sigma : {"1e-4", "1e-6"}) {
    INFO("sigma " << sigma);
    const auto r = run_cli({"predict", "--sigma", sigma, "--format", "json"});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json j = json::parse(r.out);
    CHECK(j["pattern"] == "hexagonal");
    CHECK(j["k_star_per_m"].get<double>() ==
          Approx(std::sqrt(4.0 * std::log(2.0) / 3.0) / std::stod(sigma)).epsilon(1e-12));
    CHECK(j["box_lattice"]["best_triad"].is_null());
    CHECK(j["box_lattice"]["top_modes"].empty());
    CHECK_THAT(j["box_lattice"]["not_searched"].get<std::string>(),
               Catch::Contains("effectively continuous"));
  }
  const auto text = run_cli({"predict", "--sigma", "1e-4"});
  // Solid walls (the default): the lattice step is pi / L, so the ring lies 6732 steps out (it
  // read 3366 x 2pi/L before the convention change; --periodic still does).
  CHECK_THAT(text.out, Catch::Contains("box triad     not searched: the ring lies 6732 x pi/L"));
  const auto periodic_text = run_cli({"predict", "--sigma", "1e-4", "--periodic"});
  CHECK_THAT(periodic_text.out,
             Catch::Contains("box triad     not searched: the ring lies 3366 x 2pi/L"));
  const auto wide = run_cli({"predict", "--sigma", "50", "--box", "2.2", "--format", "json"});
  REQUIRE(wide.code == 0);
  const json w = json::parse(wide.out);
  CHECK(w["pattern"] == "square");
  CHECK(w["rejected_peak_k_per_m"].get<double>() < w["box_lowest_mode_per_m"].get<double>());
  CHECK(w["box_lattice"].is_null());
  const auto scan = run_cli({"scan", "--sigma", "1e-4:3e-4:1e-4"});
  INFO(scan.err);
  REQUIRE(scan.code == 0);
  CHECK(parse_csv(scan.out, "test", "stdout").rows.size() == 3);
}

TEST_CASE("out-of-range widths, surround ratios and cell counts are one-line errors",
          "[edges][predict]") {
  const std::vector<std::vector<std::string>> cases{{"--sigma", "1e-10"},
                                                    {"--sigma", "1e200"},
                                                    {"--surround-ratio", "1e6"},
                                                    {"--surround-ratio", "1e300"},
                                                    {"--surround-variance-ratio", "1e12"},
                                                    {"--cells", "1"}};
  for (const auto& c : cases) {
    INFO(c[0] << " " << c[1]);
    require_one_line_user_error(run_cli({"predict", c[0], c[1]}), c[0], c[1]);
  }
  CHECK_THAT(run_cli({"predict", "--surround-ratio", "1e6"}).err,
             Catch::Contains("sigma_I/sigma_E > 1 and <= 1000"));
  CHECK_THAT(run_cli({"predict", "--cells", "1"}).err,
             Catch::Contains("at least 2 place cells for gaussian, dos and sod"));
  // The largest allowed surround ratio is a finite, documented result (no ring in the box).
  const auto r = run_cli({"predict", "--surround-ratio", "1000", "--format", "json"});
  REQUIRE(r.code == 0);
  CHECK(json::parse(r.out)["pattern"] == "square");
}

TEST_CASE("the solvers refuse widths their grid cannot resolve, before any work",
          "[edges][pattern]") {
  TempFolder dir("edges-pattern");
  const std::string out = (dir.path / "run").string();
  // Before: --sigma 0.005 ran and predicted 0.206 m from aliasing (a bin is 0.04 m).
  auto r = run_cli({"pattern", "--sigma", "0.005", "--out", out});
  require_one_line_user_error(r, "--sigma", "0.005");
  CHECK_THAT(r.err, Catch::Contains("--res >= 220"));
  // Before: an internal error (the closed form underflows at every box wavevector).
  r = run_cli({"pattern", "--kernel", "analytic", "--sigma", "50", "--out", out});
  require_one_line_user_error(r, "--sigma", "50");
  CHECK_THAT(r.err, Catch::Contains("--kernel sampled"));
  // Before: an internal error (a softmax over one cell is constant: no kernel).
  require_one_line_user_error(run_cli({"pattern", "--cells", "1", "--out", out}), "--cells", "1");
  CHECK_FALSE(fs::exists(out));
  for (const char* command : {"predict", "spectrum"})
    require_one_line_user_error(
        run_cli({command, "--method", "sampled", "--sigma", "0.01", "--res", "64"}), "--sigma",
        "0.01");
  r = run_cli({"scan", "--method", "sampled", "--sigma", "0.01:0.03:0.01", "--res", "16", "--out",
               (dir.path / "scan.csv").string()});
  require_one_line_user_error(r, "--sigma", "0.01");
  CHECK_FALSE(fs::exists(dir.path / "scan.csv"));

  // A field far wider than the box on the sampled kernel: box-scale maps, predicted square.
  r = run_cli({"pattern", "--sigma", "50", "--res", "16", "--maps", "2", "--steps", "20", "--cells",
               "64", "--threads", "1", "--format", "json", "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const json s = json::parse(r.out);
  CHECK(s["predicted_pattern"] == "square");
  for (const auto& v : s["score_60"])
    CHECK((v.is_null() || std::isfinite(v.get<double>())));
  require_no_non_finite_field(fs::path(out) / "metrics.csv", true);
}

TEST_CASE("score: ratemaps of 1e300 or 1e-300 score as the same map at rate 1", "[edges][score]") {
  const int n = 16;
  const double k = 4.0 * std::numbers::pi / (std::sqrt(3.0) * 0.9);
  std::vector<double> maps(static_cast<size_t>(3 * n * n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x = (j + 0.5) * 2.2 / n, y = (i + 0.5) * 2.2 / n;
      double v = 0.0;
      for (int w = 0; w < 3; ++w) {
        const double th = (40.0 + 60.0 * w) * std::numbers::pi / 180.0;
        v += std::cos(k * (std::cos(th) * x + std::sin(th) * y));
      }
      const size_t at = static_cast<size_t>(i * n + j);
      maps[at] = v;
      maps[static_cast<size_t>(n * n) + at] = std::ldexp(v, 996);      // ~1e300
      maps[static_cast<size_t>(2 * n * n) + at] = std::ldexp(v, -996); // ~1e-300
    }
  TempFolder dir("edges-score");
  const fs::path file = dir.path / "maps.npy";
  write_npy(file, {3, static_cast<size_t>(n), static_cast<size_t>(n)}, maps.data(),
            NpyDtype::float64, "test");
  const auto r = run_cli({"score", "--ratemaps", file.string(), "--threads", "1"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const CsvTable t = parse_csv(r.out, "test", "stdout");
  REQUIRE(t.rows.size() == 3);
  CHECK(std::stod(t.rows[0][1]) > 1.0); // a grid
  for (size_t u = 1; u < 3; ++u)
    CHECK(std::vector<std::string>(t.rows[u].begin() + 1, t.rows[u].end()) ==
          std::vector<std::string>(t.rows[0].begin() + 1, t.rows[0].end()));
}

TEST_CASE("train: one place cell of a softmax code is refused before anything is written",
          "[edges][train]") {
  // Before: exit 3 from the decoder after config.json was written.
  TempFolder dir("edges-train");
  const std::string out = (dir.path / "run").string();
  require_one_line_user_error(run_cli({"train", "--cells", "1", "--out", out}), "--cells", "1");
  CHECK_FALSE(fs::exists(out));
  // The decoding error averages the 3 most active cells: fewer is refused for every place code,
  // including the difference-of-Gaussian codes that take one cell elsewhere.
  for (const std::string encoding : {"dos", "gaussian", "dog", "true-dog"})
    for (const std::string cells : {"1", "2"}) {
      INFO(encoding << " --cells " << cells);
      const CliResult r =
          run_cli({"train", "--encoding", encoding, "--cells", cells, "--out", out});
      require_one_line_user_error(r, "--cells", cells);
      CHECK_FALSE(fs::exists(out));
    }
  CHECK_THAT(run_cli({"train", "--encoding", "dog", "--cells", "2", "--out", out}).err,
             Catch::Contains("at least 3 place cells"));
}
