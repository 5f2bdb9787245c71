// The spacing histogram of the trainer's run folder: bins of box/44 over (0, box], non-finite
// spacings left out.
#include "src/plot/spacing_figure.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

using namespace gridtheory;

TEST_CASE("spacing histogram counts each spacing in its bin of box/44", "[plot]") {
  SpacingFigure f;
  f.box_m = 2.2; // bins of 0.05 m
  f.spacings_m = {0.90, 0.91, 0.52, std::nan(""), 5.0};
  std::istringstream csv(spacing_histogram_csv(f));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "bin_lo_m,bin_hi_m,units");
  int rows = 0, total = 0;
  while (std::getline(csv, line)) {
    double lo = 0, hi = 0;
    int n = 0;
    REQUIRE(std::sscanf(line.c_str(), "%lf,%lf,%d", &lo, &hi, &n) == 3);
    CHECK(hi - lo == Approx(0.05));
    if (rows == 18) CHECK(n == 2); // 0.90 and 0.91 m
    if (rows == 10) CHECK(n == 1); // 0.52 m
    if (rows == 43) CHECK(n == 1); // 5.0 m, beyond the box, in the last bin
    total += n;
    ++rows;
  }
  CHECK(rows == 44);
  CHECK(total == 4); // NaN left out
}
