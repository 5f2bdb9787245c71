#include "src/report/score_table.hpp"

#include <cmath>
#include <cstdio>

namespace gridtheory {

std::array<double, 7> score_values(const GridScores& s) {
  return {s.score_60,       s.score_60_minmax, s.score_90,         s.gridness_bnt,
          s.grid_spacing_m, s.orientation_deg, s.fourier_spacing_m};
}

std::string format_score(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string scores_csv(const std::vector<GridScores>& scores) {
  std::string out = "unit";
  for (const char* c : score_columns)
    out += std::string(",") + c;
  out += "\n";
  for (std::size_t u = 0; u < scores.size(); ++u) {
    out += std::to_string(u);
    for (double v : score_values(scores[u]))
      out += "," + format_score(v);
    out += "\n";
  }
  return out;
}

nlohmann::ordered_json score_definitions() {
  return {
      {"score_60", "DeepMind: max over 10 rings of mean(c60, c120) - mean(c30, c90, c150)"},
      {"score_60_minmax", "NFL: max over 10 rings of min(c60, c120) - max(c30, c90, c150)"},
      {"score_90", "DeepMind: max over 10 rings of c90 - mean(c45, c135)"},
      {"gridness_bnt", "BNT/opexebo: expanding discs beyond the central field, bilinear "
                       "rotations, largest mean of min(c60, c120) - max(c30, c90, c150) over 3 "
                       "consecutive radii"},
      {"grid_spacing_m", "median distance of the six SAC peaks nearest the centre"},
      {"orientation_deg", "smallest angle of those peaks from +x (columns) towards +y (rows), "
                          "modulo 60"},
      {"fourier_spacing_m", "4 pi / (sqrt(3) k_peak), k_peak the peak of the ratemap's radial "
                            "power spectrum"},
  };
}

} // namespace gridtheory
