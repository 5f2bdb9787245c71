// The text line `gridtheory ratemaps` prints after writing its file.
#pragma once

#include "numerics/ratemap.hpp"

#include <cstddef>
#include <string>

namespace gridtheory {

// "wrote PATH: U units x N x N bins (box L m, bin B m), T samples, K of N^2 bins with a rate
// (min occupancy S), smoothing none|sigma X m\n".
std::string ratemaps_text(const std::string& path, const RatemapOptions& options,
                          std::size_t samples, std::size_t units, std::size_t bins_with_rate);

} // namespace gridtheory
