// The fully resolved encoding as JSON (for every output) and as one line of text.
#pragma once

#include "theory/encoding.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace gridtheory {

// A fixed value as a number; a distribution as {"distribution": "uniform", "lo", "hi"}.
nlohmann::json to_json(const Distribution& d);
nlohmann::json to_json(const Encoding& enc);
// sigma_I in metres: a number, or {"lo", "hi"} when a width or ratio is distributed;
// null without a surround.
nlohmann::json sigma_i_json(const Encoding& enc);
std::string describe(const Encoding& enc);

} // namespace gridtheory
