#include "theory/errors.hpp"

namespace gridtheory {

namespace {
std::string compose(const std::string& option, const std::string& value, const std::string& message,
                    const std::string& allowed) {
  std::string line = option + ": '" + value + "' " + message;
  if (!allowed.empty()) line += " (allowed: " + allowed + ")";
  return line;
}
} // namespace

UserError::UserError(std::string option, std::string value, const std::string& message,
                     const std::string& allowed)
    : std::runtime_error(compose(option, value, message, allowed)), option_(std::move(option)),
      value_(std::move(value)), message_(message) {}

} // namespace gridtheory
