#include "src/report/scan_table.hpp"

#include "src/report/lattice_report.hpp"

#include <cstdio>
#include <sstream>

namespace gridtheory {

namespace {
std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}
std::string cell(const std::optional<double>& v) {
  return v ? number(*v) : std::string();
}
} // namespace

const char* const scan_columns =
    "pattern,method,k_star_per_m,wavelength_m,grid_spacing_m,"
    "ring_to_box_power_ratio,triad_k1,triad_k2,triad_k3,triad_mean_k_per_m,"
    "triad_length_mismatch,triad_angle_mismatch_deg,triad_min_power_ratio,"
    "box_grid_spacing_m,box_orientation_deg,top_mode";

std::string scan_csv(const std::string& parameter_column, const std::vector<ScanRow>& rows) {
  std::ostringstream o;
  o << parameter_column << "," << scan_columns << "\n";
  for (const auto& r : rows) {
    const Prediction& p = r.prediction;
    o << number(r.value) << "," << pattern_name(p.pattern) << "," << p.method << ","
      << cell(p.k_star_per_m) << "," << cell(p.wavelength_m) << "," << cell(p.grid_spacing_m) << ","
      << cell(p.ring_to_box_power_ratio);
    const Triad* t = r.lattice && r.lattice->best_triad ? &*r.lattice->best_triad : nullptr;
    if (t) {
      o << "," << mode_label(t->modes[0]) << "," << mode_label(t->modes[1]) << ","
        << mode_label(t->modes[2]) << "," << number(t->mean_k_per_m) << ","
        << number(t->length_mismatch) << "," << number(t->angle_mismatch_deg) << ","
        << number(t->min_power / *p.power_at_k_star) << "," << number(t->grid_spacing_m) << ","
        << number(t->orientation_deg);
    } else {
      o << ",,,,,,,,,";
    }
    o << ","
      << (r.lattice && !r.lattice->top_modes.empty() ? mode_label(r.lattice->top_modes[0]) : "")
      << "\n";
  }
  return o.str();
}

nlohmann::json scan_json(const std::string& parameter_column, Activation activation,
                         const std::vector<ScanRow>& rows) {
  nlohmann::json j;
  j["command"] = "scan";
  j["parameter"] = parameter_column;
  j["activation"] = std::string(activation_name(activation));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json item;
    item["value"] = r.value;
    item["pattern"] = std::string(pattern_name(r.prediction.pattern));
    item["method"] = r.prediction.method;
    item["k_star_per_m"] =
        r.prediction.k_star_per_m ? nlohmann::json(*r.prediction.k_star_per_m) : nullptr;
    item["grid_spacing_m"] =
        r.prediction.grid_spacing_m ? nlohmann::json(*r.prediction.grid_spacing_m) : nullptr;
    item["box_lattice"] = r.lattice
                              ? to_json(*r.lattice, r.prediction.power_at_k_star.value_or(0.0))
                              : nlohmann::json(nullptr);
    items.push_back(item);
  }
  j["rows"] = items;
  return j;
}

} // namespace gridtheory
