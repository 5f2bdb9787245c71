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

UserError::UserError(Line line, std::string option, const std::string& message)
    : std::runtime_error(line.text), option_(std::move(option)), message_(message) {}

UserError UserError::without_value(std::string option, const std::string& message,
                                   const std::string& allowed) {
  std::string line = option + " " + message;
  if (!allowed.empty()) line += " (allowed: " + allowed + ")";
  return UserError(Line{std::move(line)}, std::move(option), message);
}

} // namespace gridtheory
