// The paper figures drawn from a sweep's run-level columns: NFL Fig. 2 (families), Fig. 3
// (spacing vs sigma, theory line in-process) and Fig. 4 (emergence vs sigma and surround).
#include "src/plot/paper_figure_util.hpp"
#include "src/plot/paper_figures.hpp"
#include "src/report/statistics.hpp"
#include "theory/prediction.hpp"

namespace gridtheory {

using namespace figures_detail;
namespace fs = std::filesystem;

namespace {

std::string pct(int part, int whole) {
  return whole > 0 ? num(100.0 * part / whole) : "";
}

// The 95% Wilson interval of part / whole times `scale` (1: a fraction, 100: percent), as two
// CSV fields ("" for none).
std::vector<std::string> wilson_fields(int part, int whole, double scale) {
  if (whole <= 0) return {"", ""};
  const Interval w =
      wilson_interval(static_cast<std::size_t>(part), static_cast<std::size_t>(whole));
  return {num(scale * w.lo), num(scale * w.hi)};
}

// The DoS runs the theory's sigma/surround figures are about: relu, one field, one width.
bool dos_relu(const ResultRow& row) {
  return row.encoding.family == Family::dos && row.single_width() && row.activation == "relu";
}

double modal_box(const std::vector<const ResultRow*>& rows) {
  std::vector<double> boxes;
  for (const ResultRow* r : rows)
    boxes.push_back(r->box_m);
  return pick_value(boxes, defaults::box_m).value_or(defaults::box_m);
}

} // namespace

FigureOutcome write_families_figure(const ResultTable& r, const fs::path& out) {
  const std::string name = "fig2_families";
  struct Count {
    int runs = 0, low = 0, low_grids = 0;
  };
  std::map<std::string, Count> counts;
  int used = 0;
  for (const ResultRow* row : r.of("train")) {
    if (!row->single_width()) continue;
    // Grids are counted among the networks that path-integrate only (run_grid_call).
    const auto call = run_grid_call(r, *row);
    if (!call || !r.number(*row, "max_score_60")) continue;
    Count& c = counts[std::string(family_name(row->encoding.family))];
    ++c.runs;
    ++used;
    if (*call != GridCall::not_path_integrating) {
      ++c.low;
      c.low_grids += *call == GridCall::grids ? 1 : 0;
    }
  }
  if (used == 0)
    return skipped(name, "no finished train rows with decoding_error_cm and max_score_60");

  std::string csv = "family,runs,low_error_runs,low_error_percent,low_error_runs_with_grids,"
                    "grids_percent_of_low_error,low_error_percent_lo,low_error_percent_hi,"
                    "grids_percent_lo,grids_percent_hi\n";
  for (std::string_view family : family_names()) {
    const auto it = counts.find(std::string(family));
    if (it == counts.end()) continue;
    const Count& c = it->second;
    const auto low_ci = wilson_fields(c.low, c.runs, 100),
               grids_ci = wilson_fields(c.low_grids, c.low, 100);
    csv += figure_row({std::string(family), std::to_string(c.runs), std::to_string(c.low),
                       pct(c.low, c.runs), std::to_string(c.low_grids), pct(c.low_grids, c.low),
                       low_ci[0], low_ci[1], grids_ci[0], grids_ci[1]});
  }
  const FigureFiles files = figure_files_for(out / (name + ".png"));
  const std::string title = "NFL Fig. 2: per target family, " + std::to_string(used) +
                            " trained networks (one field per cell, one width); bars: 95% Wilson "
                            "intervals, labels: runs / of";
  std::ostringstream gp;
  constexpr int width = 1200;
  gp << script_head(files, width, 520, "", "NFL Fig. 2, per encoding family");
  gp << multiplot_head(1, 2, title, width)
     << "set style fill solid 0.7\nset boxwidth 0.6\nset yrange [0:110]\nset grid ytics\n"
     << "set xtics rotate by -30\nunset key\nset xrange [-0.5:"
     << static_cast<double>(counts.size()) - 0.5 << "]\n"
     << "set xlabel 'target family'\nset ylabel 'runs (%)'\n";
  gp << panel_title("runs with decoding error < " + num(figures_low_error_cm) + " cm (%)", width, 2)
     << "plot data using 0:4:xtic(1) skip 1 with boxes lc rgb '#1f4e79', \\\n"
     << "  data using 0:4:7:8 skip 1 with yerrorbars pt -1 lc rgb '#000000', \\\n"
     << "  data using 0:(105):(sprintf('%d/%d', $3, $2)) skip 1 with labels offset 0,-0.6 "
        "notitle\n";
  gp << panel_title("of those: runs with a unit of score_60 > " + num(figures_grid_threshold) +
                        " (%)",
                    width, 2)
     << "plot data using 0:6:xtic(1) skip 1 with boxes lc rgb '#c0392b', \\\n"
     << "  data using 0:6:9:10 skip 1 with yerrorbars pt -1 lc rgb '#000000', \\\n"
     << "  data using 0:(105):(sprintf('%d/%d', $5, $3)) skip 1 with labels offset 0,-0.6 "
        "notitle\n"
     << "unset multiplot\n";
  render_figure(files, csv, gp.str(), "--out");
  return drawn(
      name, std::to_string(used) + " train runs in " + std::to_string(counts.size()) + " families",
      files.png);
}

FigureOutcome write_spacing_vs_sigma_figure(const ResultTable& r, const fs::path& out) {
  const std::string name = "fig3_spacing_vs_sigma";
  std::vector<const ResultRow*> dos;
  std::vector<double> ratios;
  for (const auto& row : r.rows)
    if (dos_relu(row)) {
      dos.push_back(&row);
      ratios.push_back(row.surround_ratio());
    }
  const double ratio =
      pick_value(ratios, defaults::surround_ratio).value_or(defaults::surround_ratio);
  const double box = modal_box(dos);

  std::string points;
  int pattern_points = 0, train_points = 0, lattice_points = 0, train_left_out = 0;
  double sigma_lo = 0.06, sigma_hi = 0.24;
  std::map<double, std::vector<double>> train_by_sigma;
  for (const ResultRow* row : dos) {
    // The analytic line does not depend on the box, so measured spacings from any box belong on
    // it (the validation sweep runs its solver in a 4.4 m box); the box-lattice triads do.
    if (!same(row->surround_ratio(), ratio)) continue;
    if (row->command == "predict" && !same(row->box_m, box)) continue;
    std::optional<double> spacing;
    if (row->command == "predict")
      spacing = r.number(*row, "box_lattice.best_triad.grid_spacing_m");
    else
      spacing = r.number(*row, "median_grid_spacing_m");
    if (!spacing || !std::isfinite(*spacing)) continue;
    // A network that does not path-integrate has no grid cells to measure.
    if (!path_integrates(r, *row)) {
      ++train_left_out;
      continue;
    }
    const std::string kind = row->command == "predict" ? "box-lattice" : row->command;
    (row->command == "pattern" ? pattern_points
     : row->command == "train" ? train_points
                               : lattice_points)++;
    sigma_lo = std::min(sigma_lo, row->sigma_m());
    sigma_hi = std::max(sigma_hi, row->sigma_m());
    points += figure_row({kind, num(row->sigma_m()), num(*spacing), num(ratio), num(row->box_m),
                          row->run_id, "", "", ""});
    if (row->command == "train") train_by_sigma[row->sigma_m()].push_back(*spacing);
  }
  // Per width, the trained networks' mean spacing with its 95% t interval (n = 1: no bar).
  for (const auto& [sigma, spacings] : train_by_sigma) {
    const MeanInterval m = mean_interval(spacings);
    const bool bar = std::isfinite(m.ci.lo);
    points +=
        figure_row({"train-mean", num(sigma), num(m.mean), num(ratio), num(box), "",
                    num(bar ? m.ci.lo : m.mean), num(bar ? m.ci.hi : m.mean), std::to_string(m.n)});
  }
  if (pattern_points + train_points == 0)
    return skipped(name, "no finished dos relu pattern rows or path-integrating train rows with "
                         "a grid spacing (median_grid_spacing_m) at one sigma_I/sigma_E" +
                             (train_left_out ? " (" + std::to_string(train_left_out) +
                                                   " train runs with decoding error >= " +
                                                   num(figures_low_error_cm) + " cm left out)"
                                             : std::string()));

  std::string csv = "kind,sigma_m,grid_spacing_m,surround_ratio,box_m,run_id,ci95_lo,ci95_hi,n\n";
  const int steps = 200;
  for (int i = 0; i <= steps; ++i) {
    const double sigma = sigma_lo + (sigma_hi - sigma_lo) * i / steps;
    csv += figure_row({"theory", num(sigma), num(dos_predicted_spacing(sigma, ratio, box)),
                       num(ratio), num(box), "", "", "", ""});
  }
  csv += points;

  const FigureFiles files = figure_files_for(out / (name + ".png"));
  const std::string title =
      "NFL Fig. 3: grid spacing vs place-field width, dos, sigma_I/sigma_E = " +
      format_number(ratio) +
      ", relu\nline: theory 4π/(√3 k*); box-lattice triads: L = " + format_number(box) +
      " m; runs (any box): median spacing of grid-like units (score_60 > 0.3)";
  std::ostringstream gp;
  gp << script_head(files, 1000, 680, title, "NFL Fig. 3, spacing vs sigma");
  gp << "set xlabel 'sigma_E (m)'\nset ylabel 'grid spacing (m)'\nset grid\n"
     << "set key top left\nset yrange [0:*]\n";
  gp << "plot data using 2:" << when(1, "theory", "$3")
     << " skip 1 with lines lw 2 lc rgb '#c0392b' title 'theory (analytic k*)', \\\n"
     << "  data using 2:" << when(1, "box-lattice", "$3")
     << " skip 1 with points pt 6 ps 1.4 lc rgb '#777777' title 'box-lattice best triad (" +
            std::to_string(lattice_points) + " predict runs)', \\\n"
     << "  data using 2:" << when(1, "pattern", "$3")
     << " skip 1 with points pt 9 ps 1.4 lc rgb '#2e86c1' title 'pattern solver (" +
            std::to_string(pattern_points) + " runs)', \\\n"
     << "  data using 2:" << when(1, "train", "$3")
     << " skip 1 with points pt 7 ps 0.7 lc rgb '#82c99a' title 'trained networks, one run (" +
            std::to_string(train_points) + " runs" +
            (train_left_out
                 ? "; " + std::to_string(train_left_out) + " not path-integrating, left out"
                 : std::string()) +
            ")', \\\n"
     << "  data using 2:" << when(1, "train-mean", "$3")
     << ":7:8 skip 1 with yerrorbars pt 7 ps 1.3 lw 1.5 lc rgb '#1e8449' title 'trained "
        "networks: mean per width, 95% t interval', \\\n"
     << "  data using 2:" << when(1, "train-mean", "$8")
     << ":(sprintf('n=%d', $9)) skip 1 with labels offset 0,0.8 font ',8' notitle\n";
  render_figure(files, csv, gp.str(), "--out");
  return drawn(name,
               std::to_string(pattern_points) + " pattern and " + std::to_string(train_points) +
                   " train runs over the theory line" +
                   (train_left_out ? " (" + std::to_string(train_left_out) +
                                         " train runs not path-integrating left out)"
                                   : std::string()),
               files.png);
}

FigureOutcome write_emergence_figure(const ResultTable& r, const fs::path& out) {
  const std::string name = "fig4_emergence";
  std::vector<const ResultRow*> dos;
  std::vector<double> sigmas, ratios;
  for (const auto& row : r.rows)
    if (dos_relu(row)) {
      dos.push_back(&row);
      sigmas.push_back(row.sigma_m());
      ratios.push_back(row.surround_ratio());
    }
  const double sigma0 = pick_value(sigmas, defaults::sigma_m).value_or(defaults::sigma_m);
  const double ratio0 =
      pick_value(ratios, defaults::surround_ratio).value_or(defaults::surround_ratio);
  const double box = modal_box(dos);

  struct Cell {
    int train = 0, train_grids = 0, pattern = 0, pattern_grids = 0, train_npi = 0;
    std::string predicted;
    bool from_predict = false; // predicted comes from a predict row
    std::optional<double> min_power_ratio, length_mismatch;
  };
  // axis -> x -> counts; "sigma" at ratio0, "surround_ratio" at sigma0.
  std::map<std::string, std::map<double, Cell>> axes;
  int runs = 0, not_integrating = 0;
  for (const ResultRow* row : dos) {
    if (!same(row->box_m, box)) continue;
    std::vector<std::pair<std::string, double>> where;
    if (same(row->surround_ratio(), ratio0)) where.emplace_back("sigma", row->sigma_m());
    if (same(row->sigma_m(), sigma0)) where.emplace_back("surround_ratio", row->surround_ratio());
    bool counted = false, npi = false;
    for (const auto& [axis, x] : where) {
      Cell& c = axes[axis][x];
      if (row->command == "predict") {
        if (!c.from_predict) {
          c.from_predict = true;
          c.predicted = r.text(*row, "pattern");
          c.min_power_ratio = r.number(*row, "box_lattice.best_triad.min_power_ratio");
          c.length_mismatch = r.number(*row, "box_lattice.best_triad.length_mismatch");
        }
        continue;
      }
      const auto call = run_grid_call(r, *row);
      if (!call) continue;
      // Without predict rows, the run's own record of the prediction.
      if (c.predicted.empty()) c.predicted = r.text(*row, "predicted_pattern");
      if (*call == GridCall::not_path_integrating) { // never a network with grids: left out
        ++c.train_npi;
        npi = true;
        continue;
      }
      counted = true;
      const int has = *call == GridCall::grids ? 1 : 0;
      if (row->command == "train") {
        ++c.train;
        c.train_grids += has;
      } else {
        ++c.pattern;
        c.pattern_grids += has;
      }
    }
    runs += counted ? 1 : 0;
    not_integrating += npi ? 1 : 0;
  }
  if (runs == 0)
    return skipped(name, "no finished dos relu pattern rows or path-integrating train rows with "
                         "max_score_60 or fraction_score_60_above_0.8" +
                             (not_integrating ? " (" + std::to_string(not_integrating) +
                                                    " train runs with decoding error >= " +
                                                    num(figures_low_error_cm) + " cm left out)"
                                              : std::string()));

  std::string csv = "axis,value,train_runs,train_with_grids,train_fraction,pattern_runs,"
                    "pattern_with_grids,pattern_fraction,predicted_pattern,predicted_hexagonal,"
                    "triad_min_power_ratio,triad_length_mismatch,train_not_path_integrating,"
                    "train_fraction_lo,train_fraction_hi,pattern_fraction_lo,pattern_fraction_hi\n";
  for (const char* axis : {"sigma", "surround_ratio"}) {
    for (const auto& [x, c] : axes[axis]) {
      const auto frac = [](int part, int whole) {
        return whole > 0 ? num(static_cast<double>(part) / whole) : std::string();
      };
      const auto train_ci = wilson_fields(c.train_grids, c.train, 1);
      const auto pattern_ci = wilson_fields(c.pattern_grids, c.pattern, 1);
      csv += figure_row(
          {axis, num(x), std::to_string(c.train), std::to_string(c.train_grids),
           frac(c.train_grids, c.train), std::to_string(c.pattern), std::to_string(c.pattern_grids),
           frac(c.pattern_grids, c.pattern), c.predicted,
           c.predicted.empty() ? "" : (c.predicted == "hexagonal" ? "1" : "0"),
           num(c.min_power_ratio), num(c.length_mismatch), std::to_string(c.train_npi), train_ci[0],
           train_ci[1], pattern_ci[0], pattern_ci[1]});
    }
  }

  const FigureFiles files = figure_files_for(out / (name + ".png"));
  const std::string title = "NFL Fig. 4: fraction of runs with a unit of score_60 > " +
                            num(figures_grid_threshold) + " (dos, relu, L = " + format_number(box) +
                            " m); bars: 95% Wilson intervals, labels: trained runs";
  std::ostringstream gp;
  constexpr int width = 1300;
  gp << script_head(files, width, 560, "", "NFL Fig. 4, emergence vs sigma and surround");
  gp << multiplot_head(1, 2, title, width)
     << "set grid\nset yrange [-0.05:1.1]\nset ylabel 'fraction of runs with grids'\n"
     << "set key bottom left font ',9'\n";
  const auto panel = [&](const std::string& axis, const std::string& xlabel,
                         const std::string& subtitle) {
    gp << panel_title(subtitle, width, 2) << "set xlabel " << gnuplot_quoted(xlabel) << "\n";
    gp << "plot data using " << when(1, axis, "$2") << ":" << when(1, axis, "$5")
       << ":14:15 skip 1 with yerrorlines pt 7 lw 2 lc rgb '#1e8449' title 'trained networks"
       << (not_integrating ? " that path-integrate (" + std::to_string(not_integrating) +
                                 " that do not, left out)"
                           : std::string())
       << "', \\\n"
       << "  data using " << when(1, axis, "$2") << ":(1.06):(strcol(1) eq '" << axis
       << "' && $3 > 0 ? sprintf('%d', $3) : '') skip 1 with labels font ',8' tc rgb '#1e8449' "
          "notitle, \\\n"
       << "  data using " << when(1, axis, "$2") << ":" << when(1, axis, "$8")
       << ":16:17 skip 1 with yerrorlines pt 9 lw 2 lc rgb '#2e86c1' title 'pattern solver', "
          "\\\n"
       << "  data using " << when(1, axis, "$2") << ":" << when(1, axis, "$10")
       << " skip 1 with steps dt 2 lw 2 lc rgb '#c0392b' title 'theory: hexagonal predicted (1) "
          "or not (0)', \\\n"
       << "  data using " << when(1, axis, "$2") << ":" << when(1, axis, "$11")
       << " skip 1 with linespoints dt 3 pt 6 lc rgb '#777777' title 'box lattice: weakest "
          "triad wave / ring power'\n";
  };
  panel("sigma", "sigma_E (m)", "vs place-field width, sigma_I/sigma_E = " + format_number(ratio0));
  panel("surround_ratio", "sigma_I / sigma_E (dimensionless)",
        "vs surround ratio, sigma_E = " + format_number(sigma0) + " m");
  gp << "unset multiplot\n";
  render_figure(files, csv, gp.str(), "--out");
  return drawn(name,
               std::to_string(runs) + " runs over sigma and surround ratio" +
                   (not_integrating ? " (" + std::to_string(not_integrating) +
                                          " train runs not path-integrating left out)"
                                    : std::string()),
               files.png);
}

} // namespace gridtheory
