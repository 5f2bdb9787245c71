// How each edge spells a library parameter (theory/errors.hpp: the library writes {name}).
#pragma once

#include <string>
#include <string_view>

namespace gridtheory {

// The command line's: sigma -> --sigma, surround_ratio -> --surround-ratio.
std::string flag_spelling(std::string_view name);
// Python's: the keyword itself (surround_ratio).
std::string keyword_spelling(std::string_view name);

} // namespace gridtheory
