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
  const FigureFiles files = figure_files_for(png);
  std::ostringstream gp;
  gp << "# Grid spacings of grid-like units written by gridtheory; run `gnuplot "
     << files.script.filename().string() << "` in this folder to redraw.\n";
  gp << "if (!exists(\"outfile\")) outfile = '" << files.png.filename().string() << "'\n";
  gp << "set terminal pngcairo size 900,560 enhanced font 'Sans,10'\n";
  gp << "set output outfile\nset datafile separator ','\n";
  gp << "set title \"" << fig.title << "\" noenhanced\n";
  gp << "set xlabel 'grid spacing (m)'\nset ylabel 'units'\nset grid\nset key top right\n";
  gp << "set xrange [0:" << fig.box_m << "]\nset yrange [0:*]\nset style fill solid 0.6\n";
  if (fig.predicted_m) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead lw 2 lc rgb '#c0392b'\n"
                  "set label 'predicted %.3f m' at %.6g, graph 0.93 offset 0.5,0 tc rgb "
                  "'#c0392b'\n",
                  *fig.predicted_m, *fig.predicted_m, *fig.predicted_m, *fig.predicted_m);
    gp << buf;
  }
  gp << "plot '" << files.data.filename().string()
     << "' using (($1+$2)/2):3:($2-$1) skip 1 with boxes lc rgb '#1f4e79' title '"
     << fig.spacings_m.size() << " units with score_60 > 0.3'\n";
  render_figure(files, spacing_histogram_csv(fig), gp.str(), option);
}

} // namespace gridtheory
