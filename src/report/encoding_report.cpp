#include "src/report/encoding_report.hpp"

#include <cmath>
#include <sstream>

namespace gridtheory {

using nlohmann::json;

json to_json(const Distribution& d) {
  if (d.is_fixed()) return d.lo;
  return json{{"distribution", "uniform"}, {"lo", d.lo}, {"hi", d.hi}};
}

json sigma_i_json(const Encoding& enc) {
  if (!enc.surround) return nullptr;
  const Surround& s = *enc.surround;
  const double lo = enc.sigma_m.lo * s.ratio_for(s.value.lo);
  const double hi = enc.sigma_m.hi * s.ratio_for(s.value.hi);
  if (lo == hi) return lo;
  return json{{"lo", lo}, {"hi", hi}};
}

json to_json(const Encoding& enc) {
  json j;
  j["name"] = std::string(family_name(enc.family));
  if (uses_width(enc.family)) {
    j["sigma_m"] = to_json(enc.sigma_m);
    j["cells"] = enc.cells;
    j["fields_per_cell"] = enc.fields_per_cell.to_string();
  }
  if (enc.surround) {
    const Surround& s = *enc.surround;
    const bool nfl = s.convention == SurroundConvention::ratio;
    j["surround_convention"] = nfl ? "ratio" : "variance_ratio";
    // Both conventions are always printed; the one given is exact, the other derived.
    if (nfl) {
      j["surround_ratio"] = to_json(s.value);
      j["surround_variance_ratio"] =
          to_json(s.value.is_fixed()
                      ? Distribution::fixed(s.value.lo * s.value.lo)
                      : Distribution::uniform(s.value.lo * s.value.lo, s.value.hi * s.value.hi));
    } else {
      j["surround_variance_ratio"] = to_json(s.value);
      j["surround_ratio"] = to_json(
          s.value.is_fixed() ? Distribution::fixed(std::sqrt(s.value.lo))
                             : Distribution::uniform(std::sqrt(s.value.lo), std::sqrt(s.value.hi)));
    }
    j["sigma_i_m"] = sigma_i_json(enc);
  }
  if (enc.family == Family::general_dog) {
    j["alpha_e"] = enc.alpha_e;
    j["alpha_i"] = enc.alpha_i;
  }
  return j;
}

std::string describe(const Encoding& enc) {
  std::ostringstream o;
  o << family_name(enc.family);
  if (!uses_width(enc.family)) return o.str();
  o << ", sigma_E = " << enc.sigma_m.to_string() << " m";
  if (enc.surround) {
    const Surround& s = *enc.surround;
    if (s.convention == SurroundConvention::ratio)
      o << ", sigma_I/sigma_E = " << s.value.to_string() << " (NFL)";
    else
      o << ", sigma_I^2/sigma_E^2 = " << s.value.to_string() << " (Sorscher)";
    const json si = sigma_i_json(enc);
    if (si.is_number())
      o << ", sigma_I = " << format_number(si.get<double>()) << " m";
    else
      o << ", sigma_I in [" << format_number(si["lo"].get<double>()) << ", "
        << format_number(si["hi"].get<double>()) << "] m";
  }
  if (enc.family == Family::general_dog)
    o << ", alpha_E = " << format_number(enc.alpha_e)
      << ", alpha_I = " << format_number(enc.alpha_i);
  o << ", " << enc.fields_per_cell.to_string() << " field(s)/cell, " << enc.cells << " cells";
  return o.str();
}

} // namespace gridtheory
