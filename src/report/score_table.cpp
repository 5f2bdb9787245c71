#include "src/report/score_table.hpp"

#include "src/version.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace gridtheory {

std::array<double, score_columns.size()> score_values(const GridScores& s) {
  const double disagree = std::isnan(s.grid_spacing_m) || std::isnan(s.fourier_spacing_m)
                              ? std::nan("")
                              : (spacings_disagree(s) ? 1.0 : 0.0);
  return {s.score_60,
          s.score_60_minmax,
          s.score_90,
          s.gridness_bnt,
          s.grid_spacing_m,
          s.orientation_deg,
          s.fourier_spacing_m,
          s.stripe_score,
          s.nfl_period_m,
          s.nfl_period_err_m,
          disagree,
          s.ellipse_aspect,
          s.ellipse_angle_deg,
          s.spacing_1_m,
          s.spacing_2_m,
          s.spacing_3_m,
          s.orientation_1_deg,
          s.orientation_2_deg,
          s.orientation_3_deg,
          s.field_count};
}

std::string format_score(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string scores_csv(const std::vector<GridScores>& scores, SacMode sac) {
  std::string out = unit_column;
  for (const char* c : score_columns)
    out += std::string(",") + c;
  out += ",sac\n";
  const std::string sac_name(sac_mode_name(sac));
  for (std::size_t u = 0; u < scores.size(); ++u) {
    out += std::to_string(u);
    for (double v : score_values(scores[u]))
      out += "," + format_score(v);
    out += "," + sac_name + "\n";
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
      {"stripe_score", "share of the spectral ring's power in its strongest pair of opposite "
                       "peaks: 1 stripes, ~1/2 square, ~1/3 hexagonal"},
      {"nfl_period_m", "NFL: mean distance of the six peaks of the raw autocorrelation nearest "
                       "its centre"},
      {"nfl_period_err_m", "NFL: standard deviation of those six distances"},
      {"spacing_disagree", "1 when grid_spacing_m and fourier_spacing_m differ by more than 15%"},
      {"ellipse_aspect", "major / minor axis of the ellipse through the six inner SAC peaks (1 "
                         "for a regular hexagon); NaN unless they form three opposite pairs"},
      {"ellipse_angle_deg", "angle of that ellipse's major axis from +x towards +y, in [-90, 90)"},
      {"spacing_1_m", "length of the lattice axis through the first pair of opposite inner SAC "
                      "peaks (axes ordered by orientation)"},
      {"spacing_2_m", "length of the second lattice axis"},
      {"spacing_3_m", "length of the third lattice axis"},
      {"orientation_1_deg", "angle of the first lattice axis from +x towards +y, in [0, 180)"},
      {"orientation_2_deg", "angle of the second lattice axis, in [0, 180)"},
      {"orientation_3_deg", "angle of the third lattice axis, in [0, 180)"},
      {"field_count", "local maxima of the ratemap above min + 0.5 (max - min) of its visited "
                      "rates"},
  };
}

nlohmann::ordered_json score_json(const ScoreReport& r) {
  using nlohmann::ordered_json;
  const auto rounded = [](double v) { return std::strtod(format_score(v).c_str(), nullptr); };
  ordered_json j;
  j["sac"] = std::string(sac_mode_name(r.sac));
  j["box_m"] = r.box_m;
  j["nbins"] = r.nbins;
  j["bin_m"] = r.box_m / r.nbins;
  j["units_count"] = r.scores.size();
  j["unvisited_bins"] = r.unvisited_bins;
  j["units_with_unvisited_bins"] = r.units_with_unvisited_bins;
  j["version"] = version;
  j["definitions"] = score_definitions();
  ordered_json list = ordered_json::array();
  for (std::size_t u = 0; u < r.scores.size(); ++u) {
    ordered_json row;
    row["unit"] = u;
    const auto v = score_values(r.scores[u]);
    for (std::size_t c = 0; c < v.size(); ++c)
      row[score_columns[c]] =
          std::isnan(v[c]) ? ordered_json(nullptr) : ordered_json(rounded(v[c]));
    ordered_json centres = ordered_json::array();
    if (u < r.field_centres.size())
      for (const FieldCentre& f : r.field_centres[u])
        centres.push_back({rounded(f.x_m), rounded(f.y_m)});
    row["field_centres_m"] = centres;
    list.push_back(row);
  }
  j["units"] = list;
  return j;
}

} // namespace gridtheory
