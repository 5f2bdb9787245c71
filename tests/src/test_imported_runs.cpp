// Runs trained elsewhere (issue 16, item 8): a table of runs with its own column names and units,
// read through a mapping, validates exactly as the same runs written as a sweep's results.csv; bad
// mappings and tables are one-line user errors.
#include "cli_harness.hpp"
#include "process_harness.hpp"
#include "src/io/csv.hpp"
#include "src/train/run_inputs.hpp"
#include "theory/encoding.hpp"

#include <cstdio>
#include <fstream>

using namespace gridtheory;
using namespace gridtheory::test;
namespace fs = std::filesystem;

namespace {

struct Run {
  std::string id, encoding, sigma_cm, activation;
  int seed;
  std::string error_m, max_score_60, spacing_cm; // their units; empty: not measured
};

// Ours from theirs: cm -> m and m -> cm by the same factors as the mapping below (the values are
// chosen so that the products are exact: 12 x 0.01 = 0.12, 0.05 x 100 = 5).
const std::vector<Run> runs{
    {"a", "dos", "12", "relu", 0, "0.05", "1.2", "125"},
    {"b", "dos", "12", "relu", 1, "0.04", "1.1", "130"},
    {"c", "dos", "10", "relu", 0, "0.25", "0.9", "100"}, // does not path-integrate
    {"d", "dos", "16", "tanh", 0, "0.3", "0.2", ""},
    {"e", "gaussian", "12", "relu", 0, "0.05", "0.1", "75"},
};

std::string g17(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The same runs as a sweep's results.csv, predictions as train writes them.
std::string native_table() {
  std::string t = "run_id,index,block,command,status,error,opt.encoding,opt.sigma,"
                  "opt.surround-ratio,opt.surround-variance-ratio,opt.alpha-e,opt.alpha-i,"
                  "opt.fields-per-cell,opt.cells,opt.box,opt.periodic,opt.activation,opt.seed,"
                  "decoding_error_cm,max_score_60,max_score_90,max_stripe_score,"
                  "median_grid_spacing_m,fraction_score_60_above_0.3,fraction_score_60_above_0.8,"
                  "fraction_score_60_above_1.15,predicted_pattern,predicted_grid_spacing_m\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Run& r = runs[i];
    EncodingSpec spec;
    spec.encoding = r.encoding;
    spec.sigma = g17(std::stod(r.sigma_cm) * 0.01);
    const Prediction p =
        train::predict_for_run(make_encoding(spec), parse_activation("--activation", r.activation),
                               Box{2.2, false}, static_cast<std::uint64_t>(r.seed));
    t += r.id + "," + std::to_string(i) + ",imported,train,done,," + r.encoding + "," +
         g17(std::stod(r.sigma_cm) * 0.01) + ",,,,,,,2.2,," + r.activation + "," +
         std::to_string(r.seed) + "," + g17(std::stod(r.error_m) * 100) + "," + r.max_score_60 +
         ",,," + (r.spacing_cm.empty() ? "" : g17(std::stod(r.spacing_cm) * 0.01)) + ",,,," +
         std::string(pattern_name(p.pattern)) + "," +
         (p.grid_spacing_m ? g17(*p.grid_spacing_m) : "") + "\n";
  }
  return t;
}

// The runs as an experiment tracker exports them: other names, other units, another order.
std::string their_table() {
  std::string t = "Name,summary.max_gs60,config.rf_cm,config.target,summary.err_m,"
                  "summary.spacing_cm,config.nonlin,config.seed\n";
  for (const Run& r : runs)
    t += r.id + "," + r.max_score_60 + "," + r.sigma_cm + "," + r.encoding + "," + r.error_m + "," +
         r.spacing_cm + "," + r.activation + "," + std::to_string(r.seed) + "\n";
  return t;
}

const char* const kMapping = R"([columns]
run_id = "Name"
encoding = "config.target"
sigma = "config.rf_cm"
activation = "config.nonlin"
seed = "config.seed"
decoding_error_cm = "summary.err_m"
max_score_60 = "summary.max_gs60"
median_grid_spacing_m = "summary.spacing_cm"

[scale]
sigma = 0.01
decoding_error_cm = 100
median_grid_spacing_m = 0.01

[fixed]
box = 2.2
)";

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

} // namespace

TEST_CASE("validate --import: a renamed table in other units validates as the sweep table",
          "[validate][import]") {
  TempFolder tmp("import");
  const fs::path native = tmp.path / "results.csv", theirs = tmp.path / "export.csv",
                 map = tmp.path / "map.toml";
  write(native, native_table());
  write(theirs, their_table());
  write(map, kMapping);
  const auto a =
      run_cli({"validate", "--results", native.string(), "--out", (tmp.path / "a").string()});
  INFO(a.err);
  REQUIRE(a.code == 0);
  const auto b = run_cli({"validate", "--import", theirs.string(), "--columns", map.string(),
                          "--out", (tmp.path / "b").string()});
  INFO(b.err);
  REQUIRE(b.code == 0);
  for (const char* f : {"configs.csv", "confusion.csv", "pattern_confusion.csv", "failures.csv"}) {
    INFO(f);
    CHECK(slurp(tmp.path / "a" / f) == slurp(tmp.path / "b" / f));
  }
  // The table names 4 targets (dos 0.12 twice) and 5 trained runs, 2 of them not trained.
  CHECK_THAT(b.out, Catch::Contains("5 done (0 predict, 0 pattern, 5 train)"));
  CHECK_THAT(b.out, Catch::Contains("configs    4 "));
  // The prediction the importer computed for dos 0.12 (relu, 2.2 m, solid walls): 0.906 m.
  const std::string configs = slurp(tmp.path / "b" / "configs.csv");
  CHECK_THAT(configs, Catch::Contains("0.9056"));
}

TEST_CASE("validate --import: bad mappings and tables are exit 2 with one line",
          "[validate][import]") {
  TempFolder tmp("import-bad");
  const fs::path theirs = tmp.path / "export.csv", map = tmp.path / "map.toml";
  write(theirs, their_table());
  const std::string out = (tmp.path / "out").string();
  const auto with_map = [&](const std::string& text) {
    write(map, text);
    return run_cli(
        {"validate", "--import", theirs.string(), "--columns", map.string(), "--out", out});
  };
  std::string m = kMapping;
  SECTION("an unknown name") {
    m.replace(m.find("[fixed]\n"), 8, "[fixed]\nspeed = 3\n");
    require_one_line_user_error(with_map(m), "--columns", map.string());
  }
  SECTION("a column the table lacks") {
    std::string bad = m;
    bad.replace(bad.find("config.nonlin"), 13, "config.act");
    require_one_line_user_error(with_map(bad), "--import", theirs.string());
  }
  SECTION("a scale on a word") {
    m.replace(m.find("[scale]\n"), 8, "[scale]\nactivation = 2\n");
    require_one_line_user_error(with_map(m), "--columns", map.string());
  }
  SECTION("no decoding error") {
    std::string bad = m;
    bad.erase(bad.find("decoding_error_cm = \"summary.err_m\"\n"), 36);
    bad.erase(bad.find("decoding_error_cm = 100\n"), 24);
    require_one_line_user_error(with_map(bad), "--columns", map.string());
  }
  SECTION("a number that is not one") {
    write(theirs, their_table() + "f,high,12,dos,0.05,125,relu,0\n");
    write(map, m);
    require_one_line_user_error(
        run_cli({"validate", "--import", theirs.string(), "--columns", map.string(), "--out", out}),
        "--import", theirs.string());
  }
  SECTION("a target train would refuse") {
    write(theirs, their_table() + "f,1.0,-3,dos,0.05,125,relu,0\n");
    write(map, m);
    require_one_line_user_error(
        run_cli({"validate", "--import", theirs.string(), "--columns", map.string(), "--out", out}),
        "--import", theirs.string());
  }
  SECTION("--import without --columns") {
    const auto r = run_cli({"validate", "--import", theirs.string(), "--out", out});
    require_one_line_user_error(r, "--columns", "");
  }
  CHECK_FALSE(fs::exists(out));
}
