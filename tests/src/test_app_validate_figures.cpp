// The validate and figures use cases (src/app/) called with typed requests, as Python or a C++
// caller would: each rule the command line checks holds here too, with the error naming the
// parameter as the library does ({name}, which each edge spells), and a good request gives the
// table and files the command gives.
#include "src/app/figures.hpp"
#include "src/app/validate.hpp"
#include "tests/src/cli_harness.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>

using gridtheory::UserError;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
namespace app = gridtheory::app;
namespace fs = std::filesystem;

namespace {

// The UserError `call` throws: its option and value.
std::pair<std::string, std::string> refusal(const std::function<void()>& call) {
  try {
    call();
  } catch (const UserError& e) {
    return {e.option(), e.value()};
  }
  FAIL("accepted");
  return {};
}

// A results.csv with one finished predict row and one finished train row of the same target.
fs::path write_results(const fs::path& dir) {
  const fs::path csv = dir / "results.csv";
  std::ofstream(csv) << "run_id,index,block,command,status,error,opt.encoding,opt.sigma,"
                        "pattern,grid_spacing_m,decoding_error_cm,max_score_60,"
                        "median_spacing_m\n"
                        "predict-1,0,p,predict,done,,dos,0.12,hexagonal,0.906,,,\n"
                        "train-1,1,t,train,done,,dos,0.12,,,5.0,1.1,1.2\n";
  return csv;
}

} // namespace

TEST_CASE("app validate: each input rule names its parameter", "[app]") {
  TempFolder tmp("app-validate-rules");
  const fs::path csv = write_results(tmp.path);
  app::ValidateRequest r;
  r.out = tmp.path / "out";
  CHECK(refusal([&] { app::validate(r); }) == std::pair<std::string, std::string>{"{results}", ""});
  r.results = csv;
  r.import_table = csv;
  CHECK(refusal([&] { app::validate(r); }).first == "{results}");
  r.results.reset();
  CHECK(refusal([&] { app::validate(r); }).first == "{columns}");
  r.import_table.reset();
  r.results = csv;
  r.columns = tmp.path / "map.toml";
  CHECK(refusal([&] { app::validate(r); }).first == "{columns}");
  r.columns.reset();
  r.error_threshold_cm = -1.0;
  CHECK(refusal([&] { app::validate(r); }) ==
        std::pair<std::string, std::string>{"{error_threshold_cm}", "-1"});
  r.error_threshold_cm.reset();
  r.results = tmp.path / "missing.csv";
  CHECK(refusal([&] { app::validate(r); }) ==
        std::pair<std::string, std::string>{"{results}", (tmp.path / "missing.csv").string()});
  CHECK(!fs::exists(tmp.path / "out")); // nothing written for a refused request
}

TEST_CASE("app validate: a typed request writes what the command writes", "[app]") {
  TempFolder tmp("app-validate-files");
  const fs::path csv = write_results(tmp.path);
  app::ValidateRequest r;
  r.results = csv;
  r.out = tmp.path / "typed";
  const app::ValidateResult result = app::validate(r);
  CHECK(result.validation.done == 2);
  CHECK(result.validation.done_train == 1);
  CHECK(result.validation.configs.size() == 1); // the predict row joins its train row
  const auto cli =
      run_cli({"validate", "--results", csv.string(), "--out", (tmp.path / "cli").string()});
  REQUIRE(cli.code == 0);
  // The command prints the use case's summary (only the folder differs).
  std::string typed_text = app::summary_text(result);
  const std::string typed_dir = (tmp.path / "typed").string();
  typed_text.replace(typed_text.find(typed_dir), typed_dir.size(), (tmp.path / "cli").string());
  CHECK(cli.out == typed_text);
  for (const char* f : {"report.md", "summary.json", "configs.csv", "confusion.csv"})
    CHECK(fs::is_regular_file(tmp.path / "typed" / f));
}

TEST_CASE("app figures: each rule names its parameter", "[app]") {
  TempFolder tmp("app-figures-rules");
  const fs::path csv = write_results(tmp.path);
  app::FiguresRequest r;
  r.out = tmp.path / "figs";
  r.jobs = 0;
  CHECK(refusal([&] { app::figures(r); }) == std::pair<std::string, std::string>{"{jobs}", "0"});
  r.jobs = 2;
  r.results = csv;
  CHECK(refusal([&] { app::figures(r); }) == std::pair<std::string, std::string>{"{jobs}", "2"});
  r.jobs.reset();
  r.spec = tmp.path / "spec.toml";
  CHECK(refusal([&] { app::figures(r); }).first == "{spec}");
  r.spec.reset();
  r.out = csv; // a file, not a folder
  CHECK(refusal([&] { app::figures(r); }) ==
        std::pair<std::string, std::string>{"{out}", csv.string()});
  CHECK(!fs::exists(tmp.path / "figs"));
}
