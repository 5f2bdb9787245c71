#include "src/plot/mosaic.hpp"

#include "src/report/score_table.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

namespace gridtheory {

void write_mosaic(const Mosaic& m, const std::filesystem::path& png, std::string_view option) {
  if (m.n < 1 || m.tiles.empty()) throw InternalError("write_mosaic: nothing to draw");
  const int count = static_cast<int>(m.tiles.size());
  const int cols = m.columns > 0
                       ? m.columns
                       : static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
  const int rows = (count + cols - 1) / cols;
  const int gap = std::max(1, m.n / 10);
  const int width = cols * m.n + (cols - 1) * gap, height = rows * m.n + (rows - 1) * gap;
  std::vector<double> canvas(static_cast<size_t>(width) * height, std::nan(""));

  for (int t = 0; t < count; ++t) {
    const double* v = m.tiles[static_cast<size_t>(t)].values;
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < m.n * m.n; ++i)
      if (std::isfinite(v[i])) lo = std::min(lo, v[i]), hi = std::max(hi, v[i]);
    const double span = hi > lo ? hi - lo : 1.0;
    // Tile t sits at grid (tr, tc) counted from the top-left; canvas row 0 is the bottom.
    const int tr = t / cols, tc = t % cols;
    const int y0 = (rows - 1 - tr) * (m.n + gap), x0 = tc * (m.n + gap);
    for (int y = 0; y < m.n; ++y)
      for (int x = 0; x < m.n; ++x) {
        const double value = v[y * m.n + x];
        canvas[static_cast<size_t>(y0 + y) * width + (x0 + x)] =
            std::isfinite(value) ? (value - lo) / span : std::nan("");
      }
  }

  std::string csv;
  csv.reserve(canvas.size() * 6);
  char buf[32];
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double v = canvas[static_cast<size_t>(y) * width + x];
      if (std::isfinite(v))
        std::snprintf(buf, sizeof buf, "%.4f", v);
      else
        std::snprintf(buf, sizeof buf, "NaN");
      csv += buf;
      csv += x + 1 < width ? ',' : '\n';
    }
  }

  const FigureFiles files = figure_files_for(png);
  std::ostringstream gp;
  const int px = std::clamp(180 * cols, 400, 2400), py = std::clamp(190 * rows + 40, 300, 2600);
  gp << "# Mosaic written by gridtheory; run `gnuplot " << files.script.filename().string()
     << "` in this folder to redraw. Each tile is scaled to its own [min, max].\n"
     << "if (!exists(\"outfile\")) outfile = '" << files.png.filename().string() << "'\n"
     << "set terminal pngcairo size " << px << "," << py << " enhanced font 'Sans,9'\n"
     << "set output outfile\nset datafile separator ','\nset datafile missing 'NaN'\n"
     << "set title \"" << m.title << "\" noenhanced\n"
     << "unset xtics\nunset ytics\nunset colorbox\nset size ratio -1\nset border 0\n"
     << "set palette rgbformulae 30,31,32\n" // black-blue-violet-yellow-white, monotone in grey
     << "set xrange [-0.5:" << width - 0.5 << "]\nset yrange [-0.5:" << height + 0.5 << "]\n";
  for (int t = 0; t < count; ++t) {
    const int tr = t / cols, tc = t % cols;
    const double lx = tc * (m.n + gap), ly = (rows - 1 - tr) * (m.n + gap) + m.n - 0.5;
    gp << "set label " << t + 1 << " \"" << m.tiles[static_cast<size_t>(t)].label << "\" at " << lx
       << "," << ly << " front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6\n";
  }
  gp << "plot '" << files.data.filename().string() << "' matrix with image notitle\n";
  render_figure(files, csv, gp.str(), option);
}

std::vector<std::size_t> units_by_score_60(const std::vector<GridScores>& scores,
                                           std::size_t count) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto key = [&](std::size_t i) {
    return std::isfinite(scores[i].score_60) ? scores[i].score_60 : -1e300;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  order.resize(std::min(order.size(), count));
  return order;
}

void write_top_unit_mosaics(const double* maps, int nbins, const std::vector<GridScores>& scores,
                            SacMode mode, std::size_t count, const std::string& ratemaps_title,
                            const std::string& sacs_title,
                            const std::filesystem::path& ratemaps_png,
                            const std::filesystem::path& sacs_png, std::string_view option) {
  const std::vector<std::size_t> order = units_by_score_60(scores, count);
  const auto cells = static_cast<std::size_t>(nbins) * static_cast<std::size_t>(nbins);
  Mosaic rm{ratemaps_title, nbins, {}, 0};
  std::vector<std::vector<double>> sacs;
  sacs.reserve(order.size());
  for (std::size_t i : order) {
    rm.tiles.push_back(
        {maps + i * cells, "#" + std::to_string(i) + " " + format_score(scores[i].score_60)});
    sacs.push_back(spatial_autocorrelogram(maps + i * cells, nbins, mode));
  }
  Mosaic sm{sacs_title, 2 * nbins - 1, {}, 0};
  for (std::size_t k = 0; k < order.size(); ++k)
    sm.tiles.push_back({sacs[k].data(), rm.tiles[k].label});
  write_mosaic(rm, ratemaps_png, option);
  write_mosaic(sm, sacs_png, option);
}

} // namespace gridtheory
