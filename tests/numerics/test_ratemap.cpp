// numerics/ratemap.hpp: hand-computed ratemaps (6 samples in a 2 x 2-bin box), the occupancy
// threshold, the normalised-convolution smoothing and the trainer's clamping rule.
#include "numerics/ratemap.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace gridtheory;

namespace {

// A 2 m box in 2 x 2 bins of 1 m. Six samples (x, y) and two units (a, -2a):
//   (0.2, 0.3) a=1 -> bin [0][0]      (1.5, 0.4) a=2 -> [0][1]      (0.5, 1.5) a=5 -> [1][0]
//   (0.7, 0.1) a=3 -> [0][0]          (1.2, 0.9) a=4 -> [0][1]
//                                     (1.9, 0.5) a=6 -> [0][1]
// Bin [1][1] (x >= 1, y >= 1) is never visited.
// Counts [[2, 3], [1, 0]]; sums of a [[4, 12], [5, 0]]; rates of a [[2, 4], [5, NaN]].
const std::vector<double> kPositions{0.2, 0.3, 0.7, 0.1, 1.5, 0.4, 1.2, 0.9, 1.9, 0.5, 0.5, 1.5};
const std::vector<double> kActivity{1, -2, 3, -6, 2, -4, 4, -8, 6, -12, 5, -10};

RatemapOptions two_bins() {
  RatemapOptions o;
  o.side_m = 2.0;
  o.nbins = 2;
  return o;
}

} // namespace

TEST_CASE("ratemaps: 6 samples in a 2 x 2-bin box, by hand, the unvisited bin NaN") {
  const auto maps = bin_ratemaps(kPositions.data(), kActivity.data(), 6, 2, two_bins());
  REQUIRE(maps.size() == 8);
  // Unit 0, [row = y][col = x].
  CHECK(maps[0] == 2.0);
  CHECK(maps[1] == 4.0);
  CHECK(maps[2] == 5.0);
  CHECK(std::isnan(maps[3]));
  // Unit 1 = -2 x unit 0.
  CHECK(maps[4] == -4.0);
  CHECK(maps[5] == -8.0);
  CHECK(maps[6] == -10.0);
  CHECK(std::isnan(maps[7]));
  const auto occ = bin_occupancy(kPositions.data(), 6, two_bins());
  CHECK(occ == std::vector<long long>{2, 3, 1, 0});
}

TEST_CASE("ratemaps: bins under the minimum occupancy are NaN") {
  RatemapOptions o = two_bins();
  o.min_occupancy = 2; // bin [1][0] holds one sample
  const auto maps = bin_ratemaps(kPositions.data(), kActivity.data(), 6, 2, o);
  CHECK(maps[0] == 2.0);
  CHECK(maps[1] == 4.0);
  CHECK(std::isnan(maps[2]));
  CHECK(std::isnan(maps[3]));
  o.min_occupancy = 4; // no bin has 4 samples
  for (double v : bin_ratemaps(kPositions.data(), kActivity.data(), 6, 2, o))
    CHECK(std::isnan(v));
}

TEST_CASE("ratemaps: smoothing is a normalised convolution of sums and counts") {
  // sigma = 1 m = 1 bin: weights 1 at distance 0 and w = exp(-1/2) at 1 bin (radius round(4) is
  // cut to the map's 1). Separable, so a diagonal neighbour weighs w^2. Kept sums S = [[4, 12],
  // [5, 0]] and counts C = [[2, 3], [1, 0]]:
  //   [0][0]: (4 + 12 w + 5 w + 0 w^2) / (2 + 3 w + 1 w + 0 w^2) = (4 + 17 w) / (2 + 4 w)
  //   [0][1]: (12 + 4 w + 0 w + 5 w^2) / (3 + 2 w + 0 w + 1 w^2)
  //   [1][0]: (5 + 0 w + 4 w + 12 w^2) / (1 + 0 w + 2 w + 3 w^2)
  //   [1][1]: unvisited, stays NaN.
  RatemapOptions o = two_bins();
  o.smooth_m = 1.0;
  const auto maps = bin_ratemaps(kPositions.data(), kActivity.data(), 6, 2, o);
  const double w = std::exp(-0.5);
  CHECK(maps[0] == Approx((4 + 17 * w) / (2 + 4 * w)).epsilon(1e-14));
  CHECK(maps[1] == Approx((12 + 4 * w + 5 * w * w) / (3 + 2 * w + w * w)).epsilon(1e-14));
  CHECK(maps[2] == Approx((5 + 4 * w + 12 * w * w) / (1 + 2 * w + 3 * w * w)).epsilon(1e-14));
  CHECK(std::isnan(maps[3]));
  CHECK(maps[4] == Approx(-2 * maps[0]).epsilon(1e-14));

  // With min_occupancy 2, bin [1][0] neither gets a rate nor contributes: [0][0] becomes
  // (4 + 12 w) / (2 + 3 w).
  o.min_occupancy = 2;
  const auto kept = bin_ratemaps(kPositions.data(), kActivity.data(), 6, 2, o);
  CHECK(kept[0] == Approx((4 + 12 * w) / (2 + 3 * w)).epsilon(1e-14));
  CHECK(std::isnan(kept[2]));

  // A tiny sigma is no smoothing: the weights at 1 bin underflow to 0 (radius round(4 x 0.01)).
  o.min_occupancy = 1;
  o.smooth_m = 0.01;
  const auto sharp = bin_ratemaps(kPositions.data(), kActivity.data(), 6, 2, o);
  CHECK(sharp[0] == 2.0);
  CHECK(sharp[1] == 4.0);
  CHECK(sharp[2] == 5.0);
}

TEST_CASE("ratemaps: a constant activity stays constant under smoothing, walls included") {
  RatemapOptions o;
  o.side_m = 1.0;
  o.nbins = 10;
  o.smooth_m = 0.15;
  std::vector<double> pos, act;
  for (int i = 0; i < 400; ++i) {
    pos.push_back(0.05 + 0.9 * ((i * 37) % 400) / 400.0);
    pos.push_back(0.05 + 0.9 * ((i * 91) % 400) / 400.0);
    act.push_back(0.7);
  }
  for (double v : bin_ratemaps(pos.data(), act.data(), 400, 1, o))
    if (!std::isnan(v)) CHECK(v == Approx(0.7).epsilon(1e-13));
}

TEST_CASE("ratemaps: the trainer's bin rule, a position on the far wall in the last bin") {
  CHECK(ratemap_bin(0.0, 2.2, 44) == 0);
  CHECK(ratemap_bin(0.051, 2.2, 44) == 1);
  CHECK(ratemap_bin(2.2, 2.2, 44) == 43);
  CHECK(ratemap_bin(-1e-9, 2.2, 44) == 0);
  CHECK(ratemap_bin(1.1, 2.2, 2) == 1);
  CHECK(ratemap_bin(1.0999999, 2.2, 2) == 0);
}
