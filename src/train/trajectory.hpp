// Random-walk trajectories for path-integration training (docs/CONVENTIONS.md, "The reference
// setup"): the Sorscher / NFL generator (ganguli-lab/grid-pattern-formation,
// trajectory_generator.py), batch-vectorised, seeded and reproducible. Coordinates are metres with
// the origin at the arena's corner, like theory/place_cells (Sorscher centres the box at the
// origin; we do not).
#pragma once

#include "theory/defaults.hpp"

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace gridtheory {

struct TrajectoryOptions {
  double side_m = defaults::box_m;        // arena side L; the arena is [0, L]^2
  bool periodic = false;                  // wrap positions modulo L (no wall rule) or solid walls
  int steps = defaults::trajectory_steps; // T velocity inputs, T + 1 positions
  int batch = defaults::trajectory_batch; // B trajectories per batch
  double dt_s = defaults::trajectory_dt_s;
  double speed_scale_m_per_s = defaults::trajectory_speed_scale_m_per_s; // Rayleigh scale
  double turn_sd_rad_per_s = defaults::trajectory_turn_sd_rad_per_s;     // rotational velocity sd
  double border_m = defaults::trajectory_border_m; // wall rule applies within this distance
  double wall_slowdown = defaults::trajectory_wall_slowdown; // speed factor in the wall rule
  std::uint64_t seed = defaults::seed;
};

// Throws UserError (naming the option) for a non-positive side, dt, steps or batch, a negative
// speed scale, turn sd or border, or a slowdown outside [0, 1].
void validate(const TrajectoryOptions& opt);

// One batch, struct-of-arrays, row-major, time outermost:
//   positions  (T + 1) x B x 2  metres, [t][b][0] = x, [t][b][1] = y; t = 0 is the start
//   velocities T x B x 2        (positions[t + 1] - positions[t]) / dt in m/s (unwrapped when
//                               periodic): the RNN's input at step t
//   headings   (T + 1) x B      radians in [-pi, pi); headings[t] is the direction of step t
//                               (the last one is the heading the walk would continue with)
struct TrajectoryBatch {
  int steps = 0;
  int batch = 0;
  std::vector<double> positions;
  std::vector<double> velocities;
  std::vector<double> headings;

  // Sizes the buffers for T steps and B trajectories (the only allocation).
  void resize(int steps_, int batch_);
  double x(int t, int b) const { return positions[2 * (idx(t) * nb() + ub(b))]; }
  double y(int t, int b) const { return positions[2 * (idx(t) * nb() + ub(b)) + 1]; }
  double vx(int t, int b) const { return velocities[2 * (idx(t) * nb() + ub(b))]; }
  double vy(int t, int b) const { return velocities[2 * (idx(t) * nb() + ub(b)) + 1]; }
  double heading(int t, int b) const { return headings[idx(t) * nb() + ub(b)]; }

private:
  static std::size_t idx(int t) { return static_cast<std::size_t>(t); }
  static std::size_t ub(int b) { return static_cast<std::size_t>(b); }
  std::size_t nb() const { return static_cast<std::size_t>(batch); }
};

// The solid-wall rule for one agent (Sorscher's avoid_wall). The nearest wall is found among
// (in this order, first wins a tie) x = L, y = L, x = 0, y = 0, whose outward normals (the
// direction that walks into the wall) point at theta = 0, pi/2, pi, 3 pi / 2. With
// a = heading - theta wrapped to [-pi, pi), the rule fires when the distance to that wall is
// < border and |a| < pi/2 (heading into it); it then turns by sign(a) (pi/2 - |a|), which leaves
// the heading parallel to the wall, and the step's speed is multiplied by the slowdown. sign(0)
// is taken as +1 (numpy's sign(0) = 0 would not turn an agent heading straight at the wall; the
// event has probability zero in a random walk but not in a hand-made test).
struct WallTurn {
  bool near_wall = false; // the rule fired: slow this step
  double turn_rad = 0.0;  // 0 when it did not fire
};
WallTurn wall_rule(double x_m, double y_m, double heading_rad, double side_m, double border_m);

// Wraps an angle to [-pi, pi).
double wrap_angle(double a);

// Produces successive batches from one seeded std::mt19937_64 stream: the same options and
// seed give the same sequence of batches. All buffers are allocated by the constructor (or by
// TrajectoryBatch::resize); next() does not allocate.
//
// Random draws, in this fixed order. Each uniform u in [0, 1) is one engine output's top 53
// bits times 2^-53 (not std::uniform_real_distribution, whose algorithm is implementation-
// defined), so a seed gives the same batch with every standard library:
//   start:       for b in 0..B-1: x = L u, y = L u, heading = 2 pi u       (3 draws per agent)
//   step t:      for b in 0..B-1: speed = scale sqrt(-2 ln(1 - u))          (Rayleigh)
//                                 turn = sd sqrt(-2 ln(1 - u)) cos(2 pi u)  (Box-Muller, 2 draws)
// Every draw is made whether or not the wall rule fires, so the stream never depends on walls.
//
// Order of operations in step t (as Sorscher's generate_trajectory):
//   1. speed v from the Rayleigh draw;
//   2. solid walls: the wall rule at (positions[t], headings[t]); if it fires, v *= slowdown
//      and turn = its turn angle, else turn = 0;
//   3. turn += dt * N(0, sd) (the rotational-velocity draw);
//   4. step along the *current* heading headings[t] (not the turned one):
//        p = positions[t] + v dt (cos headings[t], sin headings[t]);
//   5. headings[t + 1] = wrap(headings[t] + turn).
// Where we differ from Sorscher (each a documented choice):
//   - containment: Sorscher's walk can leave the box (a Rayleigh step from outside the 3 cm
//     border crosses the wall with probability ~16% when heading straight at it, and the step
//     is taken along the pre-turn heading), so his positions overshoot by up to a few cm. We
//     clamp each coordinate of p to [0, L] (the agent stops at the wall along that axis): every
//     position stays in the arena and the target code is always evaluated inside it;
//   - velocities are the actual displacement over dt in m/s (Sorscher feeds v dt, metres per
//     step, along headings[t]); away from a clamp the two differ only by the factor dt;
//   - positions[0] is the start (Sorscher discards his first position and starts from his
//     second) and periodic positions are wrapped every step (Sorscher wraps at the end;
//     the same numbers up to rounding);
//   - sign(0) = +1 in the wall rule (see wall_rule).
class TrajectoryGenerator {
public:
  explicit TrajectoryGenerator(const TrajectoryOptions& opt);

  // The next batch into the generator's own buffer (valid until the next call).
  const TrajectoryBatch& next();
  // The next batch into `out`, which must have been resized to (steps, batch).
  void next(TrajectoryBatch& out);

  // Restarts the random stream from `seed` (the trainer draws each step's batch from its own
  // seed, so a resumed run needs no generator state).
  void reseed(std::uint64_t seed);

  const TrajectoryOptions& options() const { return opt_; }

private:
  double uniform();
  TrajectoryOptions opt_;
  std::mt19937_64 rng_;
  TrajectoryBatch own_;
  std::vector<double> speed_; // per-agent scratch for one step (B values)
  std::vector<double> turn_;  // per-agent scratch for one step (B values)
};

} // namespace gridtheory
