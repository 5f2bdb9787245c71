// A sampled population of target cells and the target code it gives at any position: the one
// definition of every encoding's population rule, shared by the sampled spectra (numerics/),
// the pattern solver and the trainer (docs/CONVENTIONS.md, "The reference setup": NFL's target
// construction).
#pragma once

#include "theory/encoding.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace gridtheory {

// One place field. A cell has one or more fields; the nearest one wins at each position.
struct PlaceField {
  double x_m = 0.0;
  double y_m = 0.0;
  double sigma_m = 0.0;        // centre width sigma_E
  double surround_ratio = 1.0; // sigma_I / sigma_E (1 without a surround)
  int cell = 0;
};

// The arena: a square [0, L] x [0, L], solid walls or periodic (distances wrap around).
struct Arena {
  double side_m = 2.2;
  bool periodic = false;
};

struct Population {
  Encoding encoding;
  Arena arena;
  int cells = 0;                  // outputs of the target code (2 for cartesian and polar)
  std::vector<PlaceField> fields; // grouped by cell: cell c's fields are contiguous
  std::vector<int> first_field;   // cell c's fields are [first_field[c], first_field[c + 1])
};

// Draws centres uniformly in the arena, then per field sigma and the surround ratio from the
// encoding's distributions and per cell 1 + Poisson(mean) fields where asked; std::mt19937_64
// seeded with `seed`, drawn in a fixed order (cell by cell), so a seed gives one population.
Population sample_population(const Encoding& enc, const Arena& arena, std::uint64_t seed);

// The target code at (x, y) (metres, origin at the arena's corner): `out` has pop.cells
// values. Rules (one field per cell shown; a cell uses its nearest field, d its distance):
//   gaussian     softmax_c(-d^2 / 2 sigma^2)
//   dos          D = softmax_c(-d^2 / 2 sigma^2) - softmax_c(-d^2 / 2 sigma_I^2), normalised
//   sod          softmax_c(-d^2 / 2 sigma^2 + d^2 / 2 sigma_I^2)
//   dog          D = N(d; sigma) - N(d; sigma_I), N the unit-mass 2-D Gaussian, normalised
//   true-dog     D = exp(-d^2 / 2 sigma^2) - exp(-d^2 / 2 sigma_I^2), normalised
//   general-dog  D = alpha_E exp(-d^2 / 2 sigma^2) - alpha_I exp(-d^2 / 2 sigma_I^2), normalised
// where "normalised" is NFL's rule for its difference codes: (D_c + |min_c' D_c'|) divided by
// its sum over cells, so every place-cell code is a distribution over cells (>= 0, sum 1).
//   cartesian    (x - L/2, y - L/2) in metres
//   polar        (distance from the centre in metres, angle from +x in radians, (-pi, pi])
// `scratch` must hold at least 2 * pop.cells values (no allocation per call). `normaliser`, when
// given, receives the sum NFL's rule divided the difference code by at this position (0 when all
// values were 0; 1 for gaussian and sod, which are softmaxes already, and for cartesian, polar).
void target_code(const Population& pop, double x_m, double y_m, std::span<double> out,
                 std::span<double> scratch, double* normaliser = nullptr);

// The factor between one cell's code before NFL's shift and division (the "D" above; the
// softmax itself for gaussian and sod) and the closed-form tuning curve of theory/spectrum.hpp,
// in the bulk of a population of one field per cell and one width: 1 / rho for the softmax
// codes gaussian, sod and dos (a softmax over rho = cells / L^2 cells per square metre is the
// unit-mass curve divided by rho), 1 for dog (unit-mass Gaussians), 2 pi sigma_mean^2 for
// true-dog and general-dog (peak amplitude 1; the closed form divides by 2 pi sigma_ref^2).
// The sampled spectrum uses it to report power on the closed form's scale.
double raw_code_per_tuning_curve(const Population& pop);

// Squared distance between two points of the arena (minimum image when periodic).
double squared_distance(const Arena& arena, double x0, double y0, double x1, double y1);

} // namespace gridtheory
