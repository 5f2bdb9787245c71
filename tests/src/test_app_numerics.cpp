// The numerics use cases of the application layer (src/app/): a typed request gives what the
// command line gives for the same options, and a bad typed value is a UserError naming the
// parameter in the library's spelling ({name}), before any work.
#include "src/app/pattern.hpp"
#include "src/app/pattern_dynamics.hpp"
#include "src/app/ratemaps.hpp"
#include "src/app/score.hpp"
#include "src/io/npy.hpp"
#include "src/report/pattern_report.hpp"
#include "src/report/score_table.hpp"
#include "tests/src/cli_harness.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

namespace app = gridtheory::app;
using gridtheory::UserError;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;

namespace {

// A UserError whose parameter is `option` ("{box}"), or the test fails.
void require_user_error(const std::function<void()>& call, const std::string& option) {
  try {
    call();
  } catch (const UserError& e) {
    CHECK(e.option() == option);
    return;
  }
  FAIL("no UserError naming " << option);
}

// Four 12 x 12 maps of a hexagonal lattice (spacing 0.6 m in a 2.2 m box) with a NaN corner.
std::vector<double> lattice_maps() {
  const int n = 12;
  std::vector<double> maps(4 * n * n);
  for (int u = 0; u < 4; ++u)
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        const double px = (x + 0.5) * 2.2 / n, py = (y + 0.5) * 2.2 / n;
        double v = 0;
        for (int d = 0; d < 3; ++d) {
          const double a = d * std::numbers::pi / 3 + 0.2 * u;
          v += std::cos(4 * std::numbers::pi / (std::sqrt(3.0) * 0.6) *
                        (px * std::cos(a) + py * std::sin(a)));
        }
        maps[(u * n + y) * n + x] = v;
      }
  maps[0] = std::nan("");
  return maps;
}

} // namespace

TEST_CASE("app score of an array equals gridtheory score --format json of the file") {
  TempFolder dir("app-score");
  const std::vector<double> maps = lattice_maps();
  const auto path = dir.path / "maps.npy";
  gridtheory::write_npy(path, {4, 12, 12}, maps.data(), gridtheory::NpyDtype::float64, "test");
  app::ScoreRequest q;
  q.ratemaps = app::ArrayInput::memory({4, 12, 12}, maps.data(), "float64 array");
  q.box_m = 2.2;
  q.sac = gridtheory::SacMode::nan_aware;
  q.threads = 2;
  const app::ScoreResult r = app::score(q);
  CHECK(r.units() == 4);
  CHECK(r.sac_given);
  CHECK(r.report.unvisited_bins == 1);
  const auto cli = run_cli({"score", "--ratemaps", path.string(), "--box", "2.2", "--sac",
                            "nan-aware", "--format", "json"});
  REQUIRE(cli.code == 0);
  CHECK(gridtheory::score_json(r.report).dump(2) + "\n" == cli.out);
  // The same file read by the app: the same scores.
  q.ratemaps = app::ArrayInput::file(path);
  CHECK(gridtheory::score_json(app::score(q).report) == gridtheory::score_json(r.report));
}

TEST_CASE("app score refuses bad typed values naming the parameter") {
  const std::vector<double> maps = lattice_maps();
  const auto request = [&] {
    app::ScoreRequest q;
    q.ratemaps = app::ArrayInput::memory({4, 12, 12}, maps.data(), "float64 array");
    return q;
  };
  require_user_error(
      [&] {
        auto q = request();
        q.box_m = 0.0;
        app::score(q);
      },
      "{box}");
  require_user_error(
      [&] {
        auto q = request();
        q.box_m = NAN;
        app::score(q);
      },
      "{box}");
  require_user_error(
      [&] {
        auto q = request();
        q.threads = 0;
        app::score(q);
      },
      "{threads}");
  require_user_error(
      [&] {
        auto q = request();
        q.plot = "x.jpg";
        app::score(q);
      },
      "{plot}");
  require_user_error(
      [&] {
        auto q = request();
        q.ratemaps = app::ArrayInput::memory({4, 12, 12 * 12}, maps.data(), "float64 array");
        app::score(q);
      },
      "{ratemaps}");
  // The options before the file: a bad box with a missing file names the box.
  require_user_error(
      [&] {
        auto q = request();
        q.ratemaps = app::ArrayInput::file("/no/such/maps.npy");
        q.box_m = -1.0;
        app::score(q);
      },
      "{box}");
  require_user_error([] { app::parse_sac_mode("scipy"); }, "{sac}");
}

TEST_CASE("app ratemaps bins as gridtheory ratemaps does and refuses bad values by name") {
  TempFolder dir("app-ratemaps");
  const std::vector<double> positions{0.1, 0.1, 1.9, 0.1, 0.1, 1.9, 1.9, 1.9, 1.0, 1.0, 2.0, 2.0};
  const std::vector<double> activity{1, 2, 3, 4, 5, 6};
  gridtheory::write_npy(dir.path / "p.npy", {6, 2}, positions.data(), gridtheory::NpyDtype::float64,
                        "test");
  gridtheory::write_npy(dir.path / "a.npy", {6, 1}, activity.data(), gridtheory::NpyDtype::float64,
                        "test");
  app::RatemapsRequest q;
  q.positions = app::ArrayInput::memory({6, 2}, positions.data(), "float64 array");
  q.activity = app::ArrayInput::memory({6, 1}, activity.data(), "float64 array");
  q.box_m = 2.0;
  q.bins = 2;
  const app::RatemapsResult r = app::ratemaps(q);
  REQUIRE(r.maps.size() == 4);
  CHECK(r.maps[0] == 1.0);
  CHECK(r.maps[3] == 5.0); // (1.9, 1.9), (1, 1) and (2, 2): mean of 4, 5, 6
  const auto out = dir.path / "r.npy";
  const auto cli =
      run_cli({"ratemaps", "--positions", (dir.path / "p.npy").string(), "--activity",
               (dir.path / "a.npy").string(), "--box", "2", "--bins", "2", "--out", out.string()});
  REQUIRE(cli.code == 0);
  CHECK(gridtheory::read_npy(out, "test").data == r.maps);

  require_user_error(
      [&] {
        auto b = q;
        b.bins = 1;
        app::ratemaps(b);
      },
      "{bins}");
  require_user_error(
      [&] {
        auto b = q;
        b.smooth_m = -0.1;
        app::ratemaps(b);
      },
      "{smooth}");
  require_user_error(
      [&] {
        auto b = q;
        b.min_occupancy = 0;
        app::ratemaps(b);
      },
      "{min_occupancy}");
  require_user_error(
      [&] {
        auto b = q;
        b.box_m = 1.0;
        app::ratemaps(b);
      },
      "{positions}");
  require_user_error(
      [&] {
        auto b = q;
        b.out = dir.path / "r.txt";
        app::ratemaps(b);
      },
      "{out}");
  require_user_error(
      [&] {
        auto b = q;
        b.activity = app::ArrayInput::memory({3, 2}, activity.data(), "float64 array");
        app::ratemaps(b);
      },
      "{activity}");
}

TEST_CASE("app pattern equals gridtheory pattern and writes the same files") {
  TempFolder dir("app-pattern");
  app::PatternRequest q;
  q.kernel = app::KernelSource::analytic;
  q.numbers.maps = 3;
  q.numbers.steps = 40;
  q.numbers.res = 16;
  q.numbers.threads = 1;
  q.out = dir.path / "app";
  const app::PatternResult r = app::pattern(q);
  CHECK(r.maps.size() == 3 * 16 * 16);
  CHECK(r.scores.scores.size() == 3);
  CHECK_FALSE(r.cells_given);
  const auto cli =
      run_cli({"pattern", "--kernel", "analytic", "--maps", "3", "--steps", "40", "--res", "16",
               "--threads", "1", "--format", "json", "--out", (dir.path / "cli").string()});
  REQUIRE(cli.code == 0);
  CHECK(gridtheory::pattern_summary(r.run).dump(2) + "\n" == cli.out);
  CHECK(gridtheory::read_npy(dir.path / "app" / "maps.npy", "test").data ==
        gridtheory::read_npy(dir.path / "cli" / "maps.npy", "test").data);
  const auto bytes = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  CHECK(bytes(dir.path / "app" / "metrics.csv") == bytes(dir.path / "cli" / "metrics.csv"));
}

TEST_CASE("app pattern refuses bad typed values naming the parameter before any work") {
  TempFolder dir("app-pattern-bad");
  const auto request = [&] {
    app::PatternRequest q;
    q.numbers.maps = 1;
    q.numbers.steps = 1;
    q.numbers.res = 16;
    q.out = dir.path / "run";
    return q;
  };
  require_user_error(
      [&] {
        auto q = request();
        q.box_m = 0.0;
        app::pattern(q);
      },
      "{box}");
  require_user_error(
      [&] {
        auto q = request();
        q.encoding.family = gridtheory::Family::cartesian;
        app::pattern(q);
      },
      "{encoding}");
  require_user_error(
      [&] {
        auto q = request();
        q.kernel = app::KernelSource::analytic;
        q.encoding.cells = 5;
        app::pattern(q);
      },
      "{cells}");
  require_user_error(
      [&] {
        auto q = request();
        q.numbers.maps = 0;
        app::pattern(q);
      },
      "{maps}");
  require_user_error(
      [&] {
        auto q = request();
        q.numbers.lr = 1.5;
        app::pattern(q);
      },
      "{lr}");
  require_user_error(
      [&] {
        auto q = request();
        q.numbers.gain = 2.0;
        app::pattern(q);
      },
      "{gain}");
  require_user_error(
      [&] {
        auto q = request();
        q.seed = -1;
        app::pattern(q);
      },
      "{seed}");
  require_user_error(
      [&] {
        auto q = request();
        q.out = dir.path / "a" / "b";
        app::pattern(q);
      },
      "{out}");
  require_user_error([] { app::parse_kernel_source("fft"); }, "{kernel}");
  CHECK(dir.files().empty());
}

TEST_CASE("app pattern_dynamics runs the kernel of pattern_kernel as pattern does") {
  app::PatternKernelRequest k;
  k.kernel = app::KernelSource::analytic;
  k.res = 16;
  const app::PatternKernelResult kernel = app::pattern_kernel(k);
  REQUIRE(kernel.sigma_hat.size() == 16 * 9);
  app::PatternDynamicsRequest q;
  q.sigma_hat = app::ArrayInput::memory({16, 9}, kernel.sigma_hat.data(), "float64 array");
  q.numbers.maps = 2;
  q.numbers.steps = 30;
  q.numbers.threads = 1;
  const app::PatternDynamicsResult d = app::pattern_dynamics(q);
  app::PatternRequest p;
  p.kernel = app::KernelSource::analytic;
  p.numbers.maps = 2;
  p.numbers.steps = 30;
  p.numbers.res = 16;
  p.numbers.threads = 2;
  CHECK(app::pattern(p).maps == d.maps);

  const std::vector<double> initial(3 * 16 * 16, 0.0);
  require_user_error(
      [&] {
        auto b = q;
        b.initial = app::ArrayInput::memory({3, 16, 16}, initial.data(), "float64 array");
        app::pattern_dynamics(b);
      },
      "{maps}");
  require_user_error(
      [&] {
        auto b = q;
        b.sigma_hat = app::ArrayInput::memory({16, 8}, kernel.sigma_hat.data(), "float64 array");
        app::pattern_dynamics(b);
      },
      "{sigma_hat}");
  require_user_error(
      [&] {
        auto b = q;
        b.init_scale = 0.0;
        app::pattern_dynamics(b);
      },
      "{init_scale}");
  require_user_error(
      [&] {
        auto k2 = k;
        k2.res = 4;
        app::pattern_kernel(k2);
      },
      "{res}");
}
