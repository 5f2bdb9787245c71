#include "src/app/pattern_dynamics.hpp"

#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <limits>
#include <span>
#include <string>

namespace gridtheory::app {

PatternDynamicsResult pattern_dynamics(const PatternDynamicsRequest& q) {
  if (q.numbers.res) throw InternalError("pattern_dynamics: res comes from sigma_hat");
  if (q.seed)
    require_count_in_range(param("seed"), *q.seed, 0, std::numeric_limits<long long>::max(),
                           "a seed");
  const unsigned long long seed = q.seed ? static_cast<unsigned long long>(*q.seed) : 0;

  const LoadedArray sigma_hat = load(q.sigma_hat, param("sigma_hat"));
  const auto& shape = sigma_hat.shape;
  const std::string allowed =
      "shape (res, res // 2 + 1) with res >= 8: the half spectrum pattern_kernel returns, "
      "finite and >= 0";
  if (shape.size() != 2 || shape[0] < 8 || shape[1] != shape[0] / 2 + 1)
    throw UserError(param("sigma_hat"), sigma_hat.value, "has shape " + npy_shape_text(shape),
                    allowed);
  for (std::size_t i = 0; i < sigma_hat.size(); ++i)
    if (!std::isfinite(sigma_hat.data[i]) || sigma_hat.data[i] < 0.0)
      throw UserError(param("sigma_hat"), sigma_hat.value,
                      "holds a negative or non-finite value at flat index " + std::to_string(i),
                      allowed);
  const int res = static_cast<int>(shape[0]);

  PatternNumbers numbers = q.numbers;
  std::optional<LoadedArray> initial;
  if (q.initial) {
    initial = load(*q.initial, param("initial"));
    const auto& ishape = initial->shape;
    const auto r = static_cast<std::size_t>(res);
    if (ishape.size() != 3 || ishape[0] < 1 || ishape[1] != r || ishape[2] != r)
      throw UserError(param("initial"), initial->value, "has shape " + npy_shape_text(ishape),
                      "shape (maps, " + std::to_string(res) + ", " + std::to_string(res) +
                          "), the grid of sigma_hat");
    for (std::size_t i = 0; i < initial->size(); ++i)
      if (!std::isfinite(initial->data[i]))
        throw UserError(param("initial"), initial->value,
                        "holds a non-finite value at flat index " + std::to_string(i),
                        "finite initial maps");
    if (!numbers.maps) numbers.maps = static_cast<long long>(ishape[0]);
  }
  PatternOptions po = pattern_options(q.multi, q.activation, seed, numbers);
  po.res = res;
  po.normalise = q.normalise;
  if (q.init_scale) {
    require_in_range(param("init_scale"), *q.init_scale, {0.0, true, "an initial amplitude"});
    po.init_scale = *q.init_scale;
  }
  if (initial && static_cast<std::size_t>(po.maps) != initial->shape[0])
    throw UserError(param("maps"), std::to_string(po.maps),
                    "differs from the number of initial maps (" +
                        std::to_string(initial->shape[0]) + ")",
                    "maps=None or the first dimension of initial");
  validate_pattern_options(po);

  const std::span<const double> kernel(sigma_hat.data, sigma_hat.size());
  gridtheory::PatternResult dynamics =
      initial ? run_pattern_dynamics(kernel, po,
                                     std::span<const double>(initial->data, initial->size()))
              : run_pattern_dynamics(kernel, po);
  require_finite_maps(dynamics, po);
  return {po, std::move(dynamics.maps_data)};
}

} // namespace gridtheory::app
