#include "src/params/number_text.hpp"

#include "theory/errors.hpp"

#include <limits>

namespace gridtheory {

double parse_real(std::string_view option, std::string_view text, const Range& bound) {
  constexpr Range any{std::numeric_limits<double>::lowest(), false, "a number"};
  try {
    return parse_number(option, text, any);
  } catch (const UserError&) {
    // Not a finite number: the same error, with the allowed values of the parameter.
    return parse_number(option, text, bound);
  }
}

long long parse_whole(std::string_view option, std::string_view text, long long min, long long max,
                      const char* what) {
  try {
    return parse_count(option, text, std::numeric_limits<long long>::min(),
                       std::numeric_limits<long long>::max(), what);
  } catch (const UserError&) {
    // Not a whole number, or beyond a long long: the same error, with the allowed values.
    return parse_count(option, text, min, max, what);
  }
}

} // namespace gridtheory
