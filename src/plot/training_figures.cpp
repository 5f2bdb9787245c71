// How a trained network's grids change as it trains: the runs of a sweep whose folder holds
// evals.csv (`train --eval-every N`), their grid spacing, best score and decoding error against
// the step, with the theory's spacing for each run's target.
#include "src/io/csv.hpp"
#include "src/plot/paper_figure_util.hpp"
#include "src/plot/paper_figures.hpp"

namespace gridtheory {

using namespace figures_detail;
namespace fs = std::filesystem;

FigureOutcome write_training_figure(const ResultTable& r, const fs::path& out) {
  const std::string name = "spacing_over_training";
  std::string csv = "run,label,step,median_grid_spacing_m,grid_spacing_q25_m,grid_spacing_q75_m,"
                    "max_score_60,decoding_error_cm,predicted_grid_spacing_m,run_id\n";
  std::vector<std::string> labels;
  std::optional<double> predicted_lo, predicted_hi;
  for (const ResultRow* row : r.of("train")) {
    const fs::path file = row->folder / "evals.csv";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) continue;
    CsvTable evals;
    try {
      evals = read_csv(file, "--results");
    } catch (const std::exception&) {
      continue; // an unreadable file is no curve; the others still draw
    }
    if (evals.rows.empty()) continue;
    const std::string hidden = r.text(*row, "config.hidden");
    const std::string seed = r.text(*row, "opt.seed");
    std::string label = std::string(family_name(row->encoding.family)) +
                        " sigma=" + row->encoding.sigma_m.to_string();
    if (!hidden.empty()) label += ", " + hidden + " units";
    if (!seed.empty()) label += ", seed " + seed;
    const auto predicted = r.number(*row, "predicted_grid_spacing_m");
    if (predicted) {
      predicted_lo = std::min(predicted_lo.value_or(*predicted), *predicted);
      predicted_hi = std::max(predicted_hi.value_or(*predicted), *predicted);
    }
    const std::string index = std::to_string(labels.size());
    for (std::size_t i = 0; i < evals.rows.size(); ++i)
      csv += figure_row({index, label, num(evals.number(i, "step")),
                         num(evals.number(i, "median_grid_spacing_m")),
                         num(evals.number(i, "grid_spacing_q25_m")),
                         num(evals.number(i, "grid_spacing_q75_m")),
                         num(evals.number(i, "max_score_60")),
                         num(evals.number(i, "decoding_error_cm")), num(predicted), row->run_id});
    labels.push_back(label);
  }
  if (labels.empty())
    return skipped(name, "no train run folder with evals.csv (train --eval-every N) under " +
                             (r.dir / "runs").string());

  const FigureFiles files = figure_files_for(out / (name + ".png"));
  std::ostringstream gp;
  constexpr int width = 1500;
  gp << script_head(files, width, 520, "", "Grid spacing over training");
  gp << multiplot_head(1, 3,
                       "Trained networks over training (" + std::to_string(labels.size()) +
                           " runs with evals.csv): spacing = median SAC spacing of the grid-like "
                           "units (score_60 > 0.3), bars: their quartiles",
                       width)
     << "set grid\nset key top right font ',8'\n"
     << "set xlabel 'training step'\n";
  const auto series = [&](int column, const std::string& extra, const std::string& style) {
    for (std::size_t i = 0; i < labels.size(); ++i)
      gp << "  data using (strcol(1) eq '" << i << "' ? $3 : NaN):" << column << extra
         << " skip 1 with " << style << " lc " << i + 1 << " title " << gnuplot_string(labels[i])
         << (i + 1 < labels.size() ? ", \\\n" : "");
  };
  gp << panel_title("grid spacing (m)", width, 3)
     << "set ylabel 'grid spacing (m)'\nset yrange [0:*]\nplot \\\n";
  series(4, ":5:6", "yerrorlines pt 7 ps 0.6");
  if (predicted_lo)
    gp << ", \\\n  " << num(predicted_lo) << " with lines dt 2 lw 2 lc rgb '#c0392b' title "
       << gnuplot_string("theory " + format_number(*predicted_lo) + " m" +
                         (*predicted_hi > *predicted_lo ? " (lowest of the runs' targets)" : ""));
  gp << "\n";
  gp << panel_title("best unit score_60", width, 3) << "set ylabel 'max score_60 (dimensionless)'\n"
     << "set yrange [*:*]\nset arrow 1 from graph 0, first " << num(figures_grid_threshold)
     << " to graph 1, first " << num(figures_grid_threshold)
     << " nohead dt 2 lc rgb '#777777'\nplot \\\n";
  series(7, "", "linespoints pt 7 ps 0.5");
  gp << "\nunset arrow 1\n";
  gp << panel_title("decoding error (cm)", width, 3)
     << "set ylabel 'decoding error (cm)'\nset logscale y\n"
     << "set arrow 2 from graph 0, first " << num(figures_low_error_cm) << " to graph 1, first "
     << num(figures_low_error_cm) << " nohead dt 2 lc rgb '#777777'\nplot \\\n";
  series(8, "", "linespoints pt 7 ps 0.5");
  gp << "\nunset logscale y\nunset multiplot\n";
  render_figure(files, csv, gp.str(), "--out");
  return drawn(name, std::to_string(labels.size()) + " train runs with evals.csv", files.png);
}

} // namespace gridtheory
