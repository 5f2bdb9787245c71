// `gridtheory batch` and the run folder's place_cells.npy (issue 16, item 7): the batch of a
// training step is the one the trainer used (the loss of a checkpoint on it equals metrics.csv's
// row), and its files follow the documented layout: targets are the code at `positions`, the
// initial targets the code at `start_positions`, velocities the displacement over dt, and the
// code is built from the place fields that place_cells.npy lists.
#include "cli_harness.hpp"
#include "src/io/npy.hpp"
#include "theory/defaults.hpp"
#include "train_harness.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace gridtheory;
using namespace gridtheory::test;
namespace fs = std::filesystem;

namespace {

// tiny() with a loss logged at every step.
std::vector<std::string> tiny_every_step(const fs::path& out, const std::string& steps) {
  auto args = tiny(out, steps);
  const auto it = std::find(args.begin(), args.end(), "--log-every");
  REQUIRE(it != args.end());
  *(it + 1) = "1";
  return args;
}

// metrics.csv's loss at `step`.
double logged_loss(const fs::path& csv, long long step) {
  std::istringstream in(slurp(csv));
  std::string line;
  std::getline(in, line); // header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string s, loss;
    std::getline(row, s, ',');
    std::getline(row, loss, ',');
    if (std::stoll(s) == step) return std::stod(loss);
  }
  FAIL("no metrics row for step " << step);
  return NAN;
}

struct Field {
  double x, y, sigma, sigma_i;
};

std::vector<Field> read_place_cells(const fs::path& npy) {
  const NpyArray a = read_npy(npy, "test");
  REQUIRE(a.dtype == NpyDtype::float64);
  REQUIRE(a.shape.size() == 2);
  REQUIRE(a.shape[1] == 5); // cell, x_m, y_m, sigma_m, sigma_i_m
  std::vector<Field> fields;
  for (std::size_t f = 0; f < a.shape[0]; ++f) {
    REQUIRE(a.data[5 * f] == static_cast<double>(f)); // one field per cell: field f is cell f
    fields.push_back({a.data[5 * f + 1], a.data[5 * f + 2], a.data[5 * f + 3], a.data[5 * f + 4]});
  }
  return fields;
}

// NFL's difference of softmaxes at (x, y), written out from its definition: the centre softmax
// minus the surround softmax over cells, shifted by its minimum and normalised to sum 1.
std::vector<double> dos_by_hand(const std::vector<Field>& fields, double x, double y) {
  const std::size_t n = fields.size();
  std::vector<double> e(n), i(n), d(n);
  double se = 0, si = 0;
  for (std::size_t c = 0; c < n; ++c) {
    const double r2 = (x - fields[c].x) * (x - fields[c].x) + (y - fields[c].y) * (y - fields[c].y);
    e[c] = std::exp(-r2 / (2 * fields[c].sigma * fields[c].sigma));
    i[c] = std::exp(-r2 / (2 * fields[c].sigma_i * fields[c].sigma_i));
    se += e[c];
    si += i[c];
  }
  double lo = INFINITY, sum = 0;
  for (std::size_t c = 0; c < n; ++c) {
    d[c] = e[c] / se - i[c] / si;
    lo = std::min(lo, d[c]);
  }
  for (auto& v : d) {
    v -= lo;
    sum += v;
  }
  for (auto& v : d)
    v /= sum;
  return d;
}

} // namespace

TEST_CASE("batch: the loss of a checkpoint on its next training batch is metrics.csv's loss",
          "[train][batch]") {
  TempFolder tmp("batch-loss");
  const fs::path longer = tmp.path / "longer", shorter = tmp.path / "shorter";
  // Same seed and options: the 10-step run's checkpoint holds the 14-step run's weights after 10
  // updates, and that run logged the loss of batch 11 on them.
  REQUIRE(run_cli(tiny_every_step(longer, "14")).code == 0);
  REQUIRE(run_cli(tiny_every_step(shorter, "10")).code == 0);
  const fs::path batch = tmp.path / "b11";
  const auto b = run_cli({"batch", "--run", shorter.string(), "--step", "11", "--out",
                          batch.string(), "--format", "json"});
  INFO(b.err);
  REQUIRE(b.code == 0);
  CHECK(nlohmann::json::parse(b.out).at("step") == 11);
  const auto l = run_cli(
      {"loss", "--checkpoint", shorter.string(), "--batch", batch.string(), "--format", "json"});
  INFO(l.err);
  REQUIRE(l.code == 0);
  const double loss = nlohmann::json::parse(l.out).at("loss").get<double>();
  // The same float32 arithmetic on the same bits: equal up to the CSV's 17 digits.
  CHECK(loss == Approx(logged_loss(longer / "metrics.csv", 11)).epsilon(1e-15));
  // Another step's batch is another batch: its loss is not the logged one.
  const fs::path batch12 = tmp.path / "b12";
  REQUIRE(run_cli({"batch", "--run", shorter.string(), "--step", "12", "--out", batch12.string()})
              .code == 0);
  const auto l12 = run_cli(
      {"loss", "--checkpoint", shorter.string(), "--batch", batch12.string(), "--format", "json"});
  REQUIRE(l12.code == 0);
  CHECK(nlohmann::json::parse(l12.out).at("loss").get<double>() != Approx(loss).epsilon(1e-9));
}

TEST_CASE("batch: files follow the documented layout and place_cells.npy's fields",
          "[train][batch]") {
  TempFolder tmp("batch-layout");
  const fs::path run = tmp.path / "run", batch = tmp.path / "b";
  REQUIRE(run_cli(tiny(run, "2")).code == 0);
  REQUIRE(run_cli({"batch", "--run", run.string(), "--step", "3", "--out", batch.string()}).code ==
          0);
  const auto fields = read_place_cells(run / "place_cells.npy");
  REQUIRE(fields.size() == 24); // tiny(): --cells 24, dos sigma 0.12, ratio 2
  CHECK(fields[0].sigma == 0.12);
  CHECK(fields[0].sigma_i == Approx(0.24).epsilon(1e-15));

  const NpyArray vel = read_npy(batch / "velocity.npy", "test");
  const NpyArray p0 = read_npy(batch / "init_targets.npy", "test");
  const NpyArray tgt = read_npy(batch / "targets.npy", "test");
  const NpyArray pos = read_npy(batch / "positions.npy", "test");
  const NpyArray start = read_npy(batch / "start_positions.npy", "test");
  const std::size_t T = 5, B = 6, P = 24; // tiny(): --seq-len 5, --batch 6
  CHECK(vel.shape == std::vector<std::size_t>{T, B, 2});
  CHECK(p0.shape == std::vector<std::size_t>{B, P});
  CHECK(tgt.shape == std::vector<std::size_t>{T, B, P});
  CHECK(pos.shape == std::vector<std::size_t>{T, B, 2});
  CHECK(start.shape == std::vector<std::size_t>{B, 2});
  CHECK(vel.dtype == NpyDtype::float32);
  CHECK(pos.dtype == NpyDtype::float64);

  const auto xy = [&](std::size_t t, std::size_t b, int k) {
    return t == 0 ? start.data[2 * b + k] : pos.data[2 * ((t - 1) * B + b) + k];
  };
  for (std::size_t b = 0; b < B; ++b) {
    // The initial targets: the code at the start position, by hand.
    const auto want0 = dos_by_hand(fields, xy(0, b, 0), xy(0, b, 1));
    for (std::size_t c = 0; c < P; ++c)
      CHECK(p0.data[b * P + c] == Approx(want0[c]).epsilon(1e-6));
    for (std::size_t t = 1; t <= T; ++t) {
      // Step t's velocity moves the agent from position t - 1 to position t in dt.
      for (int k = 0; k < 2; ++k)
        CHECK(vel.data[2 * ((t - 1) * B + b) + k] ==
              Approx((xy(t, b, k) - xy(t - 1, b, k)) / defaults::trajectory_dt_s).epsilon(1e-6));
      const auto want = dos_by_hand(fields, xy(t, b, 0), xy(t, b, 1));
      for (std::size_t c = 0; c < P; ++c)
        CHECK(tgt.data[((t - 1) * B + b) * P + c] == Approx(want[c]).epsilon(1e-6));
    }
  }
}

TEST_CASE("batch: bad input is exit 2 with one line and nothing written", "[train][batch]") {
  TempFolder tmp("batch-bad");
  const fs::path run = tmp.path / "run";
  REQUIRE(run_cli(tiny(run, "2")).code == 0);
  const std::string out = (tmp.path / "out").string();
  require_one_line_user_error(
      run_cli({"batch", "--run", run.string(), "--step", "0", "--out", out}), "--step", "0");
  CHECK_FALSE(fs::exists(out));
  require_one_line_user_error(run_cli({"batch", "--run", tmp.path.string(), "--out", out}), "--run",
                              tmp.path.string());
  CHECK_FALSE(fs::exists(out));
  require_one_line_user_error(run_cli({"batch", "--run", run.string(), "--out", run.string()}),
                              "--out", run.string());
}

TEST_CASE("place_cells.npy: absent for codes without place fields", "[train][batch]") {
  TempFolder tmp("batch-cartesian");
  auto args = tiny(tmp.path / "run", "2");
  const auto it = std::find(args.begin(), args.end(), "--cells");
  args.erase(it, it + 2); // cartesian has no cell count
  args.insert(args.end(), {"--encoding", "cartesian"});
  const auto r = run_cli(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(fs::exists(tmp.path / "run" / "config.json"));
  CHECK_FALSE(fs::exists(tmp.path / "run" / "place_cells.npy"));
}
