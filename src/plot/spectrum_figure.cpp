#include "src/plot/spectrum_figure.hpp"

#include "src/report/encoding_report.hpp"
#include "theory/defaults.hpp"
#include "theory/spacing.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace gridtheory {

namespace {

// A vertical line at k across the axes, and its entry in the key: the key, not a label on the
// axes, says what the line marks, so that no text lies over the curve or another line.
struct Marker {
  double k;
  std::string style, colour, text;
};

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
     << gnuplot_quoted(std::string(fig.sampled ? "power |p~(k)|^2 of the sampled population"
                                               : "power |p~(k)|^2") +
                       " (dimensionless" + (fig.log_power ? ", log scale)" : ")"))
     << "\n";
  const double x_max = fig.samples.empty() ? 1.0 : fig.samples.back().k_per_m;
  gp << "set grid\nset key top right opaque box\nset xrange [0:" << x_max << "]\n";
  // A log axis shows six decades below the peak: the tail of a Gaussian falls without bound.
  if (fig.log_power && peak > 0.0)
    gp << "set logscale y\nset format y '%g'\nset yrange [" << 1e-6 * peak << ":" << 3.0 * peak
       << "]\n";
  std::vector<Marker> markers;
  char text[160];
  std::snprintf(text, sizeof text, "box %s = %.3f rad/m (lowest mode)",
                box_mode_figure_name(fig.periodic), fig.box_mode_per_m);
  markers.push_back({fig.box_mode_per_m, "dt 2 lw 2", "#555555", text});
  if (fig.k_star_per_m) {
    std::snprintf(text, sizeof text, "k* = %.3f rad/m, grid spacing %.3f m", *fig.k_star_per_m,
                  grid_spacing_m(*fig.k_star_per_m));
    markers.push_back({*fig.k_star_per_m, "lw 2", "#c0392b", text});
  }
  if (fig.rejected_peak_per_m) {
    std::snprintf(text, sizeof text, "rejected peak %.3f rad/m: no realisable ring",
                  *fig.rejected_peak_per_m);
    markers.push_back({*fig.rejected_peak_per_m, "dt 4 lw 2", "#d35400", text});
  }
  for (const Marker& m : markers)
    gp << "set arrow from " << m.k << ", graph 0 to " << m.k << ", graph 1 nohead front " << m.style
       << " lc rgb '" << m.colour << "'\n";
  gp << "plot '" << files.data.filename().string()
     << "' using 1:" << (fig.log_power ? "($2 > 0 ? $2 : NaN)" : "2")
     << " skip 1 with lines lw 2 lc rgb '#1f4e79' title 'power'";
  for (const Marker& m : markers)
    gp << ", \\\n  keyentry with lines " << m.style << " lc rgb '" << m.colour << "' title "
       << gnuplot_quoted(m.text);
  gp << "\n";
  render_figure(files, spectrum_csv(fig.samples), gp.str(), option);
}

} // namespace gridtheory
