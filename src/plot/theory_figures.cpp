// The figures drawn from theory/ in-process: the spectra of every place code, and the pattern
// predicted over general-dog's (alpha_E, alpha_I) plane (with a sweep's runs on top).
#include "src/params/encoding_text.hpp"
#include "src/plot/paper_figure_util.hpp"
#include "src/plot/paper_figures.hpp"
#include "theory/prediction.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <algorithm>
#include <array>

namespace gridtheory {

using namespace figures_detail;
namespace fs = std::filesystem;

namespace {

Encoding encoding_named(const std::string& family, std::optional<double> sigma = {},
                        std::optional<double> ratio = {}) {
  EncodingSpec spec;
  spec.encoding = family;
  if (sigma) spec.sigma = format_number(*sigma);
  if (ratio) spec.surround_ratio = format_number(*ratio);
  return make_encoding(spec);
}

} // namespace

std::optional<double> dos_predicted_spacing(double sigma_m, double surround_ratio, double box_m) {
  const Encoding enc = encoding_named("dos", sigma_m, surround_ratio);
  const Prediction p = predict(enc, Activation::relu, Box{box_m, false});
  if (p.pattern != Pattern::hexagonal) return std::nullopt;
  return p.grid_spacing_m;
}

FigureOutcome write_spectra_figure(const fs::path& out) {
  const std::string name = "spectra";
  struct Curve {
    std::string label;
    Encoding enc;
  };
  std::vector<Curve> curves;
  for (const char* family : {"gaussian", "dos", "dog", "true-dog", "general-dog", "sod"})
    curves.push_back({family, encoding_named(family)});
  {
    // general-dog at alpha_E / alpha_I = s^2: the DC term alpha_E - alpha_I s^2 vanishes.
    Encoding dc_free = encoding_named("general-dog");
    const double s = dc_free.mean_surround_ratio();
    dc_free.alpha_e = dc_free.alpha_i * s * s;
    curves.push_back({"general-dog aE=" + format_number(dc_free.alpha_e) +
                          " aI=" + format_number(dc_free.alpha_i) + " (DC-free)",
                      dc_free});
  }
  // Colours apart from one another and from the page (no yellow); listed in the curves' order.
  const std::vector<std::string> colours{"#7b3294", "#6baed6", "#31a354", "#e6550d",
                                         "#636363", "#b8860b", "#c0392b"};
  const Box box{};
  const double box_mode = lowest_box_mode_per_m(box.side_m, box.periodic);
  const double k_max = std::max(default_k_max(encoding_named("dos")), 2.0 * box_mode);

  std::string csv = "target,k_per_m,power,power_normalised,k_star_per_m,grid_spacing_m,"
                    "predicted_pattern,box_mode_per_m,rejected_peak_per_m\n";
  std::vector<Prediction> predictions;
  std::vector<std::vector<double>> shapes; // each curve divided by its peak
  std::vector<double> peaks;
  for (const auto& c : curves) {
    const auto samples = radial_spectrum(c.enc, k_max, defaults::csv_points);
    double peak = 0.0;
    for (const auto& s : samples)
      peak = std::max(peak, s.power);
    const Prediction p = predict(c.enc, Activation::relu, box);
    predictions.push_back(p);
    peaks.push_back(peak);
    shapes.emplace_back();
    for (const auto& s : samples) {
      shapes.back().push_back(peak > 0.0 ? s.power / peak : 0.0);
      csv += figure_row({c.label, num(s.k_per_m), num(s.power), num(shapes.back().back()),
                         num(p.k_star_per_m), num(p.grid_spacing_m),
                         std::string(pattern_name(p.pattern)), num(box_mode),
                         num(p.rejected_peak_k_per_m)});
    }
  }
  // Curves of one shape (dos, its bulk limit dog, and DC-free general-dog) would hide one
  // another: each is drawn wider than those of its shape drawn after it, so all show as nested
  // bands, and its key names the first of its shape.
  const auto same_shape = [&](size_t i, size_t j) {
    for (size_t k = 0; k < shapes[i].size(); ++k)
      if (std::abs(shapes[i][k] - shapes[j][k]) > 1e-9) return false;
    return true;
  };
  std::vector<double> widths(curves.size());
  std::vector<std::optional<size_t>> first_of_shape(curves.size());
  for (size_t i = 0; i < curves.size(); ++i) {
    int later = 0;
    for (size_t j = 0; j < curves.size(); ++j)
      if (j != i && same_shape(i, j)) {
        later += j > i ? 1 : 0;
        if (j < i && !first_of_shape[i]) first_of_shape[i] = j;
      }
    widths[i] = 2.0 + 3.0 * later;
  }

  constexpr int width = 1400;
  const FigureFiles files = figure_files_for(out / (name + ".png"));
  const std::string title =
      "Radial power spectra of the place codes (sigma_E = " + format_number(defaults::sigma_m) +
      " m, sigma_I/sigma_E = " + format_number(defaults::surround_ratio) +
      ", L = " + format_number(box.side_m) + " m, " + (box.periodic ? "periodic" : "solid walls") +
      "), each divided by its own peak\ndotted black: k* of the realisable rings (relu); dashed "
      "grey: the box's lowest mode " +
      box_mode_figure_name(box.periodic) + "; circles: peaks that are no realisable ring";
  std::ostringstream gp;
  gp << script_head(files, width, 680, "", "Power spectra of every place code");
  // Two panels side by side over the key: the key's long entries fit under both panels, and
  // not over the curves.
  gp << "set multiplot title " << fitted_text(title, title_width(width), font_pt) << "\n"
     << "set tmargin at screen 0.86\nset bmargin at screen 0.27\n"
     << "set xlabel 'wavenumber k (rad/m)'\nset grid\nset xrange [0:" << num(k_max) << "]\n"
     << "set style textbox opaque noborder\n";
  gp << "set arrow 1 from " << num(box_mode) << ", graph 0 to " << num(box_mode)
     << ", graph 1 nohead dt 2 lw 2 lc rgb '#777777'\n";
  char text[120];
  std::snprintf(text, sizeof text, "%s = %.3f rad/m", box_mode_figure_name(box.periodic), box_mode);
  gp << "set label 1 " << gnuplot_quoted(text) << " at " << num(box_mode)
     << ", graph 0.04 offset 0.5,0 boxed tc rgb '#555555'\n";
  std::vector<double> k_star_lines;
  int marks = 1;
  for (size_t i = 0; i < curves.size(); ++i) {
    const Prediction& p = predictions[i];
    if (p.k_star_per_m && std::none_of(k_star_lines.begin(), k_star_lines.end(),
                                       [&](double k) { return same(k, *p.k_star_per_m); })) {
      k_star_lines.push_back(*p.k_star_per_m);
      gp << "set arrow " << 1 + k_star_lines.size() << " from " << num(*p.k_star_per_m)
         << ", graph 0 to " << num(*p.k_star_per_m) << ", graph 1 nohead dt 3 lw 1.5 lc rgb "
         << "'#000000'\n";
    }
    if (p.rejected_peak_k_per_m && peaks[i] > 0.0)
      gp << "set label " << ++marks << " '' at " << num(*p.rejected_peak_k_per_m) << ", "
         << num(power(curves[i].enc, *p.rejected_peak_k_per_m) / peaks[i])
         << " point pt 6 ps 2.2 lw 2 lc rgb '" << colours[i] << "' front\n";
  }
  const auto series = [&](bool keyed, const std::string& y) {
    gp << "plot \\\n";
    for (size_t i = 0; i < curves.size(); ++i) {
      const Prediction& p = predictions[i];
      std::string key = curves[i].label;
      if (first_of_shape[i]) key += " (same curve as " + curves[*first_of_shape[i]].label + ")";
      char buf[120];
      if (p.k_star_per_m)
        std::snprintf(buf, sizeof buf, ": k* = %.3f rad/m, spacing %.3f m", *p.k_star_per_m,
                      grid_spacing_m(*p.k_star_per_m));
      else if (p.rejected_peak_k_per_m)
        std::snprintf(buf, sizeof buf, ": no realisable ring (rejected peak %.3f rad/m)",
                      *p.rejected_peak_k_per_m);
      else
        std::snprintf(buf, sizeof buf, ": no realisable ring (peak at k = 0)");
      key += buf;
      gp << "  data using 2:" << when(1, curves[i].label, y) << " skip 1 with lines lw "
         << widths[i] << " lc rgb '" << colours[i] << "' "
         << (keyed ? "title " + gnuplot_quoted(key) : std::string("notitle"))
         << (i + 1 < curves.size() ? ", \\\n" : "\n");
    }
  };
  gp << panel_title("linear power", width, 2)
     << "set lmargin at screen 0.06\nset rmargin at screen 0.47\n"
     << "set ylabel 'power / its peak (dimensionless)'\nset yrange [0:1.05]\n"
     << "set key at screen 0.5, screen 0.01 center bottom horizontal maxcols 2 Left reverse font "
        "',9'\n";
  series(true, "$4");
  // The log axis shows what the linear one flattens: peaks far below the largest (true-dog's).
  gp << panel_title("log power: weak peaks show", width, 2)
     << "set lmargin at screen 0.57\nset rmargin at screen 0.98\n"
     << "set ylabel 'power / its peak (dimensionless, log scale)'\nset logscale y\n"
     << "set yrange [1e-4:2]\nunset key\n";
  series(false, "($4 > 0 ? $4 : NaN)");
  gp << "unset multiplot\n";
  render_figure(files, csv, gp.str(), "--out");
  return drawn(name, "power spectra of " + std::to_string(curves.size()) + " place codes (theory)",
               files.png);
}

FigureOutcome write_general_dog_figure(const ResultTable* r, const fs::path& out) {
  const std::string name = "fig4_general_dog";
  // The width and surround of the plane: the general-dog runs' own (NFL defaults preferred).
  std::vector<const ResultRow*> runs;
  std::vector<double> sigmas, ratios;
  if (r)
    for (const auto& row : r->rows)
      if (row.encoding.family == Family::general_dog && row.single_width() &&
          (row.command == "train" || row.command == "pattern")) {
        runs.push_back(&row);
        sigmas.push_back(row.sigma_m());
        ratios.push_back(row.surround_ratio());
      }
  const double sigma = pick_value(sigmas, defaults::sigma_m).value_or(defaults::sigma_m);
  const double ratio =
      pick_value(ratios, defaults::surround_ratio).value_or(defaults::surround_ratio);
  Encoding enc = encoding_named("general-dog", sigma, ratio);
  const Box box{};

  // alpha_E in [0.25, 5] and alpha_I in [0, 1.5] hold the DC-free line alpha_E = s^2 alpha_I
  // for s = 2; the plane grows to hold every run.
  double e_max = 5.0, i_max = 1.5;
  for (const ResultRow* row : runs) {
    e_max = std::max(e_max, row->encoding.alpha_e);
    i_max = std::max(i_max, row->encoding.alpha_i);
  }
  const int ne = 20, ni = 20;
  const double de = e_max / ne, di = i_max / ni;
  std::string csv = "kind,alpha_e,alpha_i,pattern,pattern_code,k_star_per_m,grid_spacing_m,"
                    "run_id,has_grids,max_score_60,path_integrates\n";
  for (int a = 1; a <= ne; ++a)
    for (int b = 0; b <= ni; ++b) {
      enc.alpha_e = a * de;
      enc.alpha_i = b * di;
      const Prediction p = predict(enc, Activation::relu, box);
      csv += figure_row({"theory", num(enc.alpha_e), num(enc.alpha_i),
                         std::string(pattern_name(p.pattern)),
                         std::to_string(static_cast<int>(p.pattern)), num(p.k_star_per_m),
                         num(p.grid_spacing_m), "", "", "", ""});
    }
  int with_grids = 0, shown = 0, not_integrating = 0;
  for (const ResultRow* row : runs) {
    if (!same(row->sigma_m(), sigma) || !same(row->surround_ratio(), ratio)) continue;
    const auto call = run_grid_call(*r, *row);
    if (!call) continue;
    ++shown;
    // A network that does not path-integrate is its own kind of point, never one with grids.
    const bool npi = *call == GridCall::not_path_integrating;
    not_integrating += npi ? 1 : 0;
    with_grids += *call == GridCall::grids ? 1 : 0;
    const auto score = row->command == "train" ? r->number(*row, "max_score_60") : std::nullopt;
    csv += figure_row({row->command, num(row->encoding.alpha_e), num(row->encoding.alpha_i), "", "",
                       "", "", row->run_id, npi ? "" : (*call == GridCall::grids ? "1" : "0"),
                       num(score), row->command == "train" ? (npi ? "0" : "1") : ""});
  }

  const FigureFiles files = figure_files_for(out / (name + ".png"));
  const std::string title =
      "general-dog: predicted pattern (relu, sigma_E = " + format_number(sigma) +
      " m, sigma_I/sigma_E = " + format_number(ratio) + ", L = " + format_number(box.side_m) +
      " m); line: DC-free alpha_E = s^2 alpha_I\npoints: " + std::to_string(shown) +
      " runs (filled: a unit with score_60 > 0.8, open: none" +
      (not_integrating ? "; crosses: " + std::to_string(not_integrating) +
                             " networks that do not path-integrate"
                       : std::string()) +
      ")";
  std::ostringstream gp;
  gp << script_head(files, 1000, 760, title, "general-dog pattern plane");
  gp << "set xlabel 'alpha_E (centre amplitude, dimensionless)'\n"
     << "set ylabel 'alpha_I (surround amplitude, dimensionless)'\n"
     << "set xrange [" << num(0.5 * de) << ":" << num(e_max + 0.5 * de) << "]\n"
     << "set yrange [" << num(-0.5 * di) << ":" << num(i_max + 0.5 * di) << "]\n"
     << "set cbrange [-0.5:5.5]\n"
     << "set palette maxcolors 6\n"
     << "set palette defined (0 '#c0392b', 1 '#2e86c1', 2 '#f1c40f', 3 '#8e44ad', 4 '#d5d8dc', 5 "
        "'#555555')\n"
     << "set cbtics ('hexagonal' 0, 'square' 1, 'stripes' 2, 'amorphous' 3, 'none' 4, "
        "'n/a' 5)\n"
     // The key under the axis label, in a band of its own.
     << "set bmargin at screen 0.17\n"
     // Room right of the colour box for its longest name (amorphous).
     << "set rmargin at screen 0.84\n"
     << "set key at screen 0.5, screen 0.01 center bottom horizontal maxrows 2\n"
     << "s2 = " << num(ratio * ratio) << "\n";
  gp << "plot data using 2:" << when(1, "theory", "$3") << ":(" << num(0.5 * de) << "):("
     << num(0.5 * di) << "):5 skip 1 with boxxyerror fs solid 1.0 noborder lc palette notitle, \\\n"
     << "  x / s2 with lines lw 2 lc rgb 'black' title 'alpha_E = s^2 alpha_I', \\\n";
  const std::array<std::pair<const char*, int>, 2> kinds{{{"train", 7}, {"pattern", 5}}};
  for (size_t k = 0; k < kinds.size(); ++k) {
    const std::string kind = kinds[k].first;
    const int pt = kinds[k].second;
    gp << "  data using 2:((strcol(1) eq '" << kind << "' && $9 == 1) ? $3 : NaN) skip 1 with "
       << "points pt " << pt << " ps 1.6 lc rgb 'black' title '" << kind << " runs with grids', "
       << "\\\n  data using 2:((strcol(1) eq '" << kind << "' && $9 == 0) ? $3 : NaN) skip 1 with "
       << "points pt " << pt - 1 << " ps 1.6 lc rgb 'black' title '" << kind
       << " runs without grids'" << (k + 1 < kinds.size() || not_integrating ? ", \\\n" : "\n");
  }
  if (not_integrating)
    gp << "  data using 2:((strcol(1) eq 'train' && $11 == 0) ? $3 : NaN) skip 1 with points pt 2 "
       << "ps 1.6 lc rgb 'black' title 'train runs not path-integrating (decoding error >= "
       << num(figures_low_error_cm) << " cm)'\n";
  render_figure(files, csv, gp.str(), "--out");
  return drawn(name,
               "predicted pattern over " + std::to_string(ne * (ni + 1)) +
                   " (alpha_E, alpha_I) pairs (theory), " + std::to_string(shown) + " runs",
               files.png);
}

} // namespace gridtheory
