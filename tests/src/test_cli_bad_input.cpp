// Every bad input gets exit code 2, one line on stderr naming the option, the value and what
// is allowed, nothing on stdout and no file written.
#include "src/io/atomic_file.hpp"
#include "src/plot/figure.hpp"
#include "src/version.hpp"
#include "tests/src/cli_harness.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

using gridtheory::test::CliResult;
using gridtheory::test::require_one_line_user_error;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;

namespace {

struct BadCase {
  std::vector<std::string> args;
  std::string option; // must be named on the error line
  std::string value;  // must be quoted on the error line
};

CliResult run_with_plot(std::vector<std::string> args, const std::string& png) {
  args.push_back("--plot");
  args.push_back(png);
  return run_cli(args);
}

} // namespace

TEST_CASE("every bad parameter of predict is a one-line user error, with nothing written") {
  const std::vector<BadCase> cases{
      {{"--sigma", "0"}, "--sigma", "0"},
      {{"--sigma", "-0.12"}, "--sigma", "-0.12"},
      {{"--sigma", "nan"}, "--sigma", "nan"},
      {{"--sigma", "inf"}, "--sigma", "inf"},
      {{"--sigma", "12cm"}, "--sigma", "12cm"},
      {{"--sigma", "uniform:0.2,0.1"}, "--sigma", "uniform:0.2,0.1"},
      {{"--sigma", "uniform:0.1"}, "--sigma", "uniform:0.1"},
      {{"--sigma", "gauss:0.1,0.2"}, "--sigma", "gauss:0.1,0.2"},
      {{"--surround-ratio", "1"}, "--surround-ratio", "1"},
      {{"--surround-ratio", "0.5"}, "--surround-ratio", "0.5"},
      {{"--encoding", "sod", "--surround-ratio", "1"}, "--surround-ratio", "1"},
      {{"--encoding", "true-dog", "--surround-ratio", "0.9"}, "--surround-ratio", "0.9"},
      {{"--surround-variance-ratio", "1"}, "--surround-variance-ratio", "1"},
      {{"--surround-ratio", "2", "--surround-variance-ratio", "4"},
       "--surround-variance-ratio",
       "4"},
      {{"--alpha-e", "2"}, "--alpha-e", "2"},
      {{"--encoding", "gaussian", "--alpha-i", "1"}, "--alpha-i", "1"},
      {{"--encoding", "general-dog", "--alpha-e", "0"}, "--alpha-e", "0"},
      {{"--encoding", "general-dog", "--alpha-i", "-1"}, "--alpha-i", "-1"},
      {{"--encoding", "dogg"}, "--encoding", "dogg"},
      {{"--encoding", "cartesian", "--sigma", "0.1"}, "--sigma", "0.1"},
      {{"--encoding", "gaussian", "--surround-ratio", "2"}, "--surround-ratio", "2"},
      {{"--activation", "softplus"}, "--activation", "softplus"},
      {{"--box", "0"}, "--box", "0"},
      {{"--box", "-2.2"}, "--box", "-2.2"},
      {{"--box", "big"}, "--box", "big"},
      {{"--fields-per-cell", "0"}, "--fields-per-cell", "0"},
      {{"--fields-per-cell", "poisson:"}, "--fields-per-cell", "poisson:"},
      {{"--fields-per-cell", "poisson:-1"}, "--fields-per-cell", "poisson:-1"},
      {{"--cells", "0"}, "--cells", "0"},
      {{"--seed", "-1"}, "--seed", "-1"},
      {{"--format", "yaml"}, "--format", "yaml"},
  };
  TempFolder dir("bad-input");
  const std::string png = (dir.path / "never.png").string();
  for (const auto& c : cases) {
    std::string joined;
    for (const auto& a : c.args)
      joined += a + " ";
    INFO("predict " << joined);
    std::vector<std::string> args{"predict"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    require_one_line_user_error(run_with_plot(args, png), c.option, c.value);
    CHECK(dir.files().empty());
  }
}

TEST_CASE("the error line says what is allowed") {
  const auto r = run_cli({"predict", "--sigma", "0"});
  CHECK_THAT(r.err, Catch::Contains("allowed: a width in metres >= 1e-09 and <= 1e+09"));
  const auto s = run_cli({"predict", "--surround-ratio", "1"});
  CHECK_THAT(s.err, Catch::Contains("sigma_I/sigma_E > 1"));
  const auto e = run_cli({"predict", "--encoding", "x"});
  CHECK_THAT(e.err,
             Catch::Contains("cartesian, polar, gaussian, dos, dog, true-dog, general-dog, sod"));
}

TEST_CASE("parser-level mistakes are user errors too") {
  require_one_line_user_error(run_cli({"predict", "--sigmaa", "0.1"}), "--sigmaa", "");
  require_one_line_user_error(run_cli({"predict", "--sigma"}), "--sigma", "");
  require_one_line_user_error(run_cli({"predict", "--sigma", "0.1", "--sigma", "0.2"}), "--sigma",
                              "");
  require_one_line_user_error(run_cli({"frobnicate"}), "frobnicate", "");
  const auto none = run_cli({});
  CHECK(none.code == 2);
  CHECK(none.out.empty());
}

TEST_CASE("parser messages name the option, the value and what is allowed") {
  const auto line = [](std::vector<std::string> args, const std::string& option,
                       const std::string& value) {
    const CliResult r = run_cli(args);
    require_one_line_user_error(r, option, value);
    // CLI11's own wording never leaks through.
    for (const char* raw : {"Could not convert", "At Most", "required but", "was not expected",
                            "The following", "e+308", "''"})
      CHECK_THAT(r.err, !Catch::Contains(raw));
    return r.err;
  };
  CHECK_THAT(line({"predict", "--periodic=banana"}, "--periodic", "banana"),
             Catch::Contains("allowed: --periodic alone, or --periodic=true or --periodic=false"));
  CHECK_THAT(line({"predict", "--periodic", "banana"}, "--periodic", "banana"),
             Catch::Contains("--periodic is a flag"));
  CHECK_THAT(line({"predict", "--sigma", "0.1", "--sigma", "0.2"}, "--sigma", ""),
             Catch::Contains("--sigma is given 2 times ('0.1', '0.2') (allowed: one --sigma "
                             "M|uniform:LO,HI: centre width"));
  CHECK_THAT(line({"predict", "--sigma", "0.1", "0.2"}, "--sigma", "0.2"),
             Catch::Contains("is a second value"));
  CHECK_THAT(line({"predict", "--sigma"}, "--sigma", ""),
             Catch::Contains("--sigma needs a value (allowed: --sigma M|uniform:LO,HI"));
  CHECK_THAT(line({"predict", "--sigmaa", "0.1"}, "--sigmaa", ""),
             Catch::Contains("--sigmaa is not an option of gridtheory predict"));
  CHECK_THAT(line({"predict", "--format=json=x"}, "--format", ""), Catch::Contains("--format"));
  TempFolder dir("parser-messages");
  CHECK_THAT(line({"pattern", "--maps", "2"}, "--out", ""),
             Catch::Contains("--out is required (allowed: --out DIR: folder for maps.npy"));
  CHECK_THAT(line({"train", "--steps", "2"}, "--out", ""),
             Catch::Contains("--out is required (allowed: --out DIR for a new run"));
  CHECK_THAT(line({"sweep", "plan"}, "SPEC", ""),
             Catch::Contains("SPEC is required (allowed: SPEC: the TOML sweep spec)"));
  CHECK_THAT(line({"sweep"}, "a subcommand", ""),
             Catch::Contains("a subcommand is required (allowed: plan, run, status, collect)"));
  CHECK_THAT(line({"predict", "0.5"}, "'0.5'", ""),
             Catch::Contains("'0.5' is neither an option nor an option's value"));
  CHECK_THAT(line({"scan", "--sigma", "0.1:0.2"}, "--sigma", "0.1:0.2"),
             Catch::Contains("is not a range LO:HI:STEP: STEP is missing (allowed: LO:HI:STEP, "
                             "e.g. --sigma 0.08:0.20:0.005)"));
  CHECK_THAT(line({"scan", "--box", "1:2:3:4"}, "--box", "1:2:3:4"),
             Catch::Contains("it has 3 colons, not 2"));
  CHECK_THAT(line({"scan", "--sigma", "0.12"}, "scan", ""),
             Catch::Contains("scan needs one option given as a range LO:HI:STEP (allowed: one of "
                             "--sigma"));
  CHECK_THAT(line({"scan", "--sigma", "a:b:c"}, "--sigma", "a:b:c"),
             Catch::EndsWith("at most 100000 values, each a number)\n"));
  CHECK(dir.files().empty());
  const auto none = run_cli({});
  CHECK(none.code == 2);
  CHECK_THAT(none.err,
             Catch::Contains("a subcommand is required (allowed: predict, spectrum, scan"));
}

TEST_CASE("refusals of options that do not apply say where they do") {
  CHECK_THAT(run_cli({"predict", "--res", "64"}).err,
             Catch::Contains("--res: '64' applies only to the sampled spectrum, and --method auto "
                             "uses the closed-form spectrum for --encoding dos (allowed: --res "
                             "with --method sampled, or no --res)"));
  CHECK_THAT(run_cli({"predict", "--method", "analytic", "--res", "64"}).err,
             Catch::Contains("not to --method analytic"));
  TempFolder dir("refusals");
  const std::string out = (dir.path / "out").string();
  CHECK_THAT(run_cli({"pattern", "--gain", "2", "--out", out}).err,
             Catch::Contains("--gain: '2' applies only to --multi"));
  CHECK_THAT(run_cli({"pattern", "--kernel", "analytic", "--cells", "5", "--out", out}).err,
             Catch::Contains("--cells: '5' applies only to --kernel sampled"));
  CHECK_THAT(run_cli({"train", "--eval", "none", "--eval-bins", "3", "--out", out}).err,
             Catch::Contains("--eval-bins: '3' does not apply with --eval none"));
  CHECK(dir.files().empty());
}

TEST_CASE("gridtheory --version names the version first, then the compiler, -march and BLAS") {
  const auto r = run_cli({"--version"});
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::StartsWith(std::string("gridtheory ") + gridtheory::version + "\n"));
  CHECK_THAT(r.out, Catch::Contains("\ncompiler  "));
  CHECK_THAT(r.out, Catch::Contains("\nmarch     "));
  CHECK_THAT(r.out, Catch::Contains("\nblas      OpenBLAS"));
  CHECK(r.err.empty());
}

TEST_CASE("bad output paths are user errors and leave nothing behind") {
  TempFolder dir("bad-paths");
  require_one_line_user_error(run_cli({"predict", "--plot", (dir.path / "no/such/x.png").string()}),
                              "--plot", "");
  require_one_line_user_error(run_cli({"predict", "--plot", (dir.path / "x.jpg").string()}),
                              "--plot", "");
  require_one_line_user_error(run_cli({"predict", "--plot", dir.path.string()}), "--plot", "");
  require_one_line_user_error(
      run_cli({"predict", "--encoding", "cartesian", "--plot", (dir.path / "c.png").string()}),
      "--plot", "");
  require_one_line_user_error(
      run_cli({"spectrum", "--out", (dir.path / "missing" / "s.csv").string()}), "--out", "");
  require_one_line_user_error(run_cli({"spectrum", "--encoding", "polar"}), "--encoding", "polar");
  require_one_line_user_error(
      run_cli({"spectrum", "--fields-per-cell", "2", "--method", "analytic"}), "--encoding", "dos");
  require_one_line_user_error(run_cli({"spectrum", "--points", "1"}), "--points", "1");
  require_one_line_user_error(run_cli({"spectrum", "--k-max", "0"}), "--k-max", "0");
  CHECK(dir.files().empty());
}

TEST_CASE("a gnuplot failure is an internal error and leaves no figure") {
  TempFolder dir("gnuplot-fail");
  const auto files = gridtheory::figure_files_for(dir.path / "broken.png");
  REQUIRE_THROWS_AS(gridtheory::render_figure(files, "x,y\n1,2\n",
                                              "set terminal pngcairo\nset output outfile\n"
                                              "plot 'no-such-file.csv' using 1:2\n",
                                              "--plot"),
                    gridtheory::InternalError);
  CHECK(!std::filesystem::exists(files.png));
  CHECK(!std::filesystem::exists(gridtheory::temporary_path_for(files.png)));
}

TEST_CASE("the installed binary exits with code 2 and prints nothing on stdout for bad input") {
  TempFolder dir("binary");
  const std::string out = (dir.path / "stdout.txt").string();
  const std::string cmd = std::string(GRIDTHEORY_BINARY) + " predict --sigma -1 > " + out + " 2> " +
                          (dir.path / "stderr.txt").string();
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(std::filesystem::file_size(out) == 0);
  std::ifstream err(dir.path / "stderr.txt");
  std::string line;
  std::getline(err, line);
  CHECK_THAT(line, Catch::StartsWith("gridtheory predict: error: --sigma: '-1'"));
}
