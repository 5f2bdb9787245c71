// `gridtheory validate` (src/sweep/validation): results.csv tables with known outcomes give the
// known confusion counts (grids or not per threshold, and observed against predicted pattern),
// spacing statistics and failures; runs join on their resolved configuration; a network that
// does not path-integrate never counts as grids; bad input is a one-line user error that writes
// nothing.
#include "src/io/csv.hpp"
#include "src/sweep/validation.hpp"
#include "tests/src/cli_harness.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using gridtheory::CsvTable;
using gridtheory::parse_csv;
using gridtheory::UserError;
using gridtheory::test::require_one_line_user_error;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
using nlohmann::json;
namespace sw = gridtheory::sweep;

namespace {

// The columns `sweep collect` writes for predict, pattern and train runs (a subset).
const std::string kHeader =
    "run_id,index,block,command,status,error,opt.encoding,opt.seed,opt.sigma,decoding_error_cm,"
    "grid_spacing_m,max_score_60,median_grid_spacing_m,pattern,predicted_grid_spacing_m,"
    "predicted_pattern\n";

// Two configurations of predict and train rows. dos: predicted hexagonal (0.9 m); gaussian:
// predicted square. The pattern rows p1 and p2 are two more: the solver's box is periodic.
const std::string kResults =
    kHeader +
    // id, index, block, command, status, error, encoding, seed, sigma, err, gs, max, med, pat,
    // predicted gs, predicted pattern
    "pr-dos,0,b,predict,done,,dos,,0.12,,0.9,,,hexagonal,,\n"
    "pr-gau,1,b,predict,done,,gaussian,,0.12,,,,,square,,\n"
    "t1,2,b,train,done,,dos,0,0.12,5,,1.0,1.2,,0.9,hexagonal\n"
    "t2,3,b,train,done,,dos,1,0.12,10,,1.5,1.0,,0.9,hexagonal\n"
    "t3,4,b,train,done,,dos,2,0.12,9.99,,0.5,,,0.9,hexagonal\n"
    "t4,5,b,train,done,,dos,3,0.12,2,,1.3,0.9,,0.9,hexagonal\n"
    "p1,6,b,pattern,done,,dos,0,0.12,,,0.9,0.92,,0.9,hexagonal\n"
    "t5,7,b,train,done,,gaussian,0,0.12,3,,0.2,,,,square\n"
    "t6,8,b,train,done,,gaussian,1,0.12,4,,0.85,1.1,,,square\n"
    "p2,9,b,pattern,done,,gaussian,0,0.12,,,0.1,,,,square\n"
    "f1,10,b,train,failed,\"exit 4: the loss became NaN, at step 3\",dos,9,0.12,,,,,,,\n"
    "q1,11,b,train,pending,,dos,10,0.12,,,,,,,\n";

CsvTable table_of(const std::string& text) {
  return parse_csv(text, "--results", "results.csv");
}

std::size_t count_of(const sw::Validation& v, sw::Source s, double t, const std::string& p,
                     sw::Observed o) {
  for (const auto& c : v.confusion)
    if (c.source == s && c.threshold == t && c.predicted == p && c.observed == o) return c.count;
  FAIL("no confusion cell " << p << " / " << sw::observed_name(o) << " at " << t);
  return 0;
}

std::size_t pattern_count(const sw::Validation& v, sw::Source s, const std::string& p,
                          sw::ObservedPattern o) {
  for (const auto& c : v.pattern_confusion)
    if (c.source == s && c.predicted == p && c.observed == o) return c.count;
  FAIL("no pattern cell " << p << " / " << sw::observed_pattern_name(o));
  return 0;
}

void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
}

json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

} // namespace

TEST_CASE("validate: confusion counts at each threshold, trainer and solver", "[validate]") {
  const auto v = sw::validate_results(table_of(kResults), {}, "results.csv");
  CHECK(v.rows == 12);
  CHECK(v.done == 10);
  CHECK(v.failed == 1);
  CHECK(v.pending == 1);
  CHECK(v.done_predict == 2);
  CHECK(v.done_train == 6);
  CHECK(v.done_pattern == 2);
  REQUIRE(v.configs.size() == 4);
  CHECK(v.configs[0].label == "encoding=dos sigma=0.12 surround-ratio=2 box=2.2 activation=relu");
  CHECK(v.configs[2].label ==
        "encoding=dos sigma=0.12 surround-ratio=2 box=2.2 periodic=true activation=relu");
  CHECK(v.configs[0].prediction.pattern == "hexagonal");
  CHECK(v.configs[0].prediction.from == "predict");
  CHECK(*v.configs[0].prediction.grid_spacing_m == 0.9);
  CHECK(v.configs[1].prediction.pattern == "square");

  using O = sw::Observed;
  const auto T = sw::Source::trainer, S = sw::Source::solver;
  // t1 (max 1.0), t4 (1.3) hexagonal at 0.8; t3 (0.5) no grids; t2 (error exactly 10) not trained.
  CHECK(count_of(v, T, 0.8, "hexagonal", O::hexagonal) == 2);
  CHECK(count_of(v, T, 0.8, "hexagonal", O::no_grids) == 1);
  CHECK(count_of(v, T, 0.8, "hexagonal", O::not_path_integrating) == 1);
  CHECK(count_of(v, T, 0.8, "square", O::hexagonal) == 1);
  CHECK(count_of(v, T, 0.8, "square", O::no_grids) == 1);
  CHECK(count_of(v, T, 0.8, "square", O::not_path_integrating) == 0);
  CHECK(count_of(v, T, 0.3, "hexagonal", O::hexagonal) == 3);
  CHECK(count_of(v, T, 0.3, "hexagonal", O::no_grids) == 0);
  CHECK(count_of(v, T, 1.2, "hexagonal", O::hexagonal) == 1);
  CHECK(count_of(v, T, 1.2, "hexagonal", O::no_grids) == 2);
  CHECK(count_of(v, T, 1.2, "hexagonal", O::not_path_integrating) == 1);
  CHECK(count_of(v, T, 1.2, "square", O::hexagonal) == 0);
  CHECK(count_of(v, S, 0.8, "hexagonal", O::hexagonal) == 1);
  CHECK(count_of(v, S, 0.8, "square", O::no_grids) == 1);
  CHECK(count_of(v, S, 1.2, "hexagonal", O::no_grids) == 1);
  // Solver matrices have no not_path_integrating column; trainer ones have 2 predicted x 3
  // observed.
  for (const auto& c : v.confusion)
    if (c.source == S) CHECK(c.observed != O::not_path_integrating);
  CHECK(std::count_if(v.confusion.begin(), v.confusion.end(),
                      [&](const auto& c) { return c.source == T && c.threshold == 0.8; }) == 6);

  // Agreement at 0.8 over scored trainer runs: t1, t4 (agree), t3 (no), t5 (agree), t6 (no).
  for (const auto& a : v.agreement)
    if (a.source == T && a.threshold == 0.8) {
      CHECK(a.runs == 5);
      CHECK(a.agree == 3);
    }

  const auto& dos = v.configs[0].trainer;
  CHECK(dos.runs == 4);
  CHECK(dos.path_integrating == 3);
  CHECK(dos.hexagonal[1] == 2);
  CHECK(dos.scored[1] == 3);
  CHECK(dos.median_spacing_m == Approx(1.05)); // t1 1.2 and t4 0.9
  CHECK(dos.median_decoding_error_cm == Approx(7.495));
  CHECK(dos.max_score_60 == 1.3); // t2's 1.5: it does not path-integrate
  CHECK(v.configs[0].solver.runs == 0);
  CHECK(v.configs[2].solver.hexagonal[1] == 1);
  CHECK(v.configs[2].solver.median_spacing_m == 0.92);
  CHECK(v.configs[2].prediction.from == "runs");
}

TEST_CASE("validate: the error threshold is strict: exactly 10 cm is not trained", "[validate]") {
  const std::string csv = kHeader + "a,0,b,train,done,,dos,0,,10,,2.0,1,,0.9,hexagonal\n"
                                    "b,1,b,train,done,,dos,1,,9.999999,,2.0,1,,0.9,hexagonal\n";
  const auto v = sw::validate_results(table_of(csv), {}, "results.csv");
  REQUIRE(v.runs.size() == 2);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(v.runs[0].observed[i] == sw::Observed::not_path_integrating);
    CHECK(v.runs[1].observed[i] == sw::Observed::hexagonal);
  }
  sw::ValidationOptions o;
  o.error_threshold_cm = 10.5;
  const auto w = sw::validate_results(table_of(csv), o, "results.csv");
  CHECK(w.runs[0].observed[1] == sw::Observed::hexagonal);
  // Scores are strict too: max_score_60 exactly 0.8 is not above 0.8.
  const auto x = sw::validate_results(
      table_of(kHeader + "a,0,b,pattern,done,,dos,0,,,,0.8,1,,0.9,hexagonal\n"), {}, "r.csv");
  CHECK(x.runs[0].observed[0] == sw::Observed::hexagonal);
  CHECK(x.runs[0].observed[1] == sw::Observed::no_grids);
}

TEST_CASE("validate: points on y = 1.5x give slope 1.5, intercept 0, R^2 1", "[validate]") {
  const std::string csv = kHeader + "a,0,b,train,done,,dos,0,,1,,1.0,0.9,,0.6,hexagonal\n"
                                    "b,1,b,train,done,,dos,1,,1,,1.0,1.2,,0.8,hexagonal\n"
                                    "c,2,b,train,done,,dos,2,,1,,1.0,1.5,,1.0,hexagonal\n"
                                    "d,3,b,train,done,,dos,3,,1,,0.5,3.0,,2.0,hexagonal\n";
  const auto v = sw::validate_results(table_of(csv), {}, "results.csv");
  // d is not hexagonal at 0.8: left out of the spacing statistics.
  const auto& f = v.trainer_fit;
  CHECK(f.n == 3);
  CHECK(f.slope == Approx(1.5));
  CHECK(f.intercept == Approx(0.0).margin(1e-12));
  CHECK(f.r_squared == Approx(1.0));
  CHECK(f.slope_through_origin == Approx(1.5));
  CHECK(f.median_relative_error == Approx(0.5));
  CHECK(v.solver_fit.n == 0);
  CHECK(std::isnan(v.solver_fit.slope));
  // Every point is 50% off: three spacing failures (tolerance 0.25), and the configuration
  // (predicted hexagonal, observed hexagonal) is not one.
  REQUIRE(v.failures.size() == 3);
  for (const auto& fail : v.failures) {
    CHECK(fail.kind == "spacing");
    CHECK(fail.relative_error == Approx(0.5));
  }
  CHECK(v.failures[0].run_id == "a");
  CHECK(v.failures[0].predicted_spacing_m == 0.6);
  CHECK(v.failures[0].measured_spacing_m == 0.9);
}

TEST_CASE("validate: fit_spacing against hand-computed least squares", "[validate]") {
  // x = 1, 2, 3; y = 1, 2, 2: slope 1/2, intercept 2/3, R^2 3/4, through the origin 11/14.
  const auto f = sw::fit_spacing({1, 2, 3}, {1, 2, 2});
  CHECK(f.n == 3);
  CHECK(f.slope == Approx(0.5));
  CHECK(f.intercept == Approx(2.0 / 3.0));
  CHECK(f.r_squared == Approx(0.75));
  CHECK(f.slope_through_origin == Approx(11.0 / 14.0));
  CHECK(f.median_relative_error == 0.0); // the median of 0, 0, 1/3
  CHECK(sw::fit_spacing({1, 2, 4}, {2, 2, 2}).median_relative_error == 0.5); // 1, 0, 1/2
  CHECK(std::isnan(sw::fit_spacing({1, 2, 4}, {2, 2, 2}).r_squared));        // constant measured
  // One point, or one predicted value: no OLS line, but a slope through the origin.
  const auto one = sw::fit_spacing({0.9}, {1.2});
  CHECK(one.n == 1);
  CHECK(std::isnan(one.slope));
  CHECK(std::isnan(one.r_squared));
  CHECK(one.slope_through_origin == Approx(1.2 / 0.9));
  const auto same_x = sw::fit_spacing({0.9, 0.9}, {1.0, 1.2});
  CHECK(std::isnan(same_x.slope));
  CHECK(same_x.slope_through_origin == Approx(1.1 / 0.9));
  CHECK(std::isnan(sw::fit_spacing({}, {}).median_relative_error));
}

TEST_CASE("validate: failures list disagreeing configurations with their numbers", "[validate]") {
  sw::ValidationOptions o;
  o.spacing_tolerance = 10.0; // only configuration failures here
  // Add a dos-like configuration predicted hexagonal where no trained run is hexagonal.
  const std::string csv = kResults + "t7,12,b,train,done,,dos,0,0.2,1,,0.4,,,0.9,hexagonal\n"
                                     "t8,13,b,train,done,,dos,1,0.2,30,,1.4,,,0.9,hexagonal\n";
  const auto v = sw::validate_results(table_of(csv), o, "results.csv");
  REQUIRE(v.configs.size() == 5); // dos, gaussian, their pattern runs' two, dos at sigma 0.2
  CHECK(v.configs[4].prediction.from == "runs");
  REQUIRE(v.failures.size() == 2);
  // gaussian: predicted square, 1 of 2 trained runs hexagonal at 0.8.
  CHECK(v.failures[0].kind == "observed_hexagonal_not_predicted");
  CHECK(v.failures[0].source == sw::Source::trainer);
  CHECK(v.failures[0].config == 1);
  CHECK(v.failures[0].runs == 2);
  CHECK(v.failures[0].hexagonal == 1);
  CHECK(v.failures[0].measured_spacing_m == 1.1);
  // sigma 0.2: predicted hexagonal, the one trained run is not (t8 did not train).
  CHECK(v.failures[1].kind == "predicted_hexagonal_not_observed");
  CHECK(v.failures[1].config == 4);
  CHECK(v.failures[1].runs == 1);
  CHECK(v.failures[1].hexagonal == 0);
  CHECK(v.failures[1].predicted_spacing_m == 0.9);
  const std::string text = sw::failures_csv(v);
  CHECK_THAT(text, Catch::Contains("predicted_hexagonal_not_observed,trainer,5,"
                                   "encoding=dos sigma=0.2 surround-ratio=2 box=2.2 "
                                   "activation=relu,,hexagonal,1,0,0.9,,"));
  const std::string md = sw::validation_markdown(v);
  CHECK_THAT(md, Catch::Contains("## Where the theory fails"));
  CHECK_THAT(md, Catch::Contains("none of 1 scored trainer runs is hexagonal"));
}

TEST_CASE("validate: configurations join on canonical option values, ignoring seeds",
          "[validate]") {
  // 0.10 and 0.1 are one value; the seed is not part of a configuration; without predict
  // rows the runs' own predictions vote (square 2 : hexagonal 1).
  const std::string csv = kHeader + "a,0,b,train,done,,dos,0,0.10,1,,0.1,,,0.8,square\n"
                                    "b,1,b,train,done,,dos,5,0.1,1,,0.1,,,0.7,square\n"
                                    "c,2,b,train,done,,dos,7,0.1,1,,0.1,,,0.9,hexagonal\n";
  const auto v = sw::validate_results(table_of(csv), {}, "results.csv");
  REQUIRE(v.configs.size() == 1);
  const auto& p = v.configs[0].prediction;
  CHECK(p.pattern == "square");
  CHECK(p.from == "runs");
  CHECK(p.votes == "square:2 hexagonal:1");
  CHECK(*p.grid_spacing_m == Approx(0.75));
  CHECK(v.configs[0].trainer.runs == 3);
}

TEST_CASE("validate: runs without max_score_60 use the fraction columns or are unscored",
          "[validate]") {
  const std::string csv =
      "run_id,command,status,decoding_error_cm,fraction_score_60_above_0.3,"
      "fraction_score_60_above_0.8,max_score_60,predicted_pattern\n"
      "old,pattern,done,,0.5,0.25,,hexagonal\n" // an older pattern summary without the max
      "none,pattern,done,,0,0,,hexagonal\n"     // no map above 0.3
      "noeval,train,done,3,,,,hexagonal\n";     // train --no-eval: nothing scored
  const auto v = sw::validate_results(table_of(csv), {}, "results.csv");
  REQUIRE(v.runs.size() == 3);
  using O = sw::Observed;
  CHECK(v.runs[0].observed == std::vector<O>{O::hexagonal, O::hexagonal, O::unscored});
  CHECK(v.runs[1].observed == std::vector<O>{O::no_grids, O::no_grids, O::no_grids});
  CHECK(v.runs[2].observed == std::vector<O>{O::unscored, O::unscored, O::unscored});
  CHECK(v.unscored[1] == std::vector<std::size_t>{0, 0, 1});
  CHECK(v.unscored[0] == std::vector<std::size_t>{1, 1, 1});
  // No option columns: every run is at the defaults (the pattern runs in a periodic box).
  REQUIRE(v.configs.size() == 2);
  CHECK(v.configs[0].label ==
        "encoding=dos sigma=0.12 surround-ratio=2 box=2.2 periodic=true activation=relu");
  CHECK(v.configs[1].label == "encoding=dos sigma=0.12 surround-ratio=2 box=2.2 activation=relu");
}

TEST_CASE("validate: bad tables are user errors naming --results", "[validate]") {
  const auto rejects = [](const std::string& csv, const std::string& why) {
    INFO(csv);
    try {
      sw::validate_results(table_of(csv), {}, "results.csv");
      FAIL("accepted");
    } catch (const UserError& e) {
      CHECK(e.option() == "--results");
      CHECK(e.value() == "results.csv");
      CHECK_THAT(e.what(), Catch::Contains(why));
    }
  };
  rejects("run_id,command,error\na,train,\n", "has no column 'status'");
  rejects("run_id,status\na,done\n", "has no column 'command'");
  rejects("command,status\ntrain,done\n", "has no column 'run_id'");
  rejects("run_id,command,status\na,train,failed\nb,train,pending\n",
          "has no row with status done (2 rows: 1 failed, 1 pending)");
  rejects("run_id,command,status\n", "has no row with status done");
  rejects("run_id,command,status\na,sweep,done\n", "has no done predict, pattern or train row");
  rejects("run_id,command,status,decoding_error_cm\na,train,done,ten\n",
          "data row 1 (run a), column decoding_error_cm: 'ten'");
}

TEST_CASE("validate writes the report, summary, tables and figure", "[validate]") {
  TempFolder dir("validate-files");
  const auto results = dir.path / "results.csv";
  write_text(results, kResults);
  const auto out = dir.path / "report";
  const auto r = run_cli({"validate", "--results", results.string(), "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("12 rows, 10 done (2 predict, 2 pattern, 6 train)"));
  CHECK_THAT(r.out, Catch::Contains("prediction agrees with 3 of 5 scored runs"));
  for (const auto& name : sw::validation_file_names()) {
    INFO(name);
    CHECK(std::filesystem::file_size(out / name) > 0);
  }
  // Nothing else (no temporary files left behind).
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(out)) {
    (void)e;
    ++files;
  }
  CHECK(files == sw::validation_file_names().size());

  const json s = read_json(out / "summary.json");
  CHECK(s["command"] == "validate");
  CHECK(s["rows"]["done"] == 10);
  CHECK(s["rows"]["failed"] == 1);
  CHECK(s["criteria"]["error_threshold_cm"] == 10.0);
  CHECK(s["confusion"]["trainer"]["0.8"]["hexagonal"]["hexagonal"] == 2);
  CHECK(s["confusion"]["trainer"]["0.8"]["hexagonal"]["not_path_integrating"] == 1);
  CHECK(s["confusion"]["trainer"]["1.2"]["hexagonal"]["no_grids"] == 2);
  CHECK(s["confusion"]["solver"]["0.8"]["square"]["no_grids"] == 1);
  CHECK(s["configs"][0]["trainer"]["fraction_hexagonal"]["0.8"].get<double>() == Approx(2.0 / 3.0));
  CHECK(s["configs"][3]["solver"]["median_spacing_m"].is_null());
  CHECK(s["pattern_confusion"]["counts"]["trainer"]["hexagonal"]["not_path_integrating"] == 1);
  CHECK(s["spacing"]["trainer"]["n"] == 2); // t1, t4 (t6 has no predicted spacing)
  CHECK(s["spacing"]["solver"]["n"] == 1);  // p1
  CHECK(s["failures"].size() >= 1);

  std::ifstream confusion(out / "confusion.csv");
  std::string line;
  std::getline(confusion, line);
  CHECK(line == "source,threshold,predicted,observed,count");
  std::getline(confusion, line);
  CHECK(line == "trainer,0.3,hexagonal,hexagonal,3");

  std::ifstream md(out / "report.md");
  const std::string report{std::istreambuf_iterator<char>(md), std::istreambuf_iterator<char>()};
  CHECK_THAT(
      report,
      Catch::Contains("| predicted \\ observed | hexagonal | no_grids | not_path_integrating |"));
  CHECK_THAT(report, Catch::Contains("decoding_error_cm >= 10"));

  // A lower error threshold: t3 (9.99 cm) and t1 (5 cm) no longer train.
  const auto again = dir.path / "strict";
  REQUIRE(run_cli({"validate", "--results", results.string(), "--out", again.string(),
                   "--error-threshold-cm", "4.5"})
              .code == 0);
  const json t = read_json(again / "summary.json");
  CHECK(t["confusion"]["trainer"]["0.8"]["hexagonal"]["not_path_integrating"] == 3);
  CHECK(t["criteria"]["error_threshold_cm"] == 4.5);
}

TEST_CASE("validate: bad input is one line, exit 2, and writes nothing", "[validate]") {
  TempFolder dir("validate-bad");
  const auto good = dir.path / "results.csv";
  write_text(good, kResults);
  const auto out = (dir.path / "out").string();
  const auto check = [&](const std::vector<std::string>& args, const std::string& option,
                         const std::string& value) {
    std::vector<std::string> full{"validate"};
    full.insert(full.end(), args.begin(), args.end());
    const auto r = run_cli(full);
    require_one_line_user_error(r, option, value);
    CHECK(!std::filesystem::exists(out));
  };
  const auto missing = (dir.path / "missing.csv").string();
  check({"--results", missing, "--out", out}, "--results", missing);
  check({"--results", dir.path.string(), "--out", out}, "--results", dir.path.string());

  const auto broken = dir.path / "broken.csv";
  write_text(broken, "run_id,command,status\n\"a,train,done\n");
  check({"--results", broken.string(), "--out", out}, "--results", broken.string());
  const auto narrow = dir.path / "narrow.csv";
  write_text(narrow, "run_id,command,status\na,train\n");
  check({"--results", narrow.string(), "--out", out}, "--results", narrow.string());
  const auto no_status = dir.path / "no_status.csv";
  write_text(no_status, "run_id,command\na,train\n");
  check({"--results", no_status.string(), "--out", out}, "--results", no_status.string());
  const auto not_done = dir.path / "not_done.csv";
  write_text(not_done, "run_id,command,status\na,train,failed\n");
  check({"--results", not_done.string(), "--out", out}, "--results", not_done.string());
  const auto empty = dir.path / "empty.csv";
  write_text(empty, "");
  check({"--results", empty.string(), "--out", out}, "--results", empty.string());

  for (const std::string bad : {"0", "-1", "abc", "inf", "nan", ""})
    check({"--results", good.string(), "--out", out, "--error-threshold-cm", bad},
          "--error-threshold-cm", bad);

  const auto orphan = (dir.path / "no" / "such" / "dir").string();
  const auto r = run_cli({"validate", "--results", good.string(), "--out", orphan});
  require_one_line_user_error(r, "--out", "");
  const auto r2 = run_cli({"validate", "--results", good.string(), "--out", good.string()});
  require_one_line_user_error(r2, "--out", good.string());
}

TEST_CASE("pattern's summary.json has max_score_60, the best finite map score", "[validate]") {
  TempFolder dir("validate-pattern-max");
  const auto out = (dir.path / "run").string();
  const auto r = run_cli({"pattern", "--res", "20", "--maps", "3", "--steps", "30", "--cells", "64",
                          "--threads", "1", "--out", out});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const json s = read_json(std::filesystem::path(out) / "summary.json");
  double best = -1e300;
  for (const auto& x : s["score_60"])
    if (x.is_number()) best = std::max(best, x.get<double>());
  REQUIRE(s.contains("max_score_60"));
  if (best > -1e300)
    CHECK(s["max_score_60"].get<double>() == best);
  else
    CHECK(s["max_score_60"].is_null());
  // The other measures of the observed pattern, and the class they make.
  double best_90 = -1e300;
  for (const auto& x : s["score_90"])
    if (x.is_number()) best_90 = std::max(best_90, x.get<double>());
  if (best_90 > -1e300) CHECK(s["max_score_90"].get<double>() == best_90);
  REQUIRE(s.contains("max_stripe_score"));
  const std::string observed = s["observed_pattern"];
  const double m60 = s["max_score_60"].is_number() ? s["max_score_60"].get<double>() : -1e300;
  const double m90 = s["max_score_90"].is_number() ? s["max_score_90"].get<double>() : -1e300;
  const double stripe =
      s["max_stripe_score"].is_number() ? s["max_stripe_score"].get<double>() : -1e300;
  CHECK(observed == (m60 > 0.8      ? "hexagonal"
                     : m90 > 0.8    ? "square"
                     : stripe > 0.6 ? "stripes"
                                    : "none"));
}

TEST_CASE("validate joins runs on the resolved target, box and activation, not on typed options",
          "[validate][resolved]") {
  // q1 (predict, `--encoding dos --box 2.2 --activation relu`), t1 (`--sigma 0.12
  // --surround-ratio 2`) and t2 (`--sigma 0.120 --surround-ratio 2.0 --box 2.2`) are one target:
  // make_encoding fills in the same defaults. As typed they were three configurations and the
  // prediction joined none of the train runs.
  const std::string csv =
      "run_id,command,status,opt.encoding,opt.sigma,opt.surround-ratio,opt.box,opt.periodic,"
      "opt.activation,opt.seed,decoding_error_cm,max_score_60,pattern,grid_spacing_m,"
      "predicted_pattern,predicted_grid_spacing_m\n"
      "q1,predict,done,dos,,,2.2,,relu,,,,hexagonal,0.9,,\n"
      "t1,train,done,dos,0.12,2,,,,0,5,1.0,,,hexagonal,0.9\n"
      "t2,train,done,,0.120,2.0,2.2,,,1,5,0.5,,,hexagonal,0.9\n"
      "t3,train,done,dos,0.12,2,2.2,,tanh,0,5,0.2,,,stripes,\n"       // another activation
      "q2,predict,done,dos,,,2.2,true,,,,,square,,,\n"                // a periodic box
      "t4,train,done,dos,0.12,2,2.2,true,,0,5,0.1,,,square,\n"        // joins q2
      "p1,pattern,done,dos,0.12,2,2.2,,relu,0,,1.1,,,hexagonal,0.9\n" // always periodic: q2
      "t5,train,done,dos,wide,2,2.2,,,0,5,1.0,,,hexagonal,0.9\n"      // does not resolve
      "t6,train,done,dos,wide,2,2.2,,,1,5,1.0,,,hexagonal,0.9\n";
  const auto v = sw::validate_results(table_of(csv), {}, "results.csv");
  REQUIRE(v.configs.size() == 4);
  const auto& relu = v.configs[0];
  CHECK(relu.label == "encoding=dos sigma=0.12 surround-ratio=2 box=2.2 activation=relu");
  CHECK(relu.resolved);
  CHECK(relu.predict_runs == 1);
  CHECK(relu.prediction.from == "predict");
  CHECK(relu.prediction.pattern == "hexagonal");
  CHECK(relu.trainer.runs == 2); // t1 and t2, compared with q1's prediction
  CHECK(relu.trainer.hexagonal[1] == 1);
  // The options of a configuration are the resolved ones.
  const auto option = [](const sw::ConfigResult& c, const std::string& name) {
    for (const auto& [n, value] : c.options)
      if (n == name) return value;
    FAIL("no option " << name);
    return std::string();
  };
  CHECK(option(relu, "sigma") == "0.12");
  CHECK(option(relu, "surround-ratio") == "2");
  CHECK(option(relu, "surround-variance-ratio").empty());
  CHECK(option(relu, "cells") == "512");
  CHECK(option(relu, "periodic") == "false");
  CHECK(v.configs[1].label == "encoding=dos sigma=0.12 surround-ratio=2 box=2.2 activation=tanh");
  const auto& periodic = v.configs[2];
  CHECK(periodic.label ==
        "encoding=dos sigma=0.12 surround-ratio=2 box=2.2 periodic=true activation=relu");
  CHECK(periodic.predict_runs == 1);
  CHECK(periodic.prediction.pattern == "square");
  CHECK(periodic.trainer.runs == 1);
  CHECK(periodic.solver.runs == 1);
  // Options that do not resolve are joined as typed, as before, and counted.
  CHECK_FALSE(v.configs[3].resolved);
  CHECK(v.configs[3].trainer.runs == 2);
  CHECK_THAT(v.configs[3].label,
             Catch::Contains("sigma=wide") && Catch::Contains("(options do not resolve)"));
  CHECK(v.unresolved_rows == 2);
  CHECK_THAT(sw::validation_markdown(v), Catch::Contains("2 done rows have options that do not "
                                                         "resolve"));
}

TEST_CASE("validate never counts a network that does not path-integrate as having grids",
          "[validate][path-integration]") {
  // n1: decoding error 30 cm and a unit of score_60 1.5; t1: path-integrates, no grids.
  const std::string csv = kHeader + "q,0,b,predict,done,,dos,,,,0.9,,,hexagonal,,\n"
                                    "n1,1,b,train,done,,dos,0,,30,,1.5,1.0,,0.9,hexagonal\n"
                                    "t1,2,b,train,done,,dos,1,,4,,0.2,,,0.9,hexagonal\n";
  const auto v = sw::validate_results(table_of(csv), {}, "results.csv");
  REQUIRE(v.runs.size() == 2);
  using O = sw::Observed;
  CHECK(v.runs[0].observed ==
        std::vector<O>{O::not_path_integrating, O::not_path_integrating, O::not_path_integrating});
  CHECK(v.runs[0].pattern == sw::ObservedPattern::not_path_integrating);
  REQUIRE(v.configs.size() == 1);
  const auto& t = v.configs[0].trainer;
  CHECK(t.runs == 2);
  CHECK(t.path_integrating == 1);
  CHECK(t.hexagonal == std::vector<std::size_t>{0, 0, 0});
  CHECK(t.scored == std::vector<std::size_t>{1, 1, 1});
  CHECK(t.max_score_60 == 0.2);
  CHECK(std::isnan(t.median_spacing_m));
  CHECK(v.spacing_points.empty());
  CHECK(v.trainer_fit.n == 0);
  CHECK(pattern_count(v, sw::Source::trainer, "hexagonal", sw::ObservedPattern::hexagonal) == 0);
  CHECK(pattern_count(v, sw::Source::trainer, "hexagonal",
                      sw::ObservedPattern::not_path_integrating) == 1);
  for (const auto& a : v.agreement)
    if (a.source == sw::Source::trainer) CHECK(a.runs == 1); // t1 only
  // The configuration fails as "predicted hexagonal, not observed" over its one scored run.
  REQUIRE(v.failures.size() == 1);
  CHECK(v.failures[0].kind == "predicted_hexagonal_not_observed");
  CHECK(v.failures[0].runs == 1);
  CHECK(v.failures[0].hexagonal == 0);
  // The tables say the same.
  const CsvTable configs = table_of(sw::configs_csv(v));
  CHECK(configs.field(0, "trainer_hexagonal_0.3") == "0");
  CHECK(configs.field(0, "trainer_hexagonal_0.8") == "0");
  CHECK(configs.field(0, "trainer_path_integrating") == "1");
  CHECK(configs.field(0, "trainer_observed_not_path_integrating") == "1");
  CHECK(configs.field(0, "trainer_observed_hexagonal") == "0");
  CHECK(configs.field(0, "trainer_max_score_60") == "0.2");
  CHECK(sw::spacing_points_csv(v) ==
        "source,run_id,config,predicted_grid_spacing_m,measured_grid_spacing_m,relative_error\n");
  const json s = sw::validation_summary(v);
  CHECK(s["confusion"]["trainer"]["0.3"]["hexagonal"]["hexagonal"] == 0);
  CHECK(s["confusion"]["trainer"]["0.3"]["hexagonal"]["not_path_integrating"] == 1);
}

TEST_CASE("validate classifies observed patterns into hexagonal, square, stripes and none",
          "[validate][patterns]") {
  // Predicted: gaussian square, dos tanh stripes, sod amorphous (the class none), polar
  // not_applicable. Observed (classify_observed at 0.8 / 0.8 / 0.6, strict).
  const std::string head =
      "run_id,command,status,opt.encoding,opt.sigma,opt.activation,decoding_error_cm,"
      "max_score_60,max_score_90,max_stripe_score,pattern,predicted_pattern\n";
  const std::string rows = "qg,predict,done,gaussian,,,,,,,square,\n"
                           "qd,predict,done,dos,,tanh,,,,,stripes,\n"
                           "qs,predict,done,sod,,,,,,,amorphous,\n"
                           "qp,predict,done,polar,,,,,,,not_applicable,\n"
                           "g1,train,done,gaussian,,,5,0.2,1.0,0.1,,square\n"  // square
                           "g2,train,done,gaussian,,,5,0.1,0.3,0.9,,square\n"  // stripes
                           "g3,train,done,gaussian,,,5,0.1,0.8,0.6,,square\n"  // none: strict
                           "g4,train,done,gaussian,,,5,0.9,1.0,0.9,,square\n"  // hexagonal first
                           "g5,train,done,gaussian,,,20,0.1,1.0,0.1,,square\n" // not PI
                           "d1,train,done,dos,,tanh,5,0.1,0.1,0.7,,stripes\n"  // stripes
                           "s1,train,done,sod,,,5,0.1,0.1,0.1,,amorphous\n"    // none
                           "p1,train,done,polar,,,5,0.1,0.9,0.1,,not_applicable\n" // square
                           "x1,pattern,done,gaussian,,,,0.1,0.95,,,square\n";      // solver square
  const auto v = sw::validate_results(table_of(head + rows), {}, "results.csv");
  using P = sw::ObservedPattern;
  const auto T = sw::Source::trainer;
  CHECK(v.has_score_90);
  CHECK(v.has_stripe_score);
  CHECK(pattern_count(v, T, "square", P::square) == 1);
  CHECK(pattern_count(v, T, "square", P::stripes) == 1);
  CHECK(pattern_count(v, T, "square", P::none) == 1);
  CHECK(pattern_count(v, T, "square", P::hexagonal) == 1);
  CHECK(pattern_count(v, T, "square", P::not_path_integrating) == 1);
  CHECK(pattern_count(v, T, "stripes", P::stripes) == 1);
  CHECK(pattern_count(v, T, "none", P::none) == 1); // sod's amorphous
  CHECK(pattern_count(v, T, "not_applicable", P::square) == 1);
  CHECK(pattern_count(v, T, "hexagonal", P::hexagonal) == 0); // every class has its row
  CHECK(pattern_count(v, sw::Source::solver, "square", P::square) == 1);
  // Trainer rows: hexagonal, square, stripes, none, not_applicable; 6 observed columns each.
  CHECK(std::count_if(v.pattern_confusion.begin(), v.pattern_confusion.end(),
                      [&](const auto& c) { return c.source == T; }) == 5 * 6);
  for (const auto& c : v.pattern_confusion)
    CHECK(c.predicted != "amorphous");
  // Agreement over predicted and observed in the four classes: g1, g2, g3, g4, d1, s1 (agree:
  // g1, d1, s1); p1 (not_applicable) and g5 (not PI) left out.
  REQUIRE(v.pattern_agreement.size() == 2);
  CHECK(v.pattern_agreement[0].runs == 6);
  CHECK(v.pattern_agreement[0].agree == 3);
  // The grids-or-not table is unchanged: g4 is the one hexagonal trainer run at 0.8.
  CHECK(count_of(v, T, 0.8, "square", sw::Observed::hexagonal) == 1);
  CHECK(count_of(v, T, 0.8, "square", sw::Observed::no_grids) == 3);

  const std::string text = sw::pattern_confusion_csv(v);
  CHECK_THAT(text, Catch::StartsWith("source,threshold,predicted,observed,count\n"));
  CHECK_THAT(text, Catch::Contains("trainer,0.8,square,stripes,1\n"));
  CHECK_THAT(text, Catch::Contains("trainer,0.8,none,none,1\n"));
  CHECK_THAT(sw::validation_markdown(v),
             Catch::Contains("| predicted \\ observed | hexagonal | square | stripes | none | "
                             "not_path_integrating | unscored |"));

  // An older results.csv without max_score_90 and max_stripe_score: hexagonal or none only.
  std::string old_head = head, old_rows;
  const auto drop_two = [](const std::string& line) {
    // Drops fields 9 and 10 (max_score_90, max_stripe_score).
    std::vector<std::string> f;
    std::stringstream in(line);
    for (std::string x; std::getline(in, x, ',');)
      f.push_back(x);
    while (f.size() < 12)
      f.emplace_back();
    std::string out;
    for (std::size_t i = 0; i < f.size(); ++i)
      if (i != 8 && i != 9) out += (out.empty() ? "" : ",") + f[i];
    return out;
  };
  std::stringstream lines(head + rows);
  std::string old;
  for (std::string line; std::getline(lines, line);)
    old += drop_two(line) + "\n";
  const auto w = sw::validate_results(table_of(old), {}, "results.csv");
  CHECK_FALSE(w.has_score_90);
  CHECK(pattern_count(w, T, "square", P::square) == 0);
  CHECK(pattern_count(w, T, "square", P::stripes) == 0);
  CHECK(pattern_count(w, T, "square", P::none) == 3);
  CHECK(pattern_count(w, T, "square", P::hexagonal) == 1);
  CHECK_THAT(sw::validation_markdown(w), Catch::Contains("no run can be observed square or "
                                                         "stripes"));
}

TEST_CASE("validate: spacing per configuration is a mean with its Student-t interval",
          "[validate]") {
  const sw::Validation v = sw::validate_results(table_of(kResults), {}, "results.csv");
  const std::vector<sw::ConfigSpacing> per = sw::spacing_by_config(v);
  // dos trainer: t1 (1.2 m) and t4 (0.9 m) are hexagonal, path-integrate and have both
  // spacings (t2 is at 10 cm); the solver's p1 (0.92 m) is its own periodic configuration.
  REQUIRE(per.size() == 2);
  const sw::ConfigSpacing& t = per[0].source == sw::Source::trainer ? per[0] : per[1];
  const sw::ConfigSpacing& s = per[0].source == sw::Source::trainer ? per[1] : per[0];
  CHECK(t.measured_m.n == 2);
  CHECK(t.predicted_m == Approx(0.9));
  CHECK(t.measured_m.mean == Approx(1.05));
  // sd = 0.3 / sqrt(2) = 0.2121320; t(1) 97.5% = 12.7062047; half-width 1.9059307.
  CHECK(t.measured_m.ci.lo == Approx(1.05 - 1.9059307).epsilon(1e-6));
  CHECK(t.measured_m.ci.hi == Approx(1.05 + 1.9059307).epsilon(1e-6));
  CHECK(t.ratio.mean == Approx((1.2 / 0.9 + 1.0) / 2));
  CHECK(s.measured_m.n == 1);
  CHECK(s.measured_m.mean == Approx(0.92));
  CHECK(std::isnan(s.measured_m.ci.lo));
  const std::string md = sw::validation_markdown(v);
  CHECK(md.find("| trainer | 1 | ") != std::string::npos);
  CHECK(md.find("1.050 [-0.856, 2.956]") != std::string::npos);
  CHECK(md.find("0.920 (n = 1, no interval)") != std::string::npos);
  const json j = sw::validation_summary(v);
  REQUIRE(j["spacing_by_config"].size() == 2);
  CHECK(j["spacing_by_config"][0]["measured_m"]["n"] == 2);
}

TEST_CASE("validate: every fraction in the report carries its 95% Wilson interval", "[validate]") {
  const sw::Validation v = sw::validate_results(table_of(kResults), {}, "results.csv");
  const std::string md = sw::validation_markdown(v);
  // dos trainer at 0.8: t1 and t4 hexagonal of the 3 path-integrating (t3 has 0.5).
  CHECK(md.find("2 of 3 (67%, 95% CI 21–94%)") != std::string::npos);
  const json j = sw::validation_summary(v);
  const json& a = j["agreement"]["trainer"]["0.8"];
  const double lo = a["wilson95"][0], hi = a["wilson95"][1];
  CHECK(lo < a["fraction"].get<double>());
  CHECK(hi > a["fraction"].get<double>());
}

TEST_CASE("validate answers NFL's 11 / 12 / 13 cm claim from the trained DoS widths",
          "[validate]") {
  const std::string header = "run_id,index,block,command,status,error,opt.encoding,opt.seed,"
                             "opt.sigma,opt.activation,decoding_error_cm,max_score_60\n";
  const std::string text = header + "a,0,b,train,done,,dos,0,0.11,relu,5,0.4\n"
                                    "b,1,b,train,done,,dos,0,0.12,relu,5,1.1\n"
                                    "c,2,b,train,done,,dos,1,0.12,relu,4,0.9\n"
                                    "d,3,b,train,done,,dos,2,0.12,relu,40,1.3\n"
                                    "e,4,b,train,done,,dos,0,0.13,relu,6,0.2\n"
                                    "f,5,b,train,done,,dos,0,0.14,relu,6,1.2\n"
                                    "g,6,b,train,done,,dos,0,0.12,tanh,6,1.2\n"
                                    "h,7,b,train,done,,gaussian,0,0.12,relu,6,1.2\n";
  const sw::Validation v = sw::validate_results(table_of(text), {}, "results.csv");
  const std::vector<std::size_t> claim = sw::nfl_width_configs(v);
  REQUIRE(claim.size() == 3);
  CHECK(v.configs[claim[0]].label.find("sigma=0.11") != std::string::npos);
  CHECK(v.configs[claim[1]].label.find("sigma=0.12") != std::string::npos);
  CHECK(v.configs[claim[1]].label.find("relu") != std::string::npos);
  CHECK(v.configs[claim[2]].label.find("sigma=0.13") != std::string::npos);
  const std::string md = sw::validation_markdown(v);
  // 12 cm: 2 of 3 path-integrate (d is at 40 cm), both above 0.8: 2 of 2.
  CHECK(md.find("| 0.12 | ") != std::string::npos);
  CHECK(md.find("2 of 3 | ") != std::string::npos);
  CHECK(md.find("2 of 2 (100%, 95% CI 34–100%)") != std::string::npos);
  const json j = sw::validation_summary(v);
  REQUIRE(j["nfl_width_claim"].size() == 3);
  CHECK(j["nfl_width_claim"][1]["hexagonal"]["0.8"]["count"] == 2);
  CHECK(j["nfl_width_claim"][1]["path_integrating"]["count"] == 2);
  CHECK(j["nfl_width_claim"][0]["hexagonal"]["0.8"]["count"] == 0);
}

TEST_CASE("validate: the held-out spacing correction against hand-computed folds", "[validate]") {
  // Folds {0, 2}: c = (1.2 + 4.8) / (1 + 4) = 1.2; {1, 3}: c = (1.4 + 5.6) / 5 = 1.4. Each pair
  // predicted by the other fold: errors 0.2/1.2, 0.2/1.4, 0.4/2.4, 0.4/2.8, median 0.1547619;
  // uncorrected: 0.2/1.2, 0.4/1.4, 0.4/2.4, 0.8/2.8, median 0.2261905. The NaN pair is left out.
  const sw::HeldOutCorrection h =
      sw::held_out_correction({1, 1, std::nan(""), 2, 2}, {1.2, 1.4, 1.0, 2.4, 2.8});
  CHECK(h.n == 4);
  CHECK(h.factor_even == Approx(1.2));
  CHECK(h.factor_odd == Approx(1.4));
  CHECK(h.held_out_median_relative_error == Approx((0.2 / 1.4 + 0.2 / 1.2) / 2));
  CHECK(h.uncorrected_median_relative_error == Approx((0.2 / 1.2 + 0.4 / 1.4) / 2));
  const sw::HeldOutCorrection one = sw::held_out_correction({1}, {1.3});
  CHECK(one.factor_even == Approx(1.3));
  CHECK(std::isnan(one.factor_odd));
  CHECK(std::isnan(one.held_out_median_relative_error));
}
