#include "theory/encoding.hpp"

#include "theory/defaults.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>

namespace gridtheory {

namespace {

struct FamilyEntry {
  Family family;
  std::string_view name;
};
constexpr FamilyEntry kFamilies[] = {
    {Family::cartesian, "cartesian"},
    {Family::polar, "polar"},
    {Family::gaussian, "gaussian"},
    {Family::dos, "dos"},
    {Family::dog, "dog"},
    {Family::true_dog, "true-dog"},
    {Family::general_dog, "general-dog"},
    {Family::sod, "sod"},
};

} // namespace

double Surround::ratio_for(double v) const {
  return convention == SurroundConvention::ratio ? v : std::sqrt(v);
}

double Encoding::mean_surround_ratio() const {
  return surround ? surround->ratio_for(surround->value.mean()) : 1.0;
}

const std::vector<std::string_view>& family_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto& e : kFamilies)
      v.push_back(e.name);
    return v;
  }();
  return names;
}

std::string_view family_name(Family f) {
  for (const auto& e : kFamilies)
    if (e.family == f) return e.name;
  throw InternalError("family_name: unknown family");
}

bool uses_width(Family f) {
  return f != Family::cartesian && f != Family::polar;
}

bool uses_surround(Family f) {
  return f == Family::dos || f == Family::dog || f == Family::true_dog ||
         f == Family::general_dog || f == Family::sod;
}

std::string joined_family_names() {
  std::string s;
  for (const auto& e : kFamilies)
    s += (s.empty() ? "" : ", ") + std::string(e.name);
  return s;
}

std::optional<Family> family_from_name(std::string_view name) {
  for (const auto& e : kFamilies)
    if (e.name == name) return e.family;
  return std::nullopt;
}

std::string_view parameter_name(EncodingParameter p) {
  switch (p) {
  case EncodingParameter::sigma:
    return "sigma";
  case EncodingParameter::fields_per_cell:
    return "fields_per_cell";
  case EncodingParameter::cells:
    return "cells";
  case EncodingParameter::surround_ratio:
    return "surround_ratio";
  case EncodingParameter::surround_variance_ratio:
    return "surround_variance_ratio";
  case EncodingParameter::alpha_e:
    return "alpha_e";
  case EncodingParameter::alpha_i:
    return "alpha_i";
  }
  throw InternalError("parameter_name: unknown encoding parameter");
}

bool applies(EncodingParameter p, Family f) {
  switch (p) {
  case EncodingParameter::sigma:
  case EncodingParameter::fields_per_cell:
  case EncodingParameter::cells:
    return uses_width(f);
  case EncodingParameter::surround_ratio:
  case EncodingParameter::surround_variance_ratio:
    return uses_surround(f);
  case EncodingParameter::alpha_e:
  case EncodingParameter::alpha_i:
    return f == Family::general_dog;
  }
  throw InternalError("applies: unknown encoding parameter");
}

UserError not_applicable(EncodingParameter p, Family f, std::string value) {
  const char* families = "general-dog";
  if (p == EncodingParameter::sigma || p == EncodingParameter::fields_per_cell ||
      p == EncodingParameter::cells)
    families = "place-cell encodings (all but cartesian and polar)";
  else if (p == EncodingParameter::surround_ratio ||
           p == EncodingParameter::surround_variance_ratio)
    families = "dos, dog, true-dog, general-dog, sod";
  return UserError(param(parameter_name(p)), std::move(value),
                   "does not apply to " + param("encoding") + " " + std::string(family_name(f)),
                   std::string("only with ") + families);
}

Range parameter_range(EncodingParameter p) {
  switch (p) {
  case EncodingParameter::sigma:
    return {defaults::min_sigma_m, false, "a width in metres", defaults::max_sigma_m};
  case EncodingParameter::surround_ratio:
    return {1.0, true, "sigma_I/sigma_E", defaults::max_surround_ratio};
  case EncodingParameter::surround_variance_ratio:
    return {1.0, true, "sigma_I^2/sigma_E^2",
            defaults::max_surround_ratio * defaults::max_surround_ratio};
  case EncodingParameter::alpha_e:
    return {0.0, true, "a centre amplitude", defaults::max_amplitude};
  case EncodingParameter::alpha_i:
    return {0.0, false, "a surround amplitude", defaults::max_amplitude};
  case EncodingParameter::fields_per_cell:
  case EncodingParameter::cells:
    break;
  }
  throw InternalError("parameter_range: not a real-valued encoding parameter");
}

int default_cell_count(double box_m) {
  if (!(box_m > 0.0)) throw InternalError("default_cell_count: the box side must be positive");
  const double scaled = defaults::cells * (box_m / defaults::box_m) * (box_m / defaults::box_m);
  const double clamped =
      std::clamp(std::round(scaled), static_cast<double>(defaults::min_softmax_cells),
                 static_cast<double>(defaults::max_cells));
  return static_cast<int>(clamped);
}

Encoding make_encoding(const EncodingOptions& options) {
  return make_encoding(options, defaults::box_m);
}

Encoding make_encoding(const EncodingOptions& o, double box_m) {
  using P = EncodingParameter;
  const Family f = o.family;
  const auto check_applies = [&](P p, bool given, const auto& value_text) {
    if (given && !applies(p, f)) throw not_applicable(p, f, value_text());
  };
  check_applies(P::sigma, o.sigma_m.has_value(), [&] { return o.sigma_m->to_string(); });
  check_applies(P::fields_per_cell, o.fields_per_cell.has_value(),
                [&] { return o.fields_per_cell->to_string(); });
  check_applies(P::cells, o.cells.has_value(), [&] { return std::to_string(*o.cells); });
  check_applies(P::surround_ratio, o.surround_ratio.has_value(),
                [&] { return o.surround_ratio->to_string(); });
  check_applies(P::surround_variance_ratio, o.surround_variance_ratio.has_value(),
                [&] { return o.surround_variance_ratio->to_string(); });
  check_applies(P::alpha_e, o.alpha_e.has_value(), [&] { return format_number(*o.alpha_e); });
  check_applies(P::alpha_i, o.alpha_i.has_value(), [&] { return format_number(*o.alpha_i); });

  Encoding enc;
  enc.family = f;
  if (uses_width(f)) {
    if (o.sigma_m) require_in_range(param("sigma"), *o.sigma_m, parameter_range(P::sigma));
    enc.sigma_m = o.sigma_m.value_or(Distribution::fixed(defaults::sigma_m));
    if (o.fields_per_cell) {
      require_valid(param("fields_per_cell"), *o.fields_per_cell);
      enc.fields_per_cell = *o.fields_per_cell;
    }
    if (o.cells) require_count_in_range(param("cells"), *o.cells, cells_range);
    enc.cells = o.cells.value_or(default_cell_count(box_m));
    const bool softmax = f == Family::gaussian || f == Family::dos || f == Family::sod;
    if (softmax && enc.cells < defaults::min_softmax_cells)
      throw UserError(param("cells"), std::to_string(enc.cells),
                      "is too few for " + param("encoding") + " " + std::string(family_name(f)) +
                          ": a softmax over one cell is 1 at every position, so the target "
                          "carries no position",
                      "at least " + std::to_string(defaults::min_softmax_cells) +
                          " place cells for gaussian, dos and sod");
  }

  if (uses_surround(f)) {
    if (o.surround_ratio && o.surround_variance_ratio)
      throw UserError(param("surround_variance_ratio"), o.surround_variance_ratio->to_string(),
                      "cannot be combined with " + param("surround_ratio") + " " +
                          o.surround_ratio->to_string(),
                      "exactly one of " + param("surround_ratio") + " (sigma_I/sigma_E) and " +
                          param("surround_variance_ratio") + " (sigma_I^2/sigma_E^2)");
    Surround sur;
    if (o.surround_variance_ratio) {
      require_in_range(param("surround_variance_ratio"), *o.surround_variance_ratio,
                       parameter_range(P::surround_variance_ratio));
      sur.convention = SurroundConvention::variance_ratio;
      sur.value = *o.surround_variance_ratio;
    } else {
      if (o.surround_ratio)
        require_in_range(param("surround_ratio"), *o.surround_ratio,
                         parameter_range(P::surround_ratio));
      sur.value = o.surround_ratio.value_or(Distribution::fixed(defaults::surround_ratio));
    }
    enc.surround = sur;
  }

  if (f == Family::general_dog) {
    if (o.alpha_e) require_in_range(param("alpha_e"), *o.alpha_e, parameter_range(P::alpha_e));
    if (o.alpha_i) require_in_range(param("alpha_i"), *o.alpha_i, parameter_range(P::alpha_i));
    enc.alpha_e = o.alpha_e.value_or(defaults::alpha_e);
    enc.alpha_i = o.alpha_i.value_or(defaults::alpha_i);
  }
  return enc;
}

} // namespace gridtheory
