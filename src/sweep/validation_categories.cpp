// `validate`'s classes and their names (src/sweep/validation.hpp, validation_detail.hpp).
#include "src/sweep/validation.hpp"
#include "src/sweep/validation_detail.hpp"
#include "theory/errors.hpp"

#include <algorithm>

namespace gridtheory::sweep {

namespace validation_detail {

namespace {

// The predicted patterns in the theory's order (theory/prediction.hpp); others sort after.
const std::vector<std::string>& pattern_order() {
  static const std::vector<std::string> order{"hexagonal", "square", "stripes",
                                              "amorphous", "none",   "not_applicable"};
  return order;
}

} // namespace

std::size_t headline_index(const ValidationOptions& o) {
  const auto it = std::find(o.thresholds.begin(), o.thresholds.end(), o.headline_threshold);
  if (it == o.thresholds.end())
    throw InternalError("validate: the headline threshold is not one of the thresholds");
  return static_cast<std::size_t>(it - o.thresholds.begin());
}

std::vector<Observed> observed_categories(Source s) {
  if (s == Source::trainer)
    return {Observed::hexagonal, Observed::no_grids, Observed::not_path_integrating};
  return {Observed::hexagonal, Observed::no_grids};
}

std::vector<ObservedPattern> observed_pattern_categories(Source s) {
  using P = ObservedPattern;
  if (s == Source::trainer)
    return {P::hexagonal, P::square, P::stripes, P::none, P::not_path_integrating, P::unscored};
  return {P::hexagonal, P::square, P::stripes, P::none, P::unscored};
}

const std::vector<std::string>& predicted_class_order() {
  static const std::vector<std::string> order{"hexagonal", "square",         "stripes",
                                              "none",      "not_applicable", "unknown"};
  return order;
}

bool is_pattern_class(const std::string& c) {
  return c == "hexagonal" || c == "square" || c == "stripes" || c == "none";
}

bool is_pattern_class(ObservedPattern o) {
  return o == ObservedPattern::hexagonal || o == ObservedPattern::square ||
         o == ObservedPattern::stripes || o == ObservedPattern::none;
}

std::vector<std::string> ordered_patterns(const std::vector<std::string>& seen) {
  std::vector<std::string> out;
  for (const auto& p : pattern_order())
    if (std::find(seen.begin(), seen.end(), p) != seen.end()) out.push_back(p);
  std::vector<std::string> rest;
  for (const auto& p : seen)
    if (std::find(pattern_order().begin(), pattern_order().end(), p) == pattern_order().end() &&
        std::find(rest.begin(), rest.end(), p) == rest.end())
      rest.push_back(p);
  std::sort(rest.begin(), rest.end());
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

} // namespace validation_detail

const std::vector<std::string>& config_option_names() {
  static const std::vector<std::string> names{
      "encoding", "sigma",    "surround-ratio",  "surround-variance-ratio",
      "alpha-e",  "alpha-i",  "fields-per-cell", "cells",
      "box",      "periodic", "activation"};
  return names;
}

std::string_view source_name(Source s) {
  return s == Source::trainer ? "trainer" : "solver";
}

std::string_view observed_name(Observed o) {
  switch (o) {
  case Observed::hexagonal:
    return "hexagonal";
  case Observed::no_grids:
    return "no_grids";
  case Observed::not_path_integrating:
    return "not_path_integrating";
  case Observed::unscored:
    return "unscored";
  }
  throw InternalError("observed_name: unknown value");
}

std::string_view observed_pattern_name(ObservedPattern o) {
  switch (o) {
  case ObservedPattern::hexagonal:
    return "hexagonal";
  case ObservedPattern::square:
    return "square";
  case ObservedPattern::stripes:
    return "stripes";
  case ObservedPattern::none:
    return "none";
  case ObservedPattern::not_path_integrating:
    return "not_path_integrating";
  case ObservedPattern::unscored:
    return "unscored";
  }
  throw InternalError("observed_pattern_name: unknown value");
}

std::string predicted_pattern_class(const std::string& predicted) {
  if (predicted == "amorphous") return "none";
  return predicted;
}

} // namespace gridtheory::sweep
