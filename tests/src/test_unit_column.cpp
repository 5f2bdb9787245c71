// Per-unit score tables are indexed by `unit` (docs/CONVENTIONS.md, "Files that leave the tool"):
// every writer writes it, and the figures' reader also takes the `map` column of pattern
// metrics.csv files written before the rename (figures/** keeps such files).
#include "cli_harness.hpp"
#include "src/plot/result_rows.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using gridtheory::test::TempFolder;
using namespace gridtheory;
namespace fs = std::filesystem;

TEST_CASE("per-unit score tables are read by their unit column, older pattern tables by map") {
  TempFolder dir("unit-column");
  const auto table = [&](const std::string& name, const std::string& command,
                         const std::string& text) {
    const fs::path folder = dir.path / name;
    fs::create_directories(folder);
    std::ofstream(folder / (command == "train" ? "scores.csv" : "metrics.csv")) << text;
    ResultRow row;
    row.command = command;
    row.folder = folder;
    return read_unit_scores(row);
  };
  // Ids that are not the row numbers, so that reading the wrong column (or none, which falls
  // back to the row number) shows.
  const std::string body = "7,0.9,0.1,deepmind\n3,0.2,0.4,deepmind\n";
  for (const auto& [name, command, header] :
       {std::tuple{"pattern-new", "pattern", "unit,score_60,score_90,sac\n"},
        std::tuple{"pattern-old", "pattern", "map,score_60,score_90,sac\n"},
        std::tuple{"train", "train", "unit,score_60,score_90,sac\n"}}) {
    INFO(name);
    const std::vector<UnitScore> units = table(name, command, header + body);
    REQUIRE(units.size() == 2);
    CHECK(units[0].unit == 7);
    CHECK(units[0].score_60 == 0.9);
    CHECK(units[1].unit == 3);
    CHECK(units[1].score_90 == 0.4);
  }
}

TEST_CASE("pattern's metrics.csv is written with the unit column and the SAC named") {
  TempFolder dir("unit-column-pattern");
  const auto out = (dir.path / "run").string();
  const auto r = test::run_cli({"pattern", "--res", "16", "--maps", "2", "--steps", "5", "--cells",
                                "64", "--threads", "1", "--out", out});
  REQUIRE(r.code == 0);
  ResultRow row;
  row.command = "pattern";
  row.folder = out;
  const std::vector<UnitScore> units = read_unit_scores(row);
  REQUIRE(units.size() == 2);
  CHECK(units[0].unit == 0);
  CHECK(units[1].unit == 1);
  std::ifstream in(fs::path(out) / "metrics.csv");
  std::string header;
  std::getline(in, header);
  CHECK(header.rfind("unit,", 0) == 0);
  CHECK(header.substr(header.rfind(',')) == ",sac");
}
