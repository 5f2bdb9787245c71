#include "theory/activation.hpp"

#include "theory/errors.hpp"

#include <string>

namespace gridtheory {

namespace {
struct Entry {
  Activation activation;
  std::string_view name;
  std::string_view range;
  bool odd_about_origin; // f(h) - f(0) is odd in h
};
constexpr Entry kEntries[] = {
    {Activation::relu, "relu", "[0, inf)", false},
    {Activation::tanh, "tanh", "(-1, 1)", true},
    {Activation::sigmoid, "sigmoid", "(0, 1)", true},
    {Activation::linear, "linear", "(-inf, inf)", true},
};

const Entry& entry(Activation a) {
  for (const auto& e : kEntries)
    if (e.activation == a) return e;
  throw InternalError("activation: unknown value");
}
} // namespace

const std::vector<std::string_view>& activation_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto& e : kEntries)
      v.push_back(e.name);
    return v;
  }();
  return names;
}

std::string_view activation_name(Activation a) {
  return entry(a).name;
}
std::string_view output_range(Activation a) {
  return entry(a).range;
}
bool has_cubic_term(Activation a) {
  return !entry(a).odd_about_origin;
}

Activation parse_activation(std::string_view option, std::string_view text) {
  for (const auto& e : kEntries)
    if (e.name == text) return e.activation;
  std::string allowed;
  for (const auto& e : kEntries)
    allowed += (allowed.empty() ? "" : ", ") + std::string(e.name);
  throw UserError(std::string(option), std::string(text), "is not a known activation", allowed);
}

} // namespace gridtheory
