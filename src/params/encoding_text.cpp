#include "src/params/encoding_text.hpp"

#include "theory/distribution.hpp"
#include "theory/errors.hpp"

namespace gridtheory {

EncodingOptions parse_encoding_options(const EncodingSpec& spec) {
  using P = EncodingParameter;
  const auto family = family_from_name(spec.encoding);
  if (!family)
    throw UserError(param("encoding"), spec.encoding, "is not a known encoding",
                    joined_family_names());
  EncodingOptions o;
  o.family = *family;
  // The text of an option that was given and applies to the family; nullptr when not given.
  const auto given = [&](P p, const std::optional<std::string>& text) -> const std::string* {
    if (!text) return nullptr;
    if (!applies(p, o.family)) throw not_applicable(p, o.family, *text);
    return &*text;
  };
  const auto name = [](P p) { return param(parameter_name(p)); };

  if (const auto* t = given(P::sigma, spec.sigma))
    o.sigma_m = parse_distribution(name(P::sigma), *t, parameter_range(P::sigma));
  if (const auto* t = given(P::fields_per_cell, spec.fields_per_cell))
    o.fields_per_cell = parse_field_count(name(P::fields_per_cell), *t);
  if (const auto* t = given(P::cells, spec.cells))
    o.cells = static_cast<int>(parse_count(name(P::cells), *t, cells_range));
  if (const auto* t = given(P::surround_ratio, spec.surround_ratio))
    o.surround_ratio =
        parse_distribution(name(P::surround_ratio), *t, parameter_range(P::surround_ratio));
  if (const auto* t = given(P::surround_variance_ratio, spec.surround_variance_ratio))
    o.surround_variance_ratio = parse_distribution(name(P::surround_variance_ratio), *t,
                                                   parameter_range(P::surround_variance_ratio));
  if (const auto* t = given(P::alpha_e, spec.alpha_e))
    o.alpha_e = parse_number(name(P::alpha_e), *t, parameter_range(P::alpha_e));
  if (const auto* t = given(P::alpha_i, spec.alpha_i))
    o.alpha_i = parse_number(name(P::alpha_i), *t, parameter_range(P::alpha_i));
  return o;
}

Encoding make_encoding(const EncodingSpec& spec, double box_m) {
  return make_encoding(parse_encoding_options(spec), box_m);
}

Encoding make_encoding(const EncodingSpec& spec) {
  return make_encoding(parse_encoding_options(spec));
}

EncodingSpec spec_of(const Encoding& enc) {
  EncodingSpec s;
  s.encoding = std::string(family_name(enc.family));
  if (uses_width(enc.family)) {
    s.sigma = enc.sigma_m.to_string();
    s.fields_per_cell = enc.fields_per_cell.to_string();
    s.cells = std::to_string(enc.cells);
  }
  if (enc.surround)
    (enc.surround->convention == SurroundConvention::ratio ? s.surround_ratio
                                                           : s.surround_variance_ratio) =
        enc.surround->value.to_string();
  if (enc.family == Family::general_dog) {
    s.alpha_e = format_number(enc.alpha_e);
    s.alpha_i = format_number(enc.alpha_i);
  }
  return s;
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
