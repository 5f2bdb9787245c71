#include "src/report/lattice_report.hpp"

#include "theory/spacing.hpp"

namespace gridtheory {

using nlohmann::json;

std::string mode_label(const LatticeMode& m) {
  return std::to_string(m.n) + ":" + std::to_string(m.m);
}

json to_json(const BoxLattice& lattice, double ring_power) {
  json j;
  j["lowest_mode_per_m"] = lattice.lowest_mode_per_m;
  j["lowest_mode"] = box_mode_name(lattice.periodic);
  j["ring_shells"] = lattice.ring_shells;
  j["not_searched"] = lattice.not_searched.empty() ? json(nullptr) : json(lattice.not_searched);
  json modes = json::array();
  for (const auto& m : lattice.top_modes)
    modes.push_back({{"n", m.n}, {"m", m.m}, {"k_per_m", m.k_per_m}, {"power", m.power}});
  j["top_modes"] = modes;
  if (!lattice.best_triad) {
    j["best_triad"] = nullptr;
    return j;
  }
  const Triad& t = *lattice.best_triad;
  json triad;
  json vecs = json::array();
  for (const auto& m : t.modes)
    vecs.push_back({{"n", m.n}, {"m", m.m}, {"k_per_m", m.k_per_m}});
  triad["modes"] = vecs;
  triad["mean_k_per_m"] = t.mean_k_per_m;
  triad["length_mismatch"] = t.length_mismatch;
  triad["angle_mismatch_deg"] = t.angle_mismatch_deg;
  triad["min_power_ratio"] = ring_power > 0.0 ? json(t.min_power / ring_power) : json(nullptr);
  triad["grid_spacing_m"] = t.grid_spacing_m;
  triad["orientation_deg"] = t.orientation_deg;
  j["best_triad"] = triad;
  return j;
}

} // namespace gridtheory
