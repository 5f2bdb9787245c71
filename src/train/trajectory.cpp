#include "src/train/trajectory.hpp"

#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace gridtheory {

namespace {

constexpr double two_pi = 2.0 * std::numbers::pi;

void require(bool ok, const char* option, double value, const char* message, const char* allowed) {
  if (!ok) throw UserError(option, std::to_string(value), message, allowed);
}

} // namespace

void validate(const TrajectoryOptions& opt) {
  require(std::isfinite(opt.side_m) && opt.side_m > 0.0, "--box", opt.side_m,
          "is not a usable arena side", "a side in metres > 0");
  require(opt.steps > 0, "--steps", opt.steps, "is not a usable step count", "an integer >= 1");
  require(opt.batch > 0, "--batch", opt.batch, "is not a usable batch size", "an integer >= 1");
  require(std::isfinite(opt.dt_s) && opt.dt_s > 0.0, "--dt", opt.dt_s, "is not a usable time step",
          "seconds > 0");
  require(std::isfinite(opt.speed_scale_m_per_s) && opt.speed_scale_m_per_s >= 0.0, "--speed-scale",
          opt.speed_scale_m_per_s, "is not a usable Rayleigh scale", "m/s >= 0");
  require(std::isfinite(opt.turn_sd_rad_per_s) && opt.turn_sd_rad_per_s >= 0.0, "--turn-sd",
          opt.turn_sd_rad_per_s, "is not a usable rotational-velocity sd", "rad/s >= 0");
  require(std::isfinite(opt.border_m) && opt.border_m >= 0.0, "--border", opt.border_m,
          "is not a usable wall border", "metres >= 0");
  require(opt.wall_slowdown >= 0.0 && opt.wall_slowdown <= 1.0, "--wall-slowdown",
          opt.wall_slowdown, "is not a usable speed factor", "a number in [0, 1]");
}

void TrajectoryBatch::resize(int steps_, int batch_) {
  if (steps_ < 1 || batch_ < 1) throw InternalError("TrajectoryBatch::resize: empty batch");
  steps = steps_;
  batch = batch_;
  const auto t = static_cast<std::size_t>(steps_), b = static_cast<std::size_t>(batch_);
  positions.assign((t + 1) * b * 2, 0.0);
  velocities.assign(t * b * 2, 0.0);
  headings.assign((t + 1) * b, 0.0);
}

double wrap_angle(double a) {
  double w = std::fmod(a + std::numbers::pi, two_pi);
  if (w < 0.0) w += two_pi;
  w -= std::numbers::pi;
  // fmod rounding can land exactly on +pi: keep the half-open interval [-pi, pi).
  return w >= std::numbers::pi ? -std::numbers::pi : w;
}

WallTurn wall_rule(double x, double y, double heading, double side, double border) {
  // Distances to the walls x = L, y = L, x = 0, y = 0 and the directions that walk into them.
  const double dists[4] = {side - x, side - y, x, y};
  int nearest = 0;
  for (int w = 1; w < 4; ++w)
    if (dists[w] < dists[nearest]) nearest = w;
  const double theta = 0.5 * std::numbers::pi * nearest;
  const double a = wrap_angle(heading - theta);
  WallTurn out;
  if (dists[nearest] < border && std::abs(a) < 0.5 * std::numbers::pi) {
    out.near_wall = true;
    out.turn_rad = (a >= 0.0 ? 1.0 : -1.0) * (0.5 * std::numbers::pi - std::abs(a));
  }
  return out;
}

TrajectoryGenerator::TrajectoryGenerator(const TrajectoryOptions& opt) : opt_(opt), rng_(opt.seed) {
  validate(opt_);
  own_.resize(opt_.steps, opt_.batch);
  speed_.assign(static_cast<std::size_t>(opt_.batch), 0.0);
  turn_.assign(static_cast<std::size_t>(opt_.batch), 0.0);
}

double TrajectoryGenerator::uniform() {
  return static_cast<double>(rng_() >> 11) * 0x1.0p-53; // [0, 1), 53 random bits
}

void TrajectoryGenerator::reseed(std::uint64_t seed) {
  opt_.seed = seed;
  rng_.seed(seed);
}

const TrajectoryBatch& TrajectoryGenerator::next() {
  next(own_);
  return own_;
}

void TrajectoryGenerator::next(TrajectoryBatch& out) {
  if (out.steps != opt_.steps || out.batch != opt_.batch ||
      out.positions.size() != static_cast<std::size_t>(opt_.steps + 1) * opt_.batch * 2 ||
      out.velocities.size() != static_cast<std::size_t>(opt_.steps) * opt_.batch * 2 ||
      out.headings.size() != static_cast<std::size_t>(opt_.steps + 1) * opt_.batch)
    throw InternalError("TrajectoryGenerator::next: batch not sized for these options");

  const auto nb = static_cast<std::size_t>(opt_.batch);
  const double side = opt_.side_m, dt = opt_.dt_s;
  double* pos = out.positions.data();
  double* vel = out.velocities.data();
  double* hd = out.headings.data();

  // Start: uniform in the box, heading uniform in [0, 2 pi), stored wrapped to [-pi, pi).
  for (std::size_t b = 0; b < nb; ++b) {
    pos[2 * b] = side * uniform();
    pos[2 * b + 1] = side * uniform();
    hd[b] = wrap_angle(two_pi * uniform());
  }

  for (int t = 0; t < opt_.steps; ++t) {
    // All of step t's draws first, agent by agent (the documented stream order).
    for (std::size_t b = 0; b < nb; ++b) {
      speed_[b] = opt_.speed_scale_m_per_s * std::sqrt(-2.0 * std::log1p(-uniform()));
      const double radius = std::sqrt(-2.0 * std::log1p(-uniform()));
      turn_[b] = opt_.turn_sd_rad_per_s * radius * std::cos(two_pi * uniform());
    }
    const std::size_t now = static_cast<std::size_t>(t) * nb, then = now + nb;
    for (std::size_t b = 0; b < nb; ++b) {
      const double x = pos[2 * (now + b)], y = pos[2 * (now + b) + 1], h = hd[now + b];
      double v = speed_[b];
      double turn = 0.0;
      if (!opt_.periodic) {
        const WallTurn wt = wall_rule(x, y, h, side, opt_.border_m);
        if (wt.near_wall) {
          v *= opt_.wall_slowdown;
          turn = wt.turn_rad;
        }
      }
      turn += dt * turn_[b];
      const double dx = v * dt * std::cos(h), dy = v * dt * std::sin(h);
      double nx = x + dx, ny = y + dy;
      if (opt_.periodic) {
        vel[2 * (now + b)] = dx / dt;
        vel[2 * (now + b) + 1] = dy / dt;
        nx -= side * std::floor(nx / side);
        ny -= side * std::floor(ny / side);
        // floor rounding can give exactly L for a tiny negative coordinate.
        if (nx >= side) nx = 0.0;
        if (ny >= side) ny = 0.0;
      } else {
        nx = std::clamp(nx, 0.0, side);
        ny = std::clamp(ny, 0.0, side);
        vel[2 * (now + b)] = (nx - x) / dt;
        vel[2 * (now + b) + 1] = (ny - y) / dt;
      }
      pos[2 * (then + b)] = nx;
      pos[2 * (then + b) + 1] = ny;
      hd[then + b] = wrap_angle(h + turn);
    }
  }
}

} // namespace gridtheory
