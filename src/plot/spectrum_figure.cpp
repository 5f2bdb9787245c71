#include "src/plot/spectrum_figure.hpp"

#include "src/report/encoding_report.hpp"
#include "theory/defaults.hpp"
#include "theory/spacing.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace gridtheory {

namespace {

// A vertical line at k across the axes and its label at height y (a fraction of the axes) in a
// white box, so that it reads over the curve; right of the line, or left of it in the right
// part of the axes (x_max), so that it stays inside the figure.
std::string marker(double k, double x_max, const std::string& style, const std::string& label,
                   double y, const std::string& colour) {
  const bool left = k > 0.6 * x_max;
  std::ostringstream gp;
  gp << "set arrow from " << k << ", graph 0 to " << k << ", graph 1 nohead front " << style
     << " lc rgb '" << colour << "'\n"
     << "set label " << gnuplot_quoted(label) << " at " << k << ", graph " << y
     << (left ? " right offset -0.5,0" : " left offset 0.5,0") << " front boxed tc rgb '" << colour
     << "'\n";
  return gp.str();
}

} // namespace

double spectrum_default_k_max(const Encoding& enc, const Box& box) {
  return std::max(default_k_max(enc), 2.0 * lowest_box_mode_per_m(box.side_m, /*periodic=*/true));
}

std::string spectrum_csv(const std::vector<SpectrumSample>& samples) {
  std::string out = "k_per_m,power\n";
  char line[96];
  for (const auto& s : samples) {
    std::snprintf(line, sizeof line, "%.10g,%.10g\n", s.k_per_m, s.power);
    out += line;
  }
  return out;
}

SpectrumFigure prediction_spectrum_figure(const Encoding& enc, Activation act, const Box& box,
                                          const Prediction& p, const SampledSpectrum* sampled) {
  SpectrumFigure fig;
  fig.title = "predicted pattern: " + std::string(pattern_name(p.pattern)) + " (" +
              std::string(activation_name(act)) + ")\n" + describe(enc) +
              "; box L = " + format_number(box.side_m) + " m, " +
              (box.periodic ? "periodic" : "solid walls");
  const double k_max = spectrum_default_k_max(enc, box);
  if (sampled) {
    for (const auto& s : sampled->radial)
      if (s.k_per_m <= k_max) fig.samples.push_back(s);
  } else {
    fig.samples = radial_spectrum(enc, k_max, defaults::csv_points);
  }
  fig.k_star_per_m = p.k_star_per_m;
  fig.rejected_peak_per_m = p.rejected_peak_k_per_m;
  fig.box_mode_per_m = p.box_mode_per_m;
  fig.periodic = box.periodic;
  fig.sampled = sampled != nullptr;
  return fig;
}

SpectrumFigure rows_spectrum_figure(const Encoding& enc, const Box& box, const SpectrumRows& rows,
                                    bool sampled) {
  SpectrumFigure fig;
  fig.title = "radial power spectrum\n" + describe(enc) + "; box L = " + format_number(box.side_m) +
              " m, " + (box.periodic ? "periodic" : "solid walls");
  fig.samples = rows.samples;
  fig.box_mode_per_m = lowest_box_mode_per_m(box.side_m, box.periodic);
  if (rows.ring) {
    if (is_realisable_ring(*rows.ring, fig.box_mode_per_m, rows.box_power))
      fig.k_star_per_m = rows.ring->k_star_per_m;
    else
      fig.rejected_peak_per_m = rows.ring->k_star_per_m;
  }
  fig.periodic = box.periodic;
  fig.sampled = sampled;
  return fig;
}

void write_spectrum_figure(const SpectrumFigure& fig, const std::filesystem::path& png,
                           std::string_view option) {
  constexpr int width = 1000, height = 640;
  constexpr double font = 10.0;
  const FigureFiles files = figure_files_for(png);
  double peak = 0.0;
  for (const auto& s : fig.samples)
    peak = std::max(peak, s.power);
  std::ostringstream gp;
  gp << figure_preamble(files, width, height, font, "Radial power spectrum");
  gp << "set title " << fitted_text(fig.title, width - 80, font) << "\n";
  gp << "set xlabel 'wavenumber k (rad/m)'\nset ylabel "
     << gnuplot_quoted(std::string(fig.sampled ? "power of the sampled kernel (arbitrary units)"
                                               : "power |p~(k)|^2 (dimensionless)") +
                       (fig.log_power ? ", log scale" : ""))
     << "\n";
  const double x_max = fig.samples.empty() ? 1.0 : fig.samples.back().k_per_m;
  gp << "set grid\nunset key\nset style textbox opaque noborder\nset xrange [0:" << x_max << "]\n";
  // A log axis shows six decades below the peak: the tail of a Gaussian falls without bound.
  if (fig.log_power && peak > 0.0)
    gp << "set logscale y\nset format y '%g'\nset yrange [" << 1e-6 * peak << ":" << 3.0 * peak
       << "]\n";
  char text[160];
  std::snprintf(text, sizeof text, "box %s = %.3f rad/m", box_mode_figure_name(fig.periodic),
                fig.box_mode_per_m);
  gp << marker(fig.box_mode_per_m, x_max, "dt 2 lw 2", text, 0.95, "#555555");
  if (fig.k_star_per_m) {
    std::snprintf(text, sizeof text, "k* = %.3f rad/m, grid spacing %.3f m", *fig.k_star_per_m,
                  grid_spacing_m(*fig.k_star_per_m));
    gp << marker(*fig.k_star_per_m, x_max, "lw 2", text, 0.87, "#c0392b");
  }
  if (fig.rejected_peak_per_m) {
    std::snprintf(text, sizeof text, "rejected peak %.3f rad/m: no realisable ring",
                  *fig.rejected_peak_per_m);
    gp << marker(*fig.rejected_peak_per_m, x_max, "dt 4 lw 2", text, 0.79, "#d35400");
  }
  gp << "plot '" << files.data.filename().string()
     << "' using 1:" << (fig.log_power ? "($2 > 0 ? $2 : NaN)" : "2")
     << " skip 1 with lines lw 2 lc rgb '#1f4e79' notitle\n";
  render_figure(files, spectrum_csv(fig.samples), gp.str(), option);
}

} // namespace gridtheory
