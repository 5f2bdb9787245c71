// The pattern-forming dynamics on a kernel the caller gives (gridtheory.pattern_dynamics): the
// second half of `pattern`, for kernels of one's own or initial maps of one's own.
#pragma once

#include "numerics/pattern_dynamics.hpp"
#include "src/app/array_input.hpp"
#include "src/app/pattern.hpp"
#include "theory/activation.hpp"

#include <optional>
#include <vector>

namespace gridtheory::app {

struct PatternDynamicsRequest {
  ArrayInput sigma_hat; // (res, res / 2 + 1), res >= 8, finite and >= 0 (pattern_kernel's)
  std::optional<ArrayInput> initial; // (maps, res, res), finite; unset: init_scale * N(0, 1)
  PatternNumbers numbers;            // res comes from sigma_hat: numbers.res must be unset
  Activation activation = Activation::relu;
  bool multi = false;
  bool normalise = true;            // single maps: the input of f at RMS 1 every step
  std::optional<double> init_scale; // > 0 (default 1e-8)
  std::optional<long long> seed;    // of the initial maps (default 0)
};

struct PatternDynamicsResult {
  PatternOptions options;   // resolved (progress unset)
  std::vector<double> maps; // maps x res x res, [(m * res + y) * res + x]
};

// Checks (UserError naming seed, sigma_hat, initial, the numbers, init_scale; maps that differ
// from the initial maps' count) and runs the dynamics. UserError naming lr when the maps
// overflow.
PatternDynamicsResult pattern_dynamics(const PatternDynamicsRequest& request);

} // namespace gridtheory::app
