// The table of grid scores one row per unit: the columns `gridtheory score` prints and every
// run folder's scores.csv holds (one definition of the columns, their order and their format).
#pragma once

#include "numerics/grid_scores.hpp"
#include "numerics/lattice_stats.hpp"
#include "numerics/sac.hpp"

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gridtheory {

inline constexpr std::array<const char*, 20> score_columns = {
    "score_60",          "score_60_minmax",   "score_90",          "gridness_bnt",
    "grid_spacing_m",    "orientation_deg",   "fourier_spacing_m", "stripe_score",
    "nfl_period_m",      "nfl_period_err_m",  "spacing_disagree",  "ellipse_aspect",
    "ellipse_angle_deg", "spacing_1_m",       "spacing_2_m",       "spacing_3_m",
    "orientation_1_deg", "orientation_2_deg", "orientation_3_deg", "field_count"};
// The columns before the lattice statistics were added: a scores.csv written by an earlier
// version has exactly these (readers fill the others with NaN).
inline constexpr std::size_t score_columns_v1 = 11;

// A unit's scores in score_columns order (spacing_disagree: 1 or 0, NaN without both spacings).
std::array<double, score_columns.size()> score_values(const GridScores& s);

// Six significant digits (the scores carry no more meaning); NaN as "nan".
std::string format_score(double v);

// "unit,score_60,...,field_count,sac\n" then one row per unit, numbered from 0: every writer of
// per-unit scores (score, train's scores.csv, pattern's metrics.csv) names the SAC its scores
// come from in the last column, `sac` ("deepmind" or "nan-aware").
std::string scores_csv(const std::vector<GridScores>& scores, SacMode sac);
// The index column's name, "unit", for units and pattern maps alike. Earlier pattern runs wrote
// "map" (figures/** keeps such metrics.csv files): readers accept both, writers write "unit".
inline constexpr const char* unit_column = "unit";
inline constexpr const char* legacy_unit_column = "map";

// What each column means, for JSON outputs.
nlohmann::ordered_json score_definitions();

// The scores of a set of ratemaps with what `gridtheory score --format json` prints beside
// them: one definition for the CLI's JSON and Python's Scores.to_dict().
struct ScoreReport {
  SacMode sac = default_sac;
  double box_m = 0.0;
  int nbins = 0;
  std::size_t unvisited_bins = 0; // NaN bins over all units
  std::size_t units_with_unvisited_bins = 0;
  std::vector<GridScores> scores;                      // one per unit
  std::vector<std::vector<FieldCentre>> field_centres; // per unit, behind field_count
};

// {"sac", "box_m", "nbins", "bin_m", "units_count", "unvisited_bins",
// "units_with_unvisited_bins", "version", "definitions", "units": [{"unit", the columns at six
// significant digits (NaN as null), "field_centres_m": [[x, y], ...]}, ...]}.
nlohmann::ordered_json score_json(const ScoreReport& report);

} // namespace gridtheory
