// Helpers shared by the paper figures (src/plot/paper_figures.hpp): numbers as CSV text, the
// gnuplot preamble, histograms, and choosing the slice of a sweep a figure shows.
#pragma once

#include "src/plot/figure.hpp"
#include "src/plot/paper_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace gridtheory::figures_detail {

// A number as CSV text (10 significant digits); empty for nullopt or non-finite values.
inline std::string num(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", *v);
  return buf;
}

// The paper figures' text size, and the width a title of a figure or panel `width` pixels wide
// may take (the rest is margin).
inline constexpr double font_pt = 10.0;
inline double title_width(int width) {
  return width - 80.0;
}

// The top of every script: figure_preamble, the data file as `data`, and the title (fitted to
// the width) when there is one.
inline std::string script_head(const FigureFiles& files, int width, int height,
                               const std::string& title, const std::string& what) {
  std::ostringstream gp;
  gp << figure_preamble(files, width, height, font_pt, what) << "data = '"
     << files.data.filename().string() << "'\n";
  if (!title.empty()) gp << "set title " << fitted_text(title, title_width(width), font_pt) << "\n";
  return gp.str();
}

// A multiplot of `rows` x `columns` panels under one title that fits the figure's width.
inline std::string multiplot_head(int rows, int columns, const std::string& title, int width) {
  return "set multiplot layout " + std::to_string(rows) + "," + std::to_string(columns) +
         " title " + fitted_text(title, title_width(width), font_pt) + "\n";
}

// A panel's title, fitted to its share of the figure's width.
inline std::string panel_title(const std::string& title, int width, int columns) {
  return "set title " + fitted_text(title, title_width(width / columns), font_pt) + "\n";
}

// Text as a gnuplot single-quoted string, for titles (a quote inside is doubled).
inline std::string gnuplot_string(const std::string& text) {
  std::string out = "'";
  for (const char c : text)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// A gnuplot `using` expression that keeps rows whose column `col` equals `value` (strings), as
// the data file holds it (figure_field: the data rows are written with figure_row).
inline std::string when(int col, const std::string& value, const std::string& expr) {
  return "(strcol(" + std::to_string(col) + ") eq '" + figure_field(value) + "' ? " + expr +
         " : NaN)";
}

// Fixed bins [lo + i w, lo + (i+1) w), values outside clamped into the end bins.
struct Histogram {
  double lo, width;
  int bins;
  std::vector<int> counts;
  Histogram(double lo_, double hi_, int bins_)
      : lo(lo_), width((hi_ - lo_) / bins_), bins(bins_), counts(static_cast<size_t>(bins_), 0) {}
  void add(double v) {
    if (!std::isfinite(v)) return;
    int b = static_cast<int>(std::floor((v - lo) / width));
    b = b < 0 ? 0 : (b >= bins ? bins - 1 : b);
    counts[static_cast<size_t>(b)]++;
  }
  int total() const {
    int t = 0;
    for (int c : counts)
      t += c;
    return t;
  }
};

// The value the most rows share (ties: the smaller); `preferred` wins when any row has it.
inline std::optional<double> pick_value(const std::vector<double>& values, double preferred) {
  if (values.empty()) return std::nullopt;
  std::map<double, int> count;
  for (double v : values) {
    if (std::abs(v - preferred) < 1e-12) return preferred;
    count[v]++;
  }
  double best = count.begin()->first;
  int most = 0;
  for (const auto& [v, c] : count)
    if (c > most) best = v, most = c;
  return best;
}

inline bool same(double a, double b) {
  return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
}

inline FigureOutcome skipped(const std::string& name, const std::string& why) {
  return {name, false, why, {}, {}};
}
inline FigureOutcome drawn(const std::string& name, const std::string& what,
                           const std::filesystem::path& png) {
  return {name, true, what, png, {}};
}

// Whether a run path-integrates (NFL): a train run with decoding_error_cm below 10 cm (false
// without one: it cannot be told); pattern and predict runs are not networks and always pass.
inline bool path_integrates(const ResultTable& r, const ResultRow& row) {
  if (row.command != "train") return true;
  const auto err = r.number(row, "decoding_error_cm");
  return err && *err < figures_low_error_cm;
}

// What a run says about grid cells (NFL: any unit above 0.8). A train run that does not
// path-integrate (decoding_error_cm >= 10) never has grids, whatever its scores; one with grids
// needs max_score_60 above 0.8. A pattern run has grids when a map is above 0.8
// (fraction_score_60_above_0.8 > 0). Empty when the row lacks a column it needs.
enum class GridCall { grids, no_grids, not_path_integrating };
inline std::optional<GridCall> run_grid_call(const ResultTable& r, const ResultRow& row) {
  if (row.command == "train") {
    const auto err = r.number(row, "decoding_error_cm");
    if (!err) return std::nullopt;
    if (*err >= figures_low_error_cm) return GridCall::not_path_integrating;
    const auto m = r.number(row, "max_score_60");
    if (!m) return std::nullopt;
    return *m > figures_grid_threshold ? GridCall::grids : GridCall::no_grids;
  }
  if (row.command == "pattern") {
    const auto f = r.number(row, "fraction_score_60_above_0.8");
    if (!f) return std::nullopt;
    return *f > 0.0 ? GridCall::grids : GridCall::no_grids;
  }
  return std::nullopt;
}

// Why a figure's per-unit panel has nothing to draw: no run folder with per-unit scores (the
// results table moved without its runs/), or only networks that do not path-integrate.
inline std::string no_unit_scores_reason(const ResultTable& r, int runs, int with_scores,
                                         int left_out,
                                         const std::string& what = "train/pattern runs") {
  if (with_scores == 0)
    return "no per-unit scores: none of its " + std::to_string(runs) + " " + what +
           " has runs/RUN_ID/scores.csv or metrics.csv under " + (r.dir / "runs").string() +
           " (run folders absent)";
  return "no per-unit scores of path-integrating networks or pattern maps (" +
         std::to_string(left_out) +
         " networks with decoding error >= " + num(figures_low_error_cm) + " cm left out)";
}

} // namespace gridtheory::figures_detail
