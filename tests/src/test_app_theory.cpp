// The theory use cases of src/app/ (predict, spectrum, scan) called with typed requests: the
// result is what the CLI prints for the same options, and a bad typed request throws the
// UserError naming the parameter that the CLI reports as --name.
#include "src/app/predict.hpp"
#include "src/app/scan.hpp"
#include "src/app/spectrum.hpp"
#include "src/params/parameter_spelling.hpp"
#include "src/plot/spectrum_figure.hpp"
#include "src/report/prediction_report.hpp"
#include "src/report/scan_table.hpp"
#include "tests/src/cli_harness.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

using namespace gridtheory;
using gridtheory::test::run_cli;

namespace {

std::string cli_out(const std::vector<std::string>& args) {
  const auto r = run_cli(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  return r.out;
}

// The message the CLI prints for `args` (exit code 2), without "gridtheory SUB: error: ".
std::string cli_error(const std::vector<std::string>& args) {
  const auto r = run_cli(args);
  REQUIRE(r.code == 2);
  const std::string prefix = "gridtheory " + args.front() + ": error: ";
  REQUIRE(r.err.rfind(prefix, 0) == 0);
  return r.err.substr(prefix.size(), r.err.size() - prefix.size() - 1);
}

// Runs `f`, which must throw a UserError naming `parameter`; returns the line as the CLI words it.
std::string user_error(const std::function<void()>& f, const std::string& parameter) {
  try {
    f();
  } catch (const UserError& e) {
    CHECK(e.option() == param(parameter));
    return e.text(flag_spelling);
  }
  FAIL("no UserError");
  return {};
}

} // namespace

TEST_CASE("app::predict with a typed request gives the CLI's JSON and text", "[app]") {
  app::PredictRequest r;
  r.encoding.surround_variance_ratio = Distribution::fixed(2.0);
  r.box_m = 3.0;
  r.periodic = true;
  const app::PredictResult p = app::predict(r);
  CHECK(p.prediction.pattern == Pattern::hexagonal);
  CHECK_FALSE(p.sampled);
  REQUIRE(p.lattice);
  const std::vector<std::string> args{"predict",   "--surround-variance-ratio", "2", "--box", "3",
                                      "--periodic"};
  CHECK(to_text(p.config, p.prediction, p.lattice) == cli_out(args));
  auto json_args = args;
  json_args.insert(json_args.end(), {"--format", "json"});
  CHECK(to_json(p.config, p.prediction, p.lattice).dump(2) + "\n" == cli_out(json_args));

  app::PredictRequest s;
  s.method = app::Method::sampled;
  s.encoding.cells = 64;
  s.sampled.res = 24;
  s.sampled.threads = 1;
  s.seed = 3;
  const app::PredictResult q = app::predict(s);
  CHECK(q.sampled);
  CHECK(q.prediction.method == "sampled");
  CHECK(to_json(q.config, q.prediction, q.lattice).dump(2) + "\n" ==
        cli_out({"predict", "--format", "json", "--method", "sampled", "--cells", "64", "--res",
                 "24", "--seed", "3", "--threads", "1"}));
}

TEST_CASE("app::predict refuses a bad typed request with the CLI's message", "[app][bad-input]") {
  {
    app::PredictRequest r;
    r.sampled.res = 64; // the analytic spectrum: res does not apply
    CHECK(user_error([&] { app::predict(r); }, "res") == cli_error({"predict", "--res", "64"}));
  }
  {
    app::PredictRequest r;
    r.box_m = -1.5;
    CHECK(user_error([&] { app::predict(r); }, "box") == cli_error({"predict", "--box", "-1.5"}));
  }
  {
    app::PredictRequest r;
    r.encoding.sigma_m = Distribution::fixed(std::nan(""));
    CHECK(user_error([&] { app::predict(r); }, "sigma") ==
          cli_error({"predict", "--sigma", "nan"}));
  }
  {
    app::PredictRequest r;
    r.seed = -1;
    CHECK(user_error([&] { app::predict(r); }, "seed") == cli_error({"predict", "--seed", "-1"}));
  }
  {
    app::PredictRequest r;
    r.log_power = true;
    CHECK(user_error([&] { app::predict(r); }, "log_power") ==
          cli_error({"predict", "--log-power"}));
  }
  {
    app::PredictRequest r;
    r.encoding.family = Family::cartesian;
    r.plot = "x.png";
    CHECK(user_error([&] { app::predict(r); }, "plot") ==
          cli_error({"predict", "--encoding", "cartesian", "--plot", "x.png"}));
  }
}

TEST_CASE("app::spectrum with a typed request gives the CLI's CSV", "[app]") {
  app::SpectrumRequest r;
  r.encoding.sigma_m = Distribution::fixed(0.1);
  r.points = 21;
  r.k_max_per_m = 30.0;
  const app::SpectrumResult s = app::spectrum(r);
  CHECK(s.rows.samples.size() == 21);
  CHECK_FALSE(s.sampled);
  REQUIRE(s.k_star_per_m);
  CHECK(spectrum_csv(s.rows.samples) ==
        cli_out({"spectrum", "--sigma", "0.1", "--points", "21", "--k-max", "30"}));

  app::SpectrumRequest bad;
  bad.seed = 1;
  CHECK(user_error([&] { app::spectrum(bad); }, "seed") == cli_error({"spectrum", "--seed", "1"}));
  app::SpectrumRequest points;
  points.method = app::Method::sampled;
  points.points = 5;
  CHECK(user_error([&] { app::spectrum(points); }, "points") ==
        cli_error({"spectrum", "--method", "sampled", "--points", "5"}));
  app::SpectrumRequest k_max;
  k_max.k_max_per_m = 0.0;
  CHECK(user_error([&] { app::spectrum(k_max); }, "k_max") ==
        cli_error({"spectrum", "--k-max", "0"}));
}

TEST_CASE("app::scan with a typed request gives the CLI's CSV and JSON", "[app]") {
  app::ScanRequest r;
  r.parameter = app::ScanParameter::sigma;
  r.values = parse_range("sigma", "0.1:0.12:0.01", {-1e300, false, "a number"});
  r.values_from_range = true;
  r.values_label = "0.1:0.12:0.01";
  const app::ScanResult s = app::scan(r);
  REQUIRE(s.rows.size() == 3);
  CHECK(s.parameter_column == "sigma");
  CHECK(scan_csv(s.parameter_column, s.rows) == cli_out({"scan", "--sigma", "0.1:0.12:0.01"}));
  CHECK(scan_json(s.parameter_column, s.activation, s.rows).dump(2) + "\n" ==
        cli_out({"scan", "--sigma", "0.1:0.12:0.01", "--format", "json"}));

  app::ScanRequest cells = r;
  cells.encoding.cells = 100; // every value analytic: cells does not apply
  CHECK(user_error([&] { app::scan(cells); }, "cells") ==
        cli_error({"scan", "--sigma", "0.1:0.12:0.01", "--cells", "100"}));
  app::ScanRequest cartesian = r;
  cartesian.encoding.family = Family::cartesian;
  CHECK(user_error([&] { app::scan(cartesian); }, "sigma") ==
        cli_error({"scan", "--encoding", "cartesian", "--sigma", "0.1:0.12:0.01"}));
  app::ScanRequest empty = r;
  empty.values.clear();
  empty.values_label = "[]";
  user_error([&] { app::scan(empty); }, "sigma");
}
