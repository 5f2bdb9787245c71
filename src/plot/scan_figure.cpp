#include "src/plot/scan_figure.hpp"

#include "src/report/encoding_report.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

namespace gridtheory {

namespace {

constexpr int kWidth = 1000, kHeight = 820;
constexpr double kFont = 10.0;

// The smallest and largest finite value of `get` over the rows, when there is one.
template <typename Get>
std::optional<std::pair<double, double>> extent(const std::vector<ScanRow>& rows, Get get) {
  std::optional<std::pair<double, double>> e;
  for (const ScanRow& r : rows) {
    const std::optional<double> v = get(r);
    if (!v || !std::isfinite(*v)) continue;
    e = e ? std::pair{std::min(e->first, *v), std::max(e->second, *v)} : std::pair{*v, *v};
  }
  return e;
}

const Triad* best_triad(const ScanRow& r) {
  return r.lattice && r.lattice->best_triad ? &*r.lattice->best_triad : nullptr;
}

// An axis from 0 to 8% above the largest value, so that no point sits on the border; autoscaled
// when no row has a value.
std::string range_from_zero(const char* axis, const std::optional<std::pair<double, double>>& e) {
  std::ostringstream o;
  if (e && e->second > 0.0)
    o << "set " << axis << "range [0:" << 1.08 * e->second << "]\n";
  else
    o << "set " << axis << "range [*:*]\n";
  return o.str();
}

} // namespace

std::string scan_axis_label(const std::string& column) {
  if (column == "sigma") return "sigma_E (m)";
  if (column == "surround_ratio") return "sigma_I / sigma_E (surround ratio, NFL)";
  if (column == "surround_variance_ratio")
    return "sigma_I^2 / sigma_E^2 (surround variance ratio, Sorscher)";
  if (column == "alpha_e") return "alpha_E (centre amplitude, dimensionless)";
  if (column == "alpha_i") return "alpha_I (surround amplitude, dimensionless)";
  if (column == "box") return "box side L (m)";
  throw InternalError("scan_axis_label: unknown scanned column " + column);
}

void write_scan_figure(const ScanFigure& fig, const std::filesystem::path& png,
                       std::string_view option) {
  if (fig.rows.empty()) throw InternalError("write_scan_figure: no rows");
  const FigureFiles files = figure_files_for(png);
  const std::string walls = fig.box.periodic ? "periodic" : "solid walls";
  const std::string title =
      "scan over --" + fig.parameter_column + " " + fig.range_text + " (" +
      std::string(activation_name(fig.activation)) + "; box " +
      (fig.parameter_column == "box" ? "side scanned"
                                     : "L = " + format_number(fig.box.side_m) + " m") +
      ", " + walls + ")\nencoding at the first value: " + describe(fig.first_encoding);

  const auto x = extent(fig.rows, [](const ScanRow& r) { return std::optional(r.value); });
  const double pad =
      x->second > x->first ? 0.03 * (x->second - x->first) : 0.05 * std::abs(x->first) + 1e-3;
  const auto spacing = extent(fig.rows, [](const ScanRow& r) {
    const Triad* t = best_triad(r);
    const std::optional<double> ring = r.prediction.grid_spacing_m;
    if (t && ring) return std::optional(std::max(t->grid_spacing_m, *ring));
    return t ? std::optional(t->grid_spacing_m) : ring;
  });
  const auto length = extent(fig.rows, [](const ScanRow& r) {
    const Triad* t = best_triad(r);
    return t ? std::optional(t->length_mismatch) : std::nullopt;
  });
  const auto angle = extent(fig.rows, [](const ScanRow& r) {
    const Triad* t = best_triad(r);
    return t ? std::optional(t->angle_mismatch_deg) : std::nullopt;
  });

  const std::string data = "'" + files.data.filename().string() + "'";
  std::ostringstream gp;
  gp << figure_preamble(files, kWidth, kHeight, kFont, "Scan") << "set datafile missing ''\n"
     << "set multiplot layout 2,1 title " << fitted_text(title, kWidth - 80, kFont)
     << "\n"
     // Both panels share the x axis: fixed left and right margins line them up (the lower one
     // has a second y axis on the right).
     << "set lmargin at screen 0.09\nset rmargin at screen 0.91\n"
     << "set grid\nset key top left opaque box\n"
     << "set xlabel " << gnuplot_quoted(scan_axis_label(fig.parameter_column)) << "\n"
     << "set xrange [" << x->first - pad << ":" << x->second + pad << "]\n"
     << "set ylabel 'grid spacing (m)'\n"
     << range_from_zero("y", spacing)
     << "set title 'grid spacing of the ring, 4π/(√3 k*), and the one the box lattice forces'\n"
     << "plot " << data << " using 1:6 skip 1 with lines lw 2 title 'theory (continuous ring)', "
     << data << " using 1:15 skip 1 with linespoints pt 7 title 'best lattice triad of the box'\n"
     << "set ylabel 'length mismatch (fraction of k*)'\nset y2label 'angle mismatch (degrees)'\n"
     << "set y2tics\nset ytics nomirror\n"
     << range_from_zero("y", length) << range_from_zero("y2", angle)
     << "set title 'how far the best triad is from a hexagon on the ring'\n"
     << "plot " << data
     << " using 1:12 skip 1 with linespoints pt 7 title 'length mismatch max|k_i - k*| / k*', "
     << data
     << " using 1:13 skip 1 axes x1y2 with linespoints pt 5 title 'angle mismatch (degrees, "
        "right axis)'\n"
     << "unset multiplot\n";
  render_figure(files, scan_csv(fig.parameter_column, fig.rows), gp.str(), option);
}

} // namespace gridtheory
