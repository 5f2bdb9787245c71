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

std::string joined_family_names() {
  std::string s;
  for (const auto& e : kFamilies)
    s += (s.empty() ? "" : ", ") + std::string(e.name);
  return s;
}

void reject_if_given(const std::optional<std::string>& value, const char* option,
                     const std::string& encoding, const char* applies_to) {
  if (value)
    throw UserError(option, *value, "does not apply to --encoding " + encoding,
                    std::string("only with ") + applies_to);
}

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

int default_cell_count(double box_m) {
  if (!(box_m > 0.0)) throw InternalError("default_cell_count: the box side must be positive");
  const double scaled = defaults::cells * (box_m / defaults::box_m) * (box_m / defaults::box_m);
  const double clamped =
      std::clamp(std::round(scaled), static_cast<double>(defaults::min_softmax_cells),
                 static_cast<double>(defaults::max_cells));
  return static_cast<int>(clamped);
}

Encoding make_encoding(const EncodingSpec& spec) {
  return make_encoding(spec, defaults::box_m);
}

Encoding make_encoding(const EncodingSpec& spec, double box_m) {
  Encoding enc;
  bool known = false;
  for (const auto& e : kFamilies)
    if (e.name == spec.encoding) {
      enc.family = e.family;
      known = true;
    }
  if (!known)
    throw UserError("--encoding", spec.encoding, "is not a known encoding", joined_family_names());

  const std::string& name = spec.encoding;
  const char* place_codes = "place-cell encodings (all but cartesian and polar)";
  if (!uses_width(enc.family)) {
    reject_if_given(spec.sigma, "--sigma", name, place_codes);
    reject_if_given(spec.fields_per_cell, "--fields-per-cell", name, place_codes);
    reject_if_given(spec.cells, "--cells", name, place_codes);
  } else {
    enc.sigma_m = spec.sigma ? parse_distribution("--sigma", *spec.sigma,
                                                  {defaults::min_sigma_m, false,
                                                   "a width in metres", defaults::max_sigma_m})
                             : Distribution::fixed(defaults::sigma_m);
    if (spec.fields_per_cell)
      enc.fields_per_cell = parse_field_count("--fields-per-cell", *spec.fields_per_cell);
    enc.cells = spec.cells
                    ? static_cast<int>(parse_count("--cells", *spec.cells, 1, defaults::max_cells,
                                                   "a number of place cells"))
                    : default_cell_count(box_m);
    const bool softmax =
        enc.family == Family::gaussian || enc.family == Family::dos || enc.family == Family::sod;
    if (softmax && enc.cells < defaults::min_softmax_cells)
      throw UserError("--cells", *spec.cells,
                      "is too few for --encoding " + name +
                          ": a softmax over one cell is 1 at every position, so the target "
                          "carries no position",
                      "at least " + std::to_string(defaults::min_softmax_cells) +
                          " place cells for gaussian, dos and sod");
  }

  const char* differences = "dos, dog, true-dog, general-dog, sod";
  if (!uses_surround(enc.family)) {
    reject_if_given(spec.surround_ratio, "--surround-ratio", name, differences);
    reject_if_given(spec.surround_variance_ratio, "--surround-variance-ratio", name, differences);
  } else {
    if (spec.surround_ratio && spec.surround_variance_ratio)
      throw UserError("--surround-variance-ratio", *spec.surround_variance_ratio,
                      "cannot be combined with --surround-ratio " + *spec.surround_ratio,
                      "exactly one of --surround-ratio (sigma_I/sigma_E) and "
                      "--surround-variance-ratio (sigma_I^2/sigma_E^2)");
    Surround sur;
    if (spec.surround_variance_ratio) {
      sur.convention = SurroundConvention::variance_ratio;
      sur.value = parse_distribution("--surround-variance-ratio", *spec.surround_variance_ratio,
                                     {1.0, true, "sigma_I^2/sigma_E^2",
                                      defaults::max_surround_ratio * defaults::max_surround_ratio});
    } else {
      sur.value =
          spec.surround_ratio
              ? parse_distribution("--surround-ratio", *spec.surround_ratio,
                                   {1.0, true, "sigma_I/sigma_E", defaults::max_surround_ratio})
              : Distribution::fixed(defaults::surround_ratio);
    }
    enc.surround = sur;
  }

  if (enc.family != Family::general_dog) {
    reject_if_given(spec.alpha_e, "--alpha-e", name, "general-dog");
    reject_if_given(spec.alpha_i, "--alpha-i", name, "general-dog");
  } else {
    enc.alpha_e = spec.alpha_e
                      ? parse_number("--alpha-e", *spec.alpha_e,
                                     {0.0, true, "a centre amplitude", defaults::max_amplitude})
                      : defaults::alpha_e;
    enc.alpha_i = spec.alpha_i
                      ? parse_number("--alpha-i", *spec.alpha_i,
                                     {0.0, false, "a surround amplitude", defaults::max_amplitude})
                      : defaults::alpha_i;
  }
  return enc;
}

EncodingSpec
encoding_spec_from(const std::function<std::optional<std::string>(const char* name)>& option) {
  EncodingSpec spec;
  if (auto e = option("encoding")) spec.encoding = *e;
  spec.sigma = option("sigma");
  spec.surround_ratio = option("surround-ratio");
  spec.surround_variance_ratio = option("surround-variance-ratio");
  spec.alpha_e = option("alpha-e");
  spec.alpha_i = option("alpha-i");
  spec.fields_per_cell = option("fields-per-cell");
  spec.cells = option("cells");
  return spec;
}

} // namespace gridtheory
