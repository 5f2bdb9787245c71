// Typed values from their own text forms (theory/distribution.hpp), for tests that list their
// cases as text ("uniform:0.08,0.16", "poisson:1"). No range is applied here: make_encoding
// checks the ranges of what it is given.
#pragma once

#include "theory/distribution.hpp"

#include <limits>
#include <optional>
#include <string>

namespace gridtheory::test {

inline const Range kAnyValue{std::numeric_limits<double>::lowest(), false, "a value"};

inline std::optional<Distribution> distribution_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return parse_distribution("test", *text, kAnyValue);
}

inline std::optional<double> number_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return parse_number("test", *text, kAnyValue);
}

inline std::optional<FieldCount> field_count_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return parse_field_count("test", *text);
}

} // namespace gridtheory::test
