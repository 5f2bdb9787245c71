// The box-lattice analysis as JSON and as CSV cells.
#pragma once

#include "numerics/box_lattice.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace gridtheory {

// `ring_power` normalises the triad's weakest power (triad_min_power_ratio).
nlohmann::json to_json(const BoxLattice& lattice, double ring_power);
// "n:m", the lattice mode's integer coordinates.
std::string mode_label(const LatticeMode& mode);

} // namespace gridtheory
