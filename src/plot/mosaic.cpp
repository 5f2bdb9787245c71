#include "src/plot/mosaic.hpp"

#include "src/report/score_table.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

namespace gridtheory {

namespace {

// Pixels of the PNG: a tile's side, the band above a tile row for its labels, the band below
// the mosaic for the scale bar, the margins (the right one holds the colour bar and its label).
constexpr double kTilePx = 150.0, kLabelPx = 16.0, kScalePx = 28.0;
constexpr int kLeftPx = 14, kRightPx = 150, kBottomPx = 6, kMinWidthPx = 480;
constexpr double kFontPt = 9.0, kTitlePt = 10.0, kLabelPt = 8.0;

int count_lines(const std::string& text) {
  return 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

std::string wrapped_title(const Mosaic& m, int png_width) {
  return wrap_text(m.title, characters_fitting(png_width - 24.0, kTitlePt));
}

std::string metres_text(double m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g m", m);
  return buf;
}

} // namespace

double scale_bar_length_m(double span_m) {
  if (!(span_m > 0.0) || !std::isfinite(span_m))
    throw InternalError("scale_bar_length_m: no positive span");
  const double limit = 0.4 * span_m;
  double best = 0.0;
  for (double decade = std::pow(10.0, std::floor(std::log10(limit)) - 1.0); decade <= limit;
       decade *= 10.0)
    for (const double mantissa : {1.0, 2.0, 5.0})
      if (mantissa * decade <= limit * (1.0 + 1e-12)) best = mantissa * decade;
  return best;
}

MosaicLayout mosaic_layout(const Mosaic& m) {
  if (m.n < 1 || m.tiles.empty()) throw InternalError("write_mosaic: nothing to draw");
  if (!(m.bin_m > 0.0)) throw InternalError("write_mosaic: no bin size for the scale bar");
  MosaicLayout l;
  const int count = static_cast<int>(m.tiles.size());
  l.columns = m.columns > 0 ? m.columns
                            : static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
  l.rows = (count + l.columns - 1) / l.columns;
  l.pixels_per_bin = kTilePx / m.n;
  l.gap_x = std::max(1, m.n / 10);
  l.gap_y = std::max(l.gap_x, static_cast<int>(std::ceil(kLabelPx / l.pixels_per_bin)));
  l.width = l.columns * m.n + (l.columns - 1) * l.gap_x;
  l.height = l.rows * m.n + (l.rows - 1) * l.gap_y;
  l.scale_band = static_cast<int>(std::ceil(kScalePx / l.pixels_per_bin));
  const double plot_w = l.width * l.pixels_per_bin;
  const double plot_h = (l.height + l.gap_y + l.scale_band) * l.pixels_per_bin;
  l.png_width = std::max(kMinWidthPx, static_cast<int>(std::ceil(kLeftPx + plot_w + kRightPx)));
  const int title_px = 16 * count_lines(wrapped_title(m, l.png_width)) + 20;
  l.png_height = static_cast<int>(std::ceil(title_px + plot_h + kBottomPx));
  l.scale_bar_m = scale_bar_length_m(m.n * m.bin_m);
  return l;
}

void write_mosaic(const Mosaic& m, const std::filesystem::path& png, std::string_view option) {
  const MosaicLayout l = mosaic_layout(m);
  const int count = static_cast<int>(m.tiles.size());
  const int cols = l.columns, width = l.width, height = l.height;
  std::vector<double> canvas(static_cast<size_t>(width) * height, std::nan(""));

  for (int t = 0; t < count; ++t) {
    const double* v = m.tiles[static_cast<size_t>(t)].values;
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < m.n * m.n; ++i)
      if (std::isfinite(v[i])) lo = std::min(lo, v[i]), hi = std::max(hi, v[i]);
    const double span = hi > lo ? hi - lo : 1.0;
    // Tile t sits at grid (tr, tc) counted from the top-left; canvas row 0 is the bottom.
    const int tr = t / cols, tc = t % cols;
    const int y0 = (l.rows - 1 - tr) * (m.n + l.gap_y), x0 = tc * (m.n + l.gap_x);
    for (int y = 0; y < m.n; ++y)
      for (int x = 0; x < m.n; ++x) {
        const double value = v[y * m.n + x];
        canvas[static_cast<size_t>(y0 + y) * width + (x0 + x)] = !std::isfinite(value)
                                                                     ? std::nan("")
                                                                 : m.range ? value
                                                                           : (value - lo) / span;
      }
  }

  std::string csv;
  csv.reserve(canvas.size() * 6);
  char buf[32];
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double v = canvas[static_cast<size_t>(y) * width + x];
      if (!std::isfinite(v))
        std::snprintf(buf, sizeof buf, "NaN");
      else if (m.range)
        std::snprintf(buf, sizeof buf, "%.5g", v);
      else
        std::snprintf(buf, sizeof buf, "%.4f", v);
      csv += buf;
      csv += x + 1 < width ? ',' : '\n';
    }
  }

  // Screen coordinates: the plot holds the canvas, the label band above it and the scale band
  // below it at pixels_per_bin in x and y, so bins stay square; spare width goes to the left.
  const double ppb = l.pixels_per_bin, W = l.png_width, H = l.png_height;
  const double plot_w = width * ppb, plot_h = (height + l.gap_y + l.scale_band) * ppb;
  const double left = W - kRightPx - plot_w;
  const double canvas_bottom = kBottomPx + l.scale_band * ppb, canvas_h = height * ppb;
  const auto screen = [](double px, double total) {
    char s[32];
    std::snprintf(s, sizeof s, "%.5f", px / total);
    return std::string(s);
  };
  const FigureFiles files = figure_files_for(png);
  std::ostringstream gp;
  gp << figure_preamble(files, l.png_width, l.png_height, kFontPt, "Mosaic") << "# "
     << (m.range ? "Every tile on one colour scale." : "Each tile is scaled to its own [min, max].")
     << "\nset datafile missing 'NaN'\n"
     // The title is centred on the page, not on the tiles (the colour bar shifts them left).
     << "set label 1000 " << gnuplot_quoted(wrapped_title(m, l.png_width))
     << " at screen 0.5, screen " << screen(H - 0.5 * (H - kBottomPx - plot_h), H)
     << " center font '," << kTitlePt << "'\n"
     << "unset key\nunset xtics\nunset ytics\nset border 0\n"
     << "set lmargin at screen " << screen(left, W) << "\nset rmargin at screen "
     << screen(left + plot_w, W) << "\nset bmargin at screen " << screen(kBottomPx, H)
     << "\nset tmargin at screen " << screen(kBottomPx + plot_h, H) << "\n"
     << "set xrange [-0.5:" << width - 0.5 << "]\nset yrange [" << -0.5 - l.scale_band << ":"
     << height - 0.5 + l.gap_y
     << "]\n"
     // viridis: perceptually uniform, readable in grey, and never white like the page.
     << "set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 "
        "'#fde725')\n"
     << "set cbrange [" << (m.range ? m.range->first : 0.0) << ":"
     << (m.range ? m.range->second : 1.0) << "]\n"
     << "set colorbox user origin screen " << screen(left + plot_w + 16, W) << ", screen "
     << screen(canvas_bottom, H) << " size screen " << screen(14, W) << ", screen "
     << screen(canvas_h, H) << "\n"
     << "set cbtics font '," << kLabelPt << "'\n"
     << "set cblabel " << fitted_text(m.value_label, canvas_h, kFontPt) << "\n";
  for (int t = 0; t < count; ++t) {
    const int tr = t / cols, tc = t % cols;
    const double lx = tc * (m.n + l.gap_x) - 0.5;
    const double ly = (l.rows - 1 - tr) * (m.n + l.gap_y) + m.n - 0.5 + 0.5 * l.gap_y;
    gp << "set label " << t + 1 << " " << gnuplot_quoted(m.tiles[static_cast<size_t>(t)].label)
       << " at " << lx << "," << ly << " left front tc rgb 'black' font '," << kLabelPt << "'\n";
  }
  // The scale bar under the first column, its length written beside it.
  const double bar_y = -0.5 - 0.5 * l.scale_band, bar_end = -0.5 + l.scale_bar_m / m.bin_m;
  gp << "# scale bar: " << l.scale_bar_m << " m = " << l.scale_bar_m / m.bin_m << " bins of "
     << m.bin_m << " m\n"
     << "set arrow 1 from -0.5," << bar_y << " to " << bar_end << "," << bar_y
     << " nohead front lw 4 lc rgb 'black'\n"
     << "set label " << count + 1 << " "
     << gnuplot_quoted(metres_text(l.scale_bar_m) + (m.lags ? " lag" : "")) << " at " << bar_end
     << "," << bar_y << " left offset 0.8,0 front tc rgb 'black'\n";
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

void write_top_unit_mosaics(const double* maps, int nbins, double box_m,
                            const std::vector<GridScores>& scores, SacMode mode, std::size_t count,
                            const std::string& ratemaps_title, const std::string& sacs_title,
                            const std::filesystem::path& ratemaps_png,
                            const std::filesystem::path& sacs_png, std::string_view option) {
  const std::vector<std::size_t> order = units_by_score_60(scores, count);
  const auto cells = static_cast<std::size_t>(nbins) * static_cast<std::size_t>(nbins);
  Mosaic rm;
  rm.title = ratemaps_title;
  rm.n = nbins;
  rm.bin_m = box_m / nbins;
  rm.value_label = mosaic_rate_label;
  std::vector<std::vector<double>> sacs;
  sacs.reserve(order.size());
  for (std::size_t i : order) {
    rm.tiles.push_back(
        {maps + i * cells, "#" + std::to_string(i) + " " + format_score(scores[i].score_60)});
    sacs.push_back(spatial_autocorrelogram(maps + i * cells, nbins, mode));
  }
  Mosaic sm;
  sm.title = sacs_title;
  sm.n = 2 * nbins - 1;
  sm.bin_m = rm.bin_m; // a SAC's lag step is the ratemap's bin
  sm.lags = true;
  sm.range = std::pair{-1.0, 1.0};
  sm.value_label = mosaic_sac_label;
  for (std::size_t k = 0; k < order.size(); ++k)
    sm.tiles.push_back({sacs[k].data(), rm.tiles[k].label});
  write_mosaic(rm, ratemaps_png, option);
  write_mosaic(sm, sacs_png, option);
}

} // namespace gridtheory
