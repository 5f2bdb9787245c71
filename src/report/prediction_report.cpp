#include "src/report/prediction_report.hpp"

#include "src/params/parameter_spelling.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/lattice_report.hpp"
#include "src/version.hpp"
#include "theory/spacing.hpp"

#include <cstdio>
#include <sstream>

namespace gridtheory {

using nlohmann::json;

namespace {
json optional_number(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
std::string general(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}
// Metres with three decimals, or four significant digits below 0.1 m (a width of 1e-4 m has a
// grid spacing of 0.000755 m, not "0.001").
std::string metres(double v) {
  return v >= 0.1 ? fixed(v, 3) : general(v);
}
} // namespace

json to_json(const PredictConfig& c, const Prediction& p,
             const std::optional<BoxLattice>& lattice) {
  json j;
  j["command"] = "predict";
  j["version"] = version;
  j["pattern"] = std::string(pattern_name(p.pattern));
  j["reason"] = p.reason;
  j["method"] = p.method;
  j["k_star_per_m"] = optional_number(p.k_star_per_m);
  j["wavelength_m"] = optional_number(p.wavelength_m);
  j["grid_spacing_m"] = optional_number(p.grid_spacing_m);
  j["has_spectrum"] = p.has_spectrum;
  j["has_ring"] = p.has_ring;
  j["cubic_term"] = p.cubic_term;
  j["k_star_closed_form"] = p.k_star_closed_form;
  j["rejected_peak_k_per_m"] = optional_number(p.rejected_peak_k_per_m);
  j["power_at_k_star"] = optional_number(p.power_at_k_star);
  j["ring_half_power_width_per_m"] = optional_number(p.half_power_width_per_m);
  j["ring_sharpness"] = optional_number(p.ring_sharpness);
  j["box_lowest_mode_per_m"] = p.box_mode_per_m;
  j["power_at_box_mode"] = optional_number(p.power_at_box_mode);
  j["ring_to_box_power_ratio"] = optional_number(p.ring_to_box_power_ratio);
  j["sigma_i_m"] = sigma_i_json(c.encoding);
  j["encoding"] = to_json(c.encoding);
  j["activation"] = std::string(activation_name(c.activation));
  j["box_m"] = c.box.side_m;
  j["periodic"] = c.box.periodic;
  j["seed"] = c.seed;
  j["box_lattice"] = lattice ? to_json(*lattice, p.power_at_k_star.value_or(0.0)) : json(nullptr);
  // Caveats name parameters in the library's spelling; reports are the command line's words.
  json caveats = json::array();
  for (const auto& caveat : p.caveats)
    caveats.push_back(spell_parameters(caveat, flag_spelling));
  j["caveats"] = caveats;
  return j;
}

std::string to_text(const PredictConfig& c, const Prediction& p,
                    const std::optional<BoxLattice>& lattice) {
  std::ostringstream o;
  o << "pattern       " << pattern_name(p.pattern) << "   (method: " << p.method << ")\n";
  o << "encoding      " << describe(c.encoding) << "\n";
  o << "activation    " << activation_name(c.activation) << ", output range "
    << output_range(c.activation) << ": cubic term " << (p.cubic_term ? "yes" : "no") << "\n";
  o << "box           " << format_number(c.box.side_m) << " m, "
    << (c.box.periodic ? "periodic" : "solid walls") << "; lowest mode "
    << box_mode_name(c.box.periodic) << " = " << fixed(p.box_mode_per_m, 3) << " rad/m\n";
  if (p.k_star_per_m) {
    o << "ring k*       " << fixed(*p.k_star_per_m, 3) << " rad/m ("
      << (p.k_star_closed_form ? "closed form" : "numeric maximum") << ")\n";
    o << "wavelength    " << metres(*p.wavelength_m) << " m   (2pi/k*)\n";
    o << "grid spacing  " << metres(*p.grid_spacing_m)
      << " m   (4pi/(sqrt(3) k*) = 1.155 x wavelength)\n";
    if (p.ring_sharpness)
      o << "sharpness     " << fixed(*p.ring_sharpness, 2) << "   (k* / half-power width "
        << fixed(*p.half_power_width_per_m, 3) << " rad/m)\n";
    if (p.ring_to_box_power_ratio)
      o << "ring/box      " << general(*p.ring_to_box_power_ratio) << "   (power at k* / power at "
        << box_mode_name(c.box.periodic) << ")\n";
  } else if (p.rejected_peak_k_per_m) {
    o << "no ring       the local peak at " << fixed(*p.rejected_peak_k_per_m, 3) << " rad/m";
    if (p.ring_to_box_power_ratio)
      o << " has " << general(*p.ring_to_box_power_ratio) << " x the box mode's power";
    o << "\n";
  } else if (p.has_spectrum) {
    o << "no ring       the power has no maximum away from k = 0\n";
  }
  if (lattice && !lattice->not_searched.empty())
    o << "box triad     not searched: " << lattice->not_searched << "\n";
  if (lattice && lattice->best_triad) {
    const Triad& t = *lattice->best_triad;
    o << "box triad     " << mode_label(t.modes[0]) << " " << mode_label(t.modes[1]) << " "
      << mode_label(t.modes[2]) << " (units of " << box_mode_name(c.box.periodic)
      << "): lengths within " << fixed(100.0 * t.length_mismatch, 1) << "% of k*, angles within "
      << fixed(t.angle_mismatch_deg, 1) << " deg of 120\n";
    o << "box forces    grid spacing " << metres(t.grid_spacing_m) << " m, orientation "
      << fixed(t.orientation_deg, 1) << " deg\n";
  }
  o << "why           " << p.reason << "\n";
  for (const auto& caveat : p.caveats)
    o << "caveat        " << spell_parameters(caveat, flag_spelling) << "\n";
  return o.str();
}

} // namespace gridtheory
