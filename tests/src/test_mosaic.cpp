// The mosaic figure: tiles placed in reading order, each scaled to [0, 1], NaN kept blank.
#include "src/plot/mosaic.hpp"
#include "tests/src/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

using gridtheory::test::TempFolder;

TEST_CASE("a mosaic places tiles in reading order with rows as y, each scaled to [0, 1]") {
  TempFolder dir("mosaic");
  const int n = 4;
  std::vector<std::vector<double>> maps(5, std::vector<double>(n * n));
  for (int t = 0; t < 5; ++t)
    for (int i = 0; i < n * n; ++i)
      maps[t][i] = 10.0 * t + i; // row y, col x: value y*n + x
  maps[4][0] = std::nan("");     // an unvisited bin
  gridtheory::Mosaic m;
  m.title = "test";
  m.n = n;
  m.bin_m = 0.55; // a 2.2 m box in 4 bins
  for (int t = 0; t < 5; ++t)
    m.tiles.push_back({maps[t].data(), "#" + std::to_string(t)});
  const auto png = dir.path / "m.png";
  gridtheory::write_mosaic(m, png, "--out");
  REQUIRE(std::filesystem::file_size(png) > 500);

  // 5 tiles -> 3 columns x 2 rows, gap 1: 14 x 9 canvas; canvas row 0 is the bottom.
  std::ifstream in(dir.path / "m.csv");
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');)
      cells.push_back(c);
    rows.push_back(cells);
  }
  REQUIRE(rows.size() == 9);
  REQUIRE(rows[0].size() == 14);
  // Tile 0 is top-left: canvas rows 5..8, cols 0..3; its (y=0, x=0) is the minimum -> 0.
  CHECK(std::stod(rows[5][0]) == Approx(0.0));
  CHECK(std::stod(rows[8][3]) == Approx(1.0));                     // y = 3, x = 3: the maximum
  CHECK(std::stod(rows[5][1]) == Approx(1.0 / 15.0).margin(1e-4)); // x grows along a row
  CHECK(rows[4][0] == "NaN");                                      // the gap between tile rows
  CHECK(rows[0][5] == "NaN");  // tile 4 (bottom row, second column): its NaN bin at (0, 0)
  CHECK(rows[0][6] != "NaN");  // ... and its next bin is drawn
  CHECK(rows[0][10] == "NaN"); // no sixth tile
}
