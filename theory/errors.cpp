#include "theory/errors.hpp"

namespace gridtheory {

std::string param(std::string_view name) {
  return "{" + std::string(name) + "}";
}

std::string spell_parameters(std::string_view text, const ParameterSpelling& spell) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    std::size_t end = open + 1;
    const auto name_char = [&](std::size_t k) {
      const char c = text[k];
      return (c >= 'a' && c <= 'z') || (k > open + 1 && ((c >= '0' && c <= '9') || c == '_'));
    };
    while (end < text.size() && name_char(end))
      ++end;
    if (end < text.size() && text[end] == '}' && end > open + 1) {
      out.append(text.substr(i, open - i));
      out += spell(text.substr(open + 1, end - open - 1));
      i = end + 1;
    } else {
      out.append(text.substr(i, open + 1 - i));
      i = open + 1;
    }
  }
  out.append(text.substr(i));
  return out;
}

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
