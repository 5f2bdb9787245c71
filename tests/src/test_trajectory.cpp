// The trainer's random-walk trajectories, batch targets and position decoder
// (docs/CONVENTIONS.md, "The reference setup").
#include "src/train/batch_targets.hpp"
#include "src/train/trajectory.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double pi = std::numbers::pi;

TrajectoryOptions options(bool periodic, int steps, int batch, std::uint64_t seed) {
  TrajectoryOptions o;
  o.periodic = periodic;
  o.steps = steps;
  o.batch = batch;
  o.seed = seed;
  return o;
}

Encoding dos(int cells) {
  EncodingOptions o;
  o.family = Family::dos;
  o.cells = cells;
  return make_encoding(o);
}

// The minimum-image difference b - a on a circle of circumference L.
double wrapped_diff(double a, double b, double L) {
  double d = std::fmod(b - a, L);
  if (d > 0.5 * L) d -= L;
  if (d < -0.5 * L) d += L;
  return d;
}

struct Nearest {
  double mean_x, mean_y; // mean of the 3 nearest centres (torus mean when periodic)
  double third_m;        // distance to the third-nearest centre
};

// Brute force: the 3 nearest field centres of a one-field-per-cell population.
Nearest nearest_three(const Population& pop, double x, double y) {
  std::vector<std::pair<double, size_t>> d;
  for (size_t c = 0; c < pop.fields.size(); ++c)
    d.emplace_back(squared_distance(pop.arena, x, y, pop.fields[c].x_m, pop.fields[c].y_m), c);
  std::partial_sort(d.begin(), d.begin() + 3, d.end());
  Nearest n{0, 0, std::sqrt(d[2].first)};
  for (int k = 0; k < 3; ++k) {
    n.mean_x += pop.fields[d[static_cast<size_t>(k)].second].x_m / 3.0;
    n.mean_y += pop.fields[d[static_cast<size_t>(k)].second].y_m / 3.0;
  }
  return n;
}

} // namespace

TEST_CASE("trajectories: a seed gives one sequence of batches", "[trajectory]") {
  for (bool periodic : {false, true}) {
    TrajectoryGenerator a(options(periodic, 30, 16, 11)), b(options(periodic, 30, 16, 11));
    TrajectoryGenerator c(options(periodic, 30, 16, 12));
    const TrajectoryBatch first = a.next();
    TrajectoryBatch into;
    into.resize(30, 16);
    b.next(into);
    CHECK(first.positions == into.positions);
    CHECK(first.velocities == into.velocities);
    CHECK(first.headings == into.headings);
    // The stream continues: the second batch differs from the first, and matches b's second.
    const TrajectoryBatch& second = a.next();
    CHECK(second.positions != first.positions);
    b.next(into);
    CHECK(second.positions == into.positions);
    CHECK(c.next().positions != first.positions);
  }
}

TEST_CASE("trajectories: sizes, layout and a batch sized for other options is refused",
          "[trajectory]") {
  TrajectoryGenerator gen(options(false, 20, 200, 1));
  const TrajectoryBatch& batch = gen.next();
  CHECK(batch.positions.size() == 21 * 200 * 2);
  CHECK(batch.velocities.size() == 20 * 200 * 2);
  CHECK(batch.headings.size() == 21 * 200);
  CHECK(batch.x(3, 7) == batch.positions[2 * (3 * 200 + 7)]);
  CHECK(batch.vy(3, 7) == batch.velocities[2 * (3 * 200 + 7) + 1]);
  TrajectoryBatch wrong;
  wrong.resize(20, 100);
  CHECK_THROWS_AS(gen.next(wrong), InternalError);
  TrajectoryOptions bad;
  bad.dt_s = 0.0;
  CHECK_THROWS_AS(TrajectoryGenerator(bad), UserError);
  bad = TrajectoryOptions{};
  bad.wall_slowdown = 1.5;
  CHECK_THROWS_AS(validate(bad), UserError);
}

TEST_CASE("trajectories: solid walls keep every position in the arena and velocities integrate "
          "to the displacement",
          "[trajectory]") {
  const TrajectoryOptions opt = options(false, 500, 200, 3);
  TrajectoryGenerator gen(opt);
  const TrajectoryBatch& tr = gen.next();
  const double L = opt.side_m;
  int outside = 0, bad_heading = 0;
  for (int t = 0; t <= opt.steps; ++t)
    for (int b = 0; b < opt.batch; ++b) {
      outside += tr.x(t, b) < 0.0 || tr.x(t, b) > L || tr.y(t, b) < 0.0 || tr.y(t, b) > L;
      bad_heading += tr.heading(t, b) < -pi || tr.heading(t, b) >= pi;
    }
  CHECK(outside == 0);
  CHECK(bad_heading == 0);
  double worst = 0.0;
  for (int b = 0; b < opt.batch; ++b) {
    double sx = tr.x(0, b), sy = tr.y(0, b);
    for (int t = 0; t < opt.steps; ++t) {
      sx += tr.vx(t, b) * opt.dt_s;
      sy += tr.vy(t, b) * opt.dt_s;
    }
    worst = std::max({worst, std::abs(sx - tr.x(opt.steps, b)), std::abs(sy - tr.y(opt.steps, b))});
  }
  CHECK(worst < 1e-12);
}

TEST_CASE("trajectories: periodic positions wrap and velocities stay unwrapped", "[trajectory]") {
  const TrajectoryOptions opt = options(true, 500, 200, 4);
  TrajectoryGenerator gen(opt);
  const TrajectoryBatch& tr = gen.next();
  const double L = opt.side_m;
  int outside = 0, crossings = 0;
  double worst_step = 0.0, worst_mismatch = 0.0;
  for (int t = 0; t < opt.steps; ++t)
    for (int b = 0; b < opt.batch; ++b) {
      const double x1 = tr.x(t + 1, b), y1 = tr.y(t + 1, b);
      outside += x1 < 0.0 || x1 >= L || y1 < 0.0 || y1 >= L;
      const double dx = tr.vx(t, b) * opt.dt_s, dy = tr.vy(t, b) * opt.dt_s;
      crossings += std::abs(x1 - tr.x(t, b)) > 0.5 * L || std::abs(y1 - tr.y(t, b)) > 0.5 * L;
      worst_step = std::max(worst_step, std::hypot(dx, dy));
      worst_mismatch = std::max({worst_mismatch, std::abs(wrapped_diff(tr.x(t, b) + dx, x1, L)),
                                 std::abs(wrapped_diff(tr.y(t, b) + dy, y1, L))});
    }
  CHECK(outside == 0);
  CHECK(crossings > 100);  // the walk does cross the seams...
  CHECK(worst_step < 0.2); // ...but no velocity carries the jump (a step is a few cm)
  CHECK(worst_mismatch < 1e-12);
}

TEST_CASE("trajectories: speed and heading-change statistics match Rayleigh and the turn sd",
          "[trajectory]") {
  // Periodic: no wall rule, so every step is a free Rayleigh speed and a N(0, sd dt) turn.
  const TrajectoryOptions opt = options(true, 500, 200, 5);
  TrajectoryGenerator gen(opt);
  const TrajectoryBatch& tr = gen.next();
  double sum_v = 0, sum_v2 = 0, sum_dh = 0, sum_dh2 = 0;
  const double n = static_cast<double>(opt.steps) * opt.batch;
  for (int t = 0; t < opt.steps; ++t)
    for (int b = 0; b < opt.batch; ++b) {
      const double v = std::hypot(tr.vx(t, b), tr.vy(t, b));
      sum_v += v;
      sum_v2 += v * v;
      const double dh = wrapped_diff(tr.heading(t, b), tr.heading(t + 1, b), 2 * pi);
      sum_dh += dh;
      sum_dh2 += dh * dh;
    }
  const double scale = opt.speed_scale_m_per_s;
  CHECK(scale == Approx(0.13 * 2 * pi).epsilon(1e-12));
  // 1e5 samples: the standard errors are ~0.2% (mean speed) and ~0.3% (sd), far inside 2%.
  CHECK(sum_v / n == Approx(scale * std::sqrt(pi / 2)).epsilon(0.02)); // 1.024 m/s
  CHECK(sum_v2 / n == Approx(2 * scale * scale).epsilon(0.02));
  CHECK(std::abs(sum_dh / n) < 0.005);
  CHECK(std::sqrt(sum_dh2 / n) == Approx(11.52 * 0.02).epsilon(0.02)); // 0.2304 rad
}

TEST_CASE("trajectories: the wall rule turns an agent heading into a wall parallel to it",
          "[trajectory]") {
  const double L = 2.2, border = 0.03;
  // (0.01, 1.1) heading straight at the left wall (pi): sign(0) = +1, so it turns by +pi/2.
  WallTurn w = wall_rule(0.01, 1.1, pi, L, border);
  CHECK(w.near_wall);
  CHECK(w.turn_rad == Approx(pi / 2).margin(1e-12));
  CHECK(std::abs(std::cos(pi + w.turn_rad)) < 1e-12); // parallel to the wall x = 0
  // Heading up-left at 0.3 rad from the normal: turns by -(pi/2 - 0.3) to point along +y.
  w = wall_rule(0.01, 1.1, pi - 0.3, L, border);
  CHECK(w.near_wall);
  CHECK(w.turn_rad == Approx(-(pi / 2 - 0.3)).margin(1e-12));
  CHECK(wrap_angle(pi - 0.3 + w.turn_rad) == Approx(pi / 2).margin(1e-12));
  // Down-left: turns to -pi/2.
  w = wall_rule(0.01, 1.1, -pi + 0.4, L, border);
  CHECK(wrap_angle(-pi + 0.4 + w.turn_rad) == Approx(-pi / 2).margin(1e-12));
  // Heading away from the wall, or parallel to it, or outside the border: no rule.
  CHECK_FALSE(wall_rule(0.01, 1.1, 0.2, L, border).near_wall);
  CHECK_FALSE(wall_rule(0.01, 1.1, pi / 2, L, border).near_wall);
  CHECK_FALSE(wall_rule(0.05, 1.1, pi, L, border).near_wall);
  // The other walls: right (normal 0), top (pi/2), bottom (-pi/2).
  w = wall_rule(L - 0.01, 1.0, 0.2, L, border);
  CHECK(w.turn_rad == Approx(pi / 2 - 0.2).margin(1e-12));
  w = wall_rule(1.0, L - 0.02, pi / 2 + 0.1, L, border);
  CHECK(std::cos(pi / 2 + 0.1 + w.turn_rad) == Approx(-1.0).margin(1e-12)); // along -x
  w = wall_rule(1.0, 0.02, -pi / 2 + 0.1, L, border);
  CHECK(wrap_angle(-pi / 2 + 0.1 + w.turn_rad) == Approx(0.0).margin(1e-12));
}

TEST_CASE("trajectories: in solid walls the generator applies the wall rule and its slowdown",
          "[trajectory]") {
  const TrajectoryOptions opt = options(false, 500, 200, 6);
  TrajectoryGenerator gen(opt);
  const TrajectoryBatch& tr = gen.next();
  const double L = opt.side_m, rayleigh_mean = opt.speed_scale_m_per_s * std::sqrt(pi / 2);
  double free_v = 0, slow_v = 0, noise2 = 0;
  long free_n = 0, slow_n = 0, n = 0;
  for (int t = 0; t < opt.steps; ++t)
    for (int b = 0; b < opt.batch; ++b) {
      const WallTurn w = wall_rule(tr.x(t, b), tr.y(t, b), tr.heading(t, b), L, opt.border_m);
      // The heading change minus the wall turn is the N(0, sd dt) rotational noise.
      const double noise =
          wrapped_diff(tr.heading(t, b) + w.turn_rad, tr.heading(t + 1, b), 2 * pi);
      noise2 += noise * noise;
      ++n;
      const double x1 = tr.x(t + 1, b), y1 = tr.y(t + 1, b);
      if (x1 == 0.0 || x1 == L || y1 == 0.0 || y1 == L) continue; // clamped: speed shortened
      const double v = std::hypot(tr.vx(t, b), tr.vy(t, b));
      if (w.near_wall) {
        slow_v += v;
        ++slow_n;
      } else {
        free_v += v;
        ++free_n;
      }
    }
  CHECK(std::sqrt(noise2 / static_cast<double>(n)) == Approx(11.52 * 0.02).epsilon(0.02));
  REQUIRE(slow_n > 500);
  CHECK(free_v / static_cast<double>(free_n) == Approx(rayleigh_mean).epsilon(0.02));
  // Fewer samples (~10^3) and a little selection near corners: 10%.
  CHECK(slow_v / static_cast<double>(slow_n) == Approx(0.25 * rayleigh_mean).epsilon(0.1));
}

TEST_CASE("batch targets equal target_code at the batch's positions", "[trajectory]") {
  const Population pop = sample_population(dos(64), Arena{2.2, false}, 9);
  TrajectoryGenerator gen(options(false, 5, 7, 10));
  const TrajectoryBatch& tr = gen.next();
  const size_t n = 64, points = 6 * 7;
  std::vector<float> out_f(points * n, -1.0f);
  std::vector<double> out_d(points * n, -1.0);
  BatchTargets filler(pop, 3);
  filler.fill(tr, std::span<float>(out_f));
  filler.fill(tr, std::span<double>(out_d));
  std::vector<float> one_shot(points * n);
  batch_targets(pop, tr, one_shot, 2);
  std::vector<double> expect(n), scratch(2 * n);
  int mismatches = 0;
  for (int t = 0; t <= 5; ++t)
    for (int b = 0; b < 7; ++b) {
      target_code(pop, tr.x(t, b), tr.y(t, b), expect, scratch);
      const size_t row = (static_cast<size_t>(t) * 7 + static_cast<size_t>(b)) * n;
      for (size_t c = 0; c < n; ++c) {
        mismatches += out_d[row + c] != expect[c];
        mismatches += out_f[row + c] != static_cast<float>(expect[c]);
        mismatches += one_shot[row + c] != static_cast<float>(expect[c]);
      }
    }
  CHECK(mismatches == 0);
  std::vector<float> too_small(points * n - 1);
  CHECK_THROWS_AS(filler.fill(tr, std::span<float>(too_small)), InternalError);
}

TEST_CASE("decoding: the target code decodes to the mean of the 3 nearest centres",
          "[trajectory]") {
  // dos, sigma 0.12 m, 512 cells in 2.2 m: the code falls monotonically with distance well past
  // the third-nearest centre, so its 3 most active cells are the 3 nearest: the decoder's bias
  // is exactly the offset of their mean centre, never more than the third-nearest distance d3.
  const Population pop = sample_population(dos(512), Arena{2.2, false}, 13);
  std::mt19937_64 rng(14);
  std::uniform_real_distribution<double> inside(0.3, 1.9); // away from the walls
  const size_t points = 2000, n = 512;
  std::vector<double> truth(2 * points), code(points * n), scratch(2 * n), decoded(2 * points);
  for (size_t p = 0; p < points; ++p) {
    truth[2 * p] = inside(rng);
    truth[2 * p + 1] = inside(rng);
    target_code(pop, truth[2 * p], truth[2 * p + 1], std::span<double>(code).subspan(p * n, n),
                scratch);
  }
  decode_positions(pop, std::span<const double>(code), decoded);
  std::vector<float> code_f(code.begin(), code.end());
  std::vector<double> decoded_f(2 * points);
  decode_positions(pop, std::span<const float>(code_f), decoded_f);
  double worst_bias = 0.0, sum_sq = 0.0;
  int beyond_d3 = 0;
  for (size_t p = 0; p < points; ++p) {
    const Nearest near = nearest_three(pop, truth[2 * p], truth[2 * p + 1]);
    worst_bias = std::max({worst_bias, std::abs(decoded[2 * p] - near.mean_x),
                           std::abs(decoded[2 * p + 1] - near.mean_y),
                           std::abs(decoded_f[2 * p] - near.mean_x)});
    const double err_cm = decoding_error_cm(pop.arena, truth[2 * p], truth[2 * p + 1],
                                            decoded[2 * p], decoded[2 * p + 1]);
    beyond_d3 += err_cm > 100.0 * near.third_m + 1e-9;
    sum_sq += err_cm * err_cm;
  }
  CHECK(worst_bias < 1e-12);
  CHECK(beyond_d3 == 0);
  // For centres of density rho (Poisson), the mean of the 3 nearest has E|offset|^2 =
  // E[2 d3^2 / 9] = 2 / (3 pi rho): 4.5 cm RMS here; the sampled population agrees within 15%.
  const double rho = 512.0 / (2.2 * 2.2);
  const double rms_cm = 100.0 * std::sqrt(2.0 / (3.0 * pi * rho));
  CHECK(std::sqrt(sum_sq / points) == Approx(rms_cm).epsilon(0.15));
  CHECK(mean_decoding_error_cm(pop.arena, truth, decoded) < 6.0);
  CHECK(mean_decoding_error_cm(pop.arena, truth, truth) == 0.0);
}

TEST_CASE("decoding: periodic arenas average on the torus across the seam", "[trajectory]") {
  const Arena torus{2.2, true};
  CHECK(decoding_error_cm(torus, 0.01, 1.0, 2.19, 1.0) == Approx(2.0).margin(1e-9));
  CHECK(decoding_error_cm(Arena{2.2, false}, 0.01, 1.0, 2.19, 1.0) == Approx(218.0).margin(1e-9));

  // Three hand-placed cells straddling x = 0 win: their torus mean is x = 0 (not ~L/2).
  Population pop = sample_population(dos(16), torus, 1);
  pop.fields[0].x_m = 0.02;
  pop.fields[1].x_m = 2.2 - 0.03;
  pop.fields[2].x_m = 0.01;
  for (int c = 0; c < 3; ++c)
    pop.fields[static_cast<size_t>(c)].y_m = 1.1;
  std::vector<double> act(16, 0.0), xy(2);
  act[0] = act[1] = act[2] = 1.0;
  decode_positions(pop, std::span<const double>(act), xy);
  CHECK(decoding_error_cm(torus, xy[0], xy[1], 0.0, 1.1) < 0.01);
  CHECK(xy[0] >= 0.0);
  CHECK(xy[0] < 2.2);

  // A sampled periodic population: positions at the seams decode within sqrt(2) d3 (each axis
  // of the circular mean stays within the arc spanned by the 3 nearest), a few cm, not ~L.
  const Population sampled = sample_population(dos(512), torus, 21);
  const size_t n = 512;
  std::vector<double> code(n), scratch(2 * n), decoded(2);
  const double seam[][2] = {{0.004, 1.0}, {2.196, 1.0},   {1.3, 0.002},
                            {0.7, 2.199}, {0.001, 2.199}, {2.199, 0.003}};
  double worst = 0.0;
  for (const auto& s : seam) {
    target_code(sampled, s[0], s[1], code, scratch);
    decode_positions(sampled, std::span<const double>(code), decoded);
    const double err = decoding_error_cm(torus, s[0], s[1], decoded[0], decoded[1]);
    CHECK(err <= std::sqrt(2.0) * 100.0 * nearest_three(sampled, s[0], s[1]).third_m + 1e-9);
    worst = std::max(worst, err);
  }
  CHECK(worst < 15.0);

  Population cartesian;
  cartesian.encoding.family = Family::cartesian;
  cartesian.cells = 2;
  CHECK_THROWS_AS(decode_positions(cartesian, std::span<const double>(act).first(2), xy),
                  InternalError);
}
