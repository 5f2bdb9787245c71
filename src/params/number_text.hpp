// A number option's text parsed into its typed value, without its range: the application layer
// checks the range on the typed value (require_in_range, theory/distribution.hpp), the one check
// that the command line and Python share. The range given here only words the error of text
// that is not a number, so it reads as parse_number's would.
#pragma once

#include "theory/distribution.hpp"

#include <string_view>

namespace gridtheory {

// A finite real number spanning the whole text, any value (UserError naming `option` otherwise,
// allowed: `bound`).
double parse_real(std::string_view option, std::string_view text, const Range& bound);
// A whole number spanning the whole text that fits a long long (UserError naming `option`
// otherwise, allowed: min to max, `what`).
long long parse_whole(std::string_view option, std::string_view text, long long min, long long max,
                      const char* what);

} // namespace gridtheory
