#include "src/plot/spacing_figure.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace gridtheory {

namespace {
constexpr int kBins = 44;
}

std::string spacing_histogram_csv(const SpacingFigure& fig) {
  std::vector<int> counts(kBins, 0);
  const double width = fig.box_m / kBins;
  for (double s : fig.spacings_m) {
    if (!std::isfinite(s) || s <= 0.0) continue;
    counts[static_cast<size_t>(std::clamp(static_cast<int>(s / width), 0, kBins - 1))]++;
  }
  std::string out = "bin_lo_m,bin_hi_m,units\n";
  char line[96];
  for (int b = 0; b < kBins; ++b) {
    std::snprintf(line, sizeof line, "%.6g,%.6g,%d\n", b * width, (b + 1) * width,
                  counts[static_cast<size_t>(b)]);
    out += line;
  }
  return out;
}

void write_spacing_figure(const SpacingFigure& fig, const std::filesystem::path& png,
                          std::string_view option) {
  constexpr int width = 900, height = 560;
  constexpr double font = 10.0;
  const FigureFiles files = figure_files_for(png);
  std::ostringstream gp;
  gp << figure_preamble(files, width, height, font, "Grid spacings of grid-like units");
  gp << "set title " << fitted_text(fig.title, width - 80, font) << "\n";
  gp << "set xlabel 'grid spacing (m)'\nset ylabel 'number of units'\nset grid\n";
  // The key below the axes: inside, it would hide bars or the prediction.
  gp << "set key below\n";
  const double x_max = std::max(fig.box_m, fig.predicted_m ? 1.1 * *fig.predicted_m : 0.0);
  gp << "set xrange [0:" << x_max << "]\nset yrange [0:*]\nset style fill solid 0.6\n";
  if (fig.predicted_m) {
    char arrow[160];
    std::snprintf(arrow, sizeof arrow,
                  "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead front lw 2 lc rgb "
                  "'#c0392b'\n",
                  *fig.predicted_m, *fig.predicted_m);
    gp << arrow;
  }
  gp << "plot '" << files.data.filename().string()
     << "' using (($1+$2)/2):3:($2-$1) skip 1 with boxes lc rgb '#1f4e79' title "
     << gnuplot_quoted(std::to_string(fig.spacings_m.size()) + " units with score_60 > 0.3");
  // The prediction's line is an arrow; keyentry gives it its line in the key.
  if (fig.predicted_m) {
    char key[80];
    std::snprintf(key, sizeof key, "predicted grid spacing %.3f m (theory)", *fig.predicted_m);
    gp << ", \\\n  keyentry with lines lw 2 lc rgb '#c0392b' title " << gnuplot_quoted(key);
  }
  gp << "\n";
  render_figure(files, spacing_histogram_csv(fig), gp.str(), option);
}

} // namespace gridtheory
