#include "src/plot/spectrum_figure.hpp"

#include "theory/spacing.hpp"

#include <cstdio>
#include <sstream>

namespace gridtheory {

std::string spectrum_csv(const std::vector<SpectrumSample>& samples) {
  std::string out = "k_per_m,power\n";
  char line[96];
  for (const auto& s : samples) {
    std::snprintf(line, sizeof line, "%.10g,%.10g\n", s.k_per_m, s.power);
    out += line;
  }
  return out;
}

void write_spectrum_figure(const SpectrumFigure& fig, const std::filesystem::path& png,
                           std::string_view option) {
  const FigureFiles files = figure_files_for(png);
  char buf[256];
  std::ostringstream gp;
  gp << "# Radial power spectrum written by gridtheory; run `gnuplot "
     << files.script.filename().string() << "` in this folder to redraw.\n";
  gp << "if (!exists(\"outfile\")) outfile = '" << files.png.filename().string() << "'\n";
  gp << "set terminal pngcairo size 1000,640 enhanced font 'Sans,10'\n";
  gp << "set output outfile\n";
  gp << "set datafile separator ','\n";
  gp << "set title \"" << fig.title << "\" noenhanced\n";
  gp << "set xlabel 'wavenumber k (rad/m)'\nset ylabel 'power |p~(k)|^2' noenhanced\n";
  gp << "set grid\nset key top right\nset xrange [0:"
     << (fig.samples.empty() ? 1.0 : fig.samples.back().k_per_m) << "]\n";
  std::snprintf(buf, sizeof buf,
                "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead dt 2 lw 2 lc rgb '#555555'\n",
                fig.box_mode_per_m, fig.box_mode_per_m);
  gp << buf;
  std::snprintf(buf, sizeof buf,
                "set label 'box %s = %.3f rad/m' at %.6g, graph 0.93 offset 0.5,0\n",
                box_mode_gnuplot_name(fig.periodic), fig.box_mode_per_m, fig.box_mode_per_m);
  gp << buf;
  if (fig.k_star_per_m) {
    const double k = *fig.k_star_per_m;
    std::snprintf(buf, sizeof buf,
                  "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead lw 2 lc rgb '#c0392b'\n", k,
                  k);
    gp << buf;
    std::snprintf(buf, sizeof buf,
                  "set label 'k* = %.3f rad/m, grid spacing %.3f m' at %.6g, graph 0.85 offset "
                  "0.5,0 tc rgb '#c0392b'\n",
                  k, grid_spacing_m(k), k);
    gp << buf;
  }
  gp << "plot '" << files.data.filename().string()
     << "' using 1:2 skip 1 with lines lw 2 lc rgb '#1f4e79' title 'power'\n";
  render_figure(files, spectrum_csv(fig.samples), gp.str(), option);
}

} // namespace gridtheory
