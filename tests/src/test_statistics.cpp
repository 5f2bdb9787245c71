// The report's intervals against values computed by hand (the Wilson formula written out and
// scipy.stats.t.ppf(0.975, n - 1) for the t quantile).
#include "src/report/statistics.hpp"

#include <catch2/catch.hpp>

using namespace gridtheory;
using Catch::Matchers::WithinAbs;

TEST_CASE("wilson_interval matches the hand-computed 95% score interval") {
  struct Case {
    std::size_t k, n;
    double lo, hi;
  };
  // 0 of 3: centre (z^2/6)/(1+z^2/3) = 0.280749, half-width the same, so [0, 0.561497].
  for (const Case& c :
       {Case{7, 9, 0.452588969106989, 0.936774892882153}, Case{0, 3, 0.0, 0.561497031755046},
        Case{3, 3, 0.438502968244955, 1.0}, Case{1, 2, 0.0945312057342307, 0.905468794265769}}) {
    const Interval w = wilson_interval(c.k, c.n);
    INFO(c.k << " of " << c.n);
    CHECK_THAT(w.lo, WithinAbs(c.lo, 1e-12));
    CHECK_THAT(w.hi, WithinAbs(c.hi, 1e-12));
  }
}

TEST_CASE("wilson_interval has no interval for no runs or an impossible count") {
  CHECK(std::isnan(wilson_interval(0, 0).lo));
  CHECK(std::isnan(wilson_interval(4, 3).hi));
}

TEST_CASE("mean_interval is the Student-t 95% interval over the finite values") {
  // mean 1.213333, sd 0.0351188, t(2) = 4.302653: 1.213333 -+ 0.087240.
  const MeanInterval m = mean_interval({1.18, std::nan(""), 1.25, 1.21});
  CHECK(m.n == 3);
  CHECK_THAT(m.mean, WithinAbs(1.21333333333333, 1e-12));
  CHECK_THAT(m.sd, WithinAbs(0.0351188458428425, 1e-12));
  CHECK_THAT(m.ci.lo, WithinAbs(1.1260932839787, 1e-10));
  CHECK_THAT(m.ci.hi, WithinAbs(1.30057338268797, 1e-10));
}

TEST_CASE("mean_interval of one value has no spread and of none no mean") {
  const MeanInterval one = mean_interval({0.9});
  CHECK(one.n == 1);
  CHECK(one.mean == 0.9);
  CHECK(std::isnan(one.ci.lo));
  CHECK(std::isnan(mean_interval({}).mean));
}
