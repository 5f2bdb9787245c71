#include "theory/place_cells.hpp"

#include "theory/eigen.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace gridtheory {

namespace {

double draw(const Distribution& d, std::mt19937_64& rng) {
  if (d.is_fixed()) return d.lo;
  return std::uniform_real_distribution<double>(d.lo, d.hi)(rng);
}

// exp of every value in place with Eigen's vectorised exp (within an ulp or two of std::exp;
// the trainer evaluates ~4 million per batch). Fixed blocks of 4, the tail padded, so every value
// takes the same path whatever the buffer's alignment: the result depends only on the value.
void exp_in_place(std::span<double> v) {
  const size_t n = v.size();
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    Eigen::Map<Eigen::Array4d> block(v.data() + i);
    block = block.exp();
  }
  if (i < n) {
    Eigen::Array4d tail = Eigen::Array4d::Zero();
    for (size_t k = i; k < n; ++k)
      tail[static_cast<Eigen::Index>(k - i)] = v[k];
    tail = tail.exp();
    for (size_t k = i; k < n; ++k)
      v[k] = tail[static_cast<Eigen::Index>(k - i)];
  }
}

// In-place softmax of v (max-subtracted for stability).
void softmax(std::span<double> v) {
  const double top = *std::max_element(v.begin(), v.end());
  for (double& x : v)
    x -= top;
  exp_in_place(v);
  double sum = 0.0;
  for (double x : v)
    sum += x;
  for (double& x : v)
    x /= sum;
}

// NFL's last step for every difference code: at each position add |min over cells| and divide by
// the sum over cells, so the code is a distribution (>= 0, sum 1) that softmax cross-entropy can
// fit. Adding |min| is subtracting the minimum whenever that is negative (always for dos, dog and
// true-dog); a general-dog code that is positive everywhere gets its minimum added, as in NFL's
// code. All values equal to zero (one cell, a degenerate position): the uniform code.
// Returns the sum it divided by.
double shift_and_normalise(std::span<double> v) {
  const double low = *std::min_element(v.begin(), v.end());
  double sum = 0.0;
  for (double& x : v)
    sum += (x += std::abs(low));
  const double n = static_cast<double>(v.size());
  for (double& x : v)
    x = sum > 0.0 ? x / sum : 1.0 / n;
  return sum;
}

} // namespace

double squared_distance(const Arena& arena, double x0, double y0, double x1, double y1) {
  double dx = std::abs(x1 - x0), dy = std::abs(y1 - y0);
  if (arena.periodic) {
    dx = std::min(dx, arena.side_m - dx);
    dy = std::min(dy, arena.side_m - dy);
  }
  return dx * dx + dy * dy;
}

Population sample_population(const Encoding& enc, const Arena& arena, std::uint64_t seed) {
  if (!(arena.side_m > 0.0)) throw InternalError("sample_population: arena side must be > 0");
  Population pop;
  pop.encoding = enc;
  pop.arena = arena;
  if (!uses_width(enc.family)) {
    pop.cells = 2;
    return pop;
  }
  pop.cells = enc.cells;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> position(0.0, arena.side_m);
  std::poisson_distribution<int> extra(
      enc.fields_per_cell.kind == FieldCount::Kind::one_plus_poisson ? enc.fields_per_cell.mean
                                                                     : 1.0);
  pop.first_field.reserve(static_cast<size_t>(pop.cells) + 1);
  for (int c = 0; c < pop.cells; ++c) {
    pop.first_field.push_back(static_cast<int>(pop.fields.size()));
    int count = enc.fields_per_cell.count;
    if (enc.fields_per_cell.kind == FieldCount::Kind::one_plus_poisson)
      count = 1 + (enc.fields_per_cell.mean > 0.0 ? extra(rng) : 0);
    for (int f = 0; f < count; ++f) {
      PlaceField field;
      field.cell = c;
      field.x_m = position(rng);
      field.y_m = position(rng);
      field.sigma_m = draw(enc.sigma_m, rng);
      if (enc.surround)
        field.surround_ratio = enc.surround->ratio_for(draw(enc.surround->value, rng));
      pop.fields.push_back(field);
    }
  }
  pop.first_field.push_back(static_cast<int>(pop.fields.size()));
  return pop;
}

void target_code(const Population& pop, double x, double y, std::span<double> out,
                 std::span<double> scratch, double* normaliser) {
  const auto n = static_cast<size_t>(pop.cells);
  if (normaliser) *normaliser = 1.0;
  if (out.size() < n || scratch.size() < 2 * n)
    throw InternalError("target_code: output or scratch too small");
  const Encoding& enc = pop.encoding;
  const double half = 0.5 * pop.arena.side_m;
  if (enc.family == Family::cartesian) {
    out[0] = x - half;
    out[1] = y - half;
    return;
  }
  if (enc.family == Family::polar) {
    out[0] = std::hypot(x - half, y - half);
    out[1] = std::atan2(y - half, x - half);
    return;
  }

  // Per cell: squared distance to its nearest field, and that field's widths.
  std::span<double> centre = scratch.subspan(0, n);
  std::span<double> surround = scratch.subspan(n, n);
  for (size_t c = 0; c < n; ++c) {
    const int begin = pop.first_field[c], end = pop.first_field[c + 1];
    const PlaceField* best = nullptr;
    double best_d2 = 0.0;
    for (int f = begin; f < end; ++f) {
      const PlaceField& pf = pop.fields[static_cast<size_t>(f)];
      const double d2 = squared_distance(pop.arena, x, y, pf.x_m, pf.y_m);
      if (!best || d2 < best_d2) {
        best = &pf;
        best_d2 = d2;
      }
    }
    const double s2e = best->sigma_m * best->sigma_m;
    const double s2i = s2e * best->surround_ratio * best->surround_ratio;
    centre[c] = -best_d2 / (2.0 * s2e);
    surround[c] = -best_d2 / (2.0 * s2i);
    switch (enc.family) {
    case Family::dog:
      out[c] = std::exp(centre[c]) / (2.0 * std::numbers::pi * s2e) -
               std::exp(surround[c]) / (2.0 * std::numbers::pi * s2i);
      break;
    case Family::true_dog:
      out[c] = std::exp(centre[c]) - std::exp(surround[c]);
      break;
    case Family::general_dog:
      out[c] = enc.alpha_e * std::exp(centre[c]) - enc.alpha_i * std::exp(surround[c]);
      break;
    default:
      break;
    }
  }

  switch (enc.family) {
  case Family::gaussian:
    softmax(centre);
    std::copy(centre.begin(), centre.end(), out.begin());
    break;
  case Family::sod:
    for (size_t c = 0; c < n; ++c)
      centre[c] -= surround[c];
    softmax(centre);
    std::copy(centre.begin(), centre.end(), out.begin());
    break;
  case Family::dos:
    softmax(centre);
    softmax(surround);
    for (size_t c = 0; c < n; ++c)
      out[c] = centre[c] - surround[c];
    {
      const double sum = shift_and_normalise(out.first(n));
      if (normaliser) *normaliser = sum;
    }
    break;
  case Family::dog:
  case Family::true_dog:
  case Family::general_dog: {
    const double sum = shift_and_normalise(out.first(n));
    if (normaliser) *normaliser = sum;
    break;
  }
  default:
    break;
  }
}

double raw_code_per_tuning_curve(const Population& pop) {
  const Encoding& enc = pop.encoding;
  const double side = pop.arena.side_m;
  switch (enc.family) {
  case Family::gaussian:
  case Family::sod:
  case Family::dos:
    return side * side / static_cast<double>(pop.cells); // 1 / rho
  case Family::dog:
    return 1.0;
  case Family::true_dog:
  case Family::general_dog:
    return 2.0 * std::numbers::pi * enc.sigma_m.mean() * enc.sigma_m.mean();
  default:
    throw InternalError("raw_code_per_tuning_curve: not a place code");
  }
}

} // namespace gridtheory
