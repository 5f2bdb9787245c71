// The paper figures that read the runs' per-unit files (RESULTS_DIR/runs/ID/): multi-field and
// heterogeneous targets (NFL Fig. 5), the activations' score distributions, and the mosaics of
// the best units over all trained networks.
#include "numerics/sac.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "src/plot/mosaic.hpp"
#include "src/plot/paper_figure_util.hpp"
#include "src/plot/paper_figures.hpp"

#include <algorithm>
#include <exception>
#include <fstream>
#include <optional>
#include <set>

namespace gridtheory {

using namespace figures_detail;
namespace fs = std::filesystem;

namespace {

// Score histograms: [-1, 2) in bins of 0.1 (scores below and above land in the end bins).
Histogram score_histogram() {
  return Histogram(-1.0, 2.0, 30);
}

// A short name of a target for keys: its family and what makes it multi-field/heterogeneous.
std::string target_label(const Encoding& enc) {
  std::string s(family_name(enc.family));
  if (!enc.fields_per_cell.is_single()) s += " fields=" + enc.fields_per_cell.to_string();
  s += " sigma=" + enc.sigma_m.to_string();
  if (enc.surround && !enc.surround->value.is_fixed()) s += " s=" + enc.surround->value.to_string();
  return s;
}

// A run's ratemaps by unit number: the run folder's ratemaps.npy (every unit), else what
// scripts/archive_runs.py keeps of it, top_ratemaps.npy with the unit of each of its maps in
// top_units.txt (the run's best units by score_60: every unit a mosaic of the best units can
// take from that run). Empty when neither is readable.
struct UnitMaps {
  NpyArray maps;
  std::vector<int> units; // units[i]: the unit of map i; empty when map i is unit i
  int n() const { return static_cast<int>(maps.shape[1]); }
  const double* of(int unit) const {
    if (unit < 0) return nullptr;
    std::size_t i = static_cast<std::size_t>(unit);
    if (!units.empty()) {
      const auto it = std::find(units.begin(), units.end(), unit);
      if (it == units.end()) return nullptr;
      i = static_cast<std::size_t>(it - units.begin());
    }
    if (i >= maps.shape[0]) return nullptr;
    return maps.data.data() + i * maps.shape[1] * maps.shape[2];
  }
};

std::optional<NpyArray> read_square_maps(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  try {
    NpyArray a = read_npy(file, "--results");
    if (a.shape.size() == 3 && a.shape[1] == a.shape[2] && a.shape[1] >= 3) return a;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::optional<UnitMaps> read_unit_maps(const fs::path& folder) {
  if (auto all = read_square_maps(folder / "ratemaps.npy")) return UnitMaps{std::move(*all), {}};
  auto top = read_square_maps(folder / "top_ratemaps.npy");
  std::ifstream list(folder / "top_units.txt");
  if (!top || !list) return std::nullopt;
  UnitMaps m{std::move(*top), {}};
  for (int unit = 0; list >> unit;)
    m.units.push_back(unit);
  if (!list.eof() || m.units.size() != m.maps.shape[0]) return std::nullopt;
  return m;
}

} // namespace

FigureOutcome write_multifield_figure(const ResultTable& r, const fs::path& out) {
  const std::string name = "fig5_multifield";
  const std::vector<std::string> categories{"single field, one width", "multi-field",
                                            "heterogeneous widths"};
  const auto category = [](const ResultRow& row) -> int {
    if (row.multi_field()) return 1;
    if (row.heterogeneous()) return 2;
    return row.encoding.family == Family::dos ? 0 : -1;
  };
  std::vector<const ResultRow*> rows;
  std::map<std::string, Encoding> targets; // label -> encoding, multi-field/heterogeneous ones
  int special = 0;
  for (const auto& row : r.rows) {
    if (row.activation != "relu" || (row.command != "train" && row.command != "pattern")) continue;
    const int c = category(row);
    if (c < 0) continue;
    rows.push_back(&row);
    if (c > 0) {
      ++special;
      if (targets.size() < 6) targets.emplace(target_label(row.encoding), row.encoding);
    }
  }
  if (special == 0)
    return skipped(name, "no finished relu pattern or train rows with --fields-per-cell other "
                         "than 1 or --sigma uniform:LO,HI");

  // (a) spectra of the sampled populations (no closed form for multi-field cells), each
  // divided by its own peak; the single-field dos target as the reference.
  const double box = rows.front()->box_m;
  targets.emplace(target_label(make_encoding(EncodingOptions{})) + " (reference)",
                  make_encoding(EncodingOptions{}));
  std::string csv = "panel,series,x,y,count,run_id\n";
  SampledSpectrumOptions so;
  so.res = defaults::sampled_res;
  const double k_max = 40.0; // rad/m: 5 / sigma at the default width
  for (const auto& [label, enc] : targets) {
    if (!why_unresolvable(enc, box, so.res).empty()) continue; // e.g. fields under half a bin
    const SpectrumRows s =
        spectrum_rows(enc, Box{box, false}, true, defaults::seed, so, k_max, defaults::csv_points);
    double peak = 0.0;
    for (const auto& p : s.samples)
      peak = std::max(peak, p.power);
    for (const auto& p : s.samples)
      csv += figure_row(
          {"spectrum", label, num(p.k_per_m), num(peak > 0 ? p.power / peak : 0.0), "", ""});
  }
  // (b) per-unit score_60 of every run, per category (networks that do not path-integrate left
  // out: their units are no grid cells); (c) decoding error of trained networks.
  std::vector<Histogram> hist(categories.size(), score_histogram());
  std::vector<int> decoded(categories.size(), 0);
  int with_scores = 0, left_out = 0, decoded_total = 0;
  for (const ResultRow* row : rows) {
    const int c = category(*row);
    const std::vector<UnitScore> units = read_unit_scores(*row);
    with_scores += units.empty() ? 0 : 1;
    if (!path_integrates(r, *row)) {
      left_out += units.empty() ? 0 : 1;
    } else {
      for (const UnitScore& u : units)
        hist[static_cast<size_t>(c)].add(u.score_60);
    }
    if (row->command == "train")
      if (const auto err = r.number(*row, "decoding_error_cm")) {
        csv += figure_row({"decoding_error_cm", categories[static_cast<size_t>(c)],
                           std::to_string(c), num(*err), "", row->run_id});
        ++decoded[static_cast<size_t>(c)];
        ++decoded_total;
      }
  }
  int units_total = 0;
  for (size_t c = 0; c < categories.size(); ++c) {
    const Histogram& h = hist[c];
    const int total = h.total();
    units_total += total;
    if (total == 0) continue;
    for (int b = 0; b < h.bins; ++b)
      csv += figure_row({"score_60", categories[c], num(h.lo + (b + 0.5) * h.width),
                         num(static_cast<double>(h.counts[static_cast<size_t>(b)]) / total),
                         std::to_string(h.counts[static_cast<size_t>(b)]), ""});
  }
  // Panels without data are left out (gnuplot cannot scale an empty panel), each with why.
  std::vector<std::string> panels_skipped;
  const bool score_panel = units_total > 0;
  const bool error_panel = decoded_total > 0;
  if (!score_panel)
    panels_skipped.push_back(
        "score_60 panel: " +
        no_unit_scores_reason(r, static_cast<int>(rows.size()), with_scores, left_out));
  if (!error_panel)
    panels_skipped.push_back("decoding error panel: no relu train rows with decoding_error_cm");

  const FigureFiles files = figure_files_for(out / (name + ".png"));
  std::ostringstream gp;
  constexpr int width = 1600;
  const int panels = 1 + (score_panel ? 1 : 0) + (error_panel ? 1 : 0);
  gp << script_head(files, width, 560, "", "NFL Fig. 5, multi-field and heterogeneous targets");
  gp << multiplot_head(1, panels,
                       "NFL Fig. 5: multi-field and heterogeneous-width targets (relu runs, L = " +
                           format_number(box) + " m)",
                       width)
     << "set grid\nset key top right font ',8'\n";
  gp << panel_title("sampled power spectra, each divided by its peak", width, panels)
     << "set xlabel 'wavenumber k (rad/m)'\nset ylabel 'power / its peak (dimensionless)'\n"
     << "set xrange [0:" << num(k_max) << "]\nset yrange [0:1.05]\nplot \\\n";
  size_t i = 0;
  for (const auto& [label, enc] : targets) {
    gp << "  data using (strcol(1) eq 'spectrum' && strcol(2) eq '" << figure_field(label)
       << "' ? $3 : NaN):4 skip 1 with lines lw 2 lc " << i + 1 << " title "
       << gnuplot_string(label) << (i + 1 < targets.size() ? ", \\\n" : "\n");
    ++i;
  }
  if (score_panel) {
    gp << panel_title("per-unit score_60 (units of path-integrating networks, pattern maps" +
                          (left_out ? "; " + std::to_string(left_out) +
                                          " networks that do not path-integrate left out"
                                    : std::string()) +
                          ")",
                      width, panels)
       << "set xlabel 'score_60 (dimensionless)'\nset ylabel 'fraction of units'\n"
       << "set xrange [-1:2]\n"
       << "set yrange [0:*]\nset arrow 1 from " << num(figures_grid_threshold) << ", graph 0 to "
       << num(figures_grid_threshold) << ", graph 1 nohead dt 2 lc rgb '#777777'\nplot \\\n";
    std::vector<size_t> drawn_categories;
    for (size_t c = 0; c < categories.size(); ++c)
      if (hist[c].total() > 0) drawn_categories.push_back(c);
    for (size_t k = 0; k < drawn_categories.size(); ++k) {
      const size_t c = drawn_categories[k];
      gp << "  data using (strcol(1) eq 'score_60' && strcol(2) eq '" << figure_field(categories[c])
         << "' ? $3 : NaN):4 skip 1 with histeps lw 2 lc " << c + 1 << " title "
         << gnuplot_string(categories[c] + " (" + std::to_string(hist[c].total()) + " units)")
         << (k + 1 < drawn_categories.size() ? ", \\\n" : "\n");
    }
    gp << "unset arrow 1\n";
  }
  if (error_panel)
    gp << panel_title("decoding error of trained networks", width, panels)
       << "set xlabel 'target'\nset ylabel 'decoding error (cm)'\nset xrange [-0.5:2.5]\n"
       << "set yrange [0:*]\nset key bottom right\nset xtics ('single' 0, 'multi-field' 1, "
          "'heterogeneous' 2)\n"
       << "set arrow 2 from graph 0, first " << num(figures_low_error_cm) << " to graph 1, first "
       << num(figures_low_error_cm) << " nohead dt 2 lc rgb '#777777'\n"
       << "plot data using (strcol(1) eq 'decoding_error_cm' ? $3 : NaN):4 skip 1 with points pt "
          "7 ps 1.3 lc rgb '#1f4e79' title 'one train run'\n";
  gp << "unset multiplot\n";
  render_figure(files, csv, gp.str(), "--out");
  FigureOutcome outcome = drawn(name,
                                std::to_string(special) + " multi-field/heterogeneous runs, " +
                                    std::to_string(targets.size()) + " spectra",
                                files.png);
  outcome.skipped_panels = std::move(panels_skipped);
  return outcome;
}

FigureOutcome write_activations_figure(const ResultTable& r, const fs::path& out) {
  const std::string name = "activations";
  // (score, source, activation) -> histogram, over single-field one-width dos runs.
  std::map<std::tuple<std::string, std::string, std::string>, Histogram> hists;
  std::set<std::string> activations;
  int runs = 0, considered = 0, with_scores = 0, left_out = 0;
  for (const auto& row : r.rows) {
    if (row.encoding.family != Family::dos || !row.single_width()) continue;
    if (row.command != "train" && row.command != "pattern") continue;
    ++considered;
    const auto units = read_unit_scores(row);
    if (units.empty()) continue;
    ++with_scores;
    if (!path_integrates(r, row)) { // its units are no grid cells: left out, counted
      ++left_out;
      continue;
    }
    ++runs;
    activations.insert(row.activation);
    for (const char* score : {"score_60", "score_90"}) {
      auto [it, fresh] = hists.try_emplace({score, row.command, row.activation}, score_histogram());
      for (const UnitScore& u : units)
        it->second.add(std::string(score) == "score_60" ? u.score_60 : u.score_90);
    }
  }
  if (runs == 0)
    return skipped(name, no_unit_scores_reason(r, considered, with_scores, left_out,
                                               "dos one-field one-width train/pattern runs"));

  std::string csv = "score,source,activation,bin_lo,bin_hi,units,fraction\n";
  for (const auto& [key, h] : hists) {
    const int total = h.total();
    for (int b = 0; b < h.bins; ++b)
      csv += figure_row(
          {std::get<0>(key), std::get<1>(key), std::get<2>(key), num(h.lo + b * h.width),
           num(h.lo + (b + 1) * h.width), std::to_string(h.counts[static_cast<size_t>(b)]),
           num(total > 0 ? static_cast<double>(h.counts[static_cast<size_t>(b)]) / total : 0.0)});
  }
  const FigureFiles files = figure_files_for(out / (name + ".png"));
  std::ostringstream gp;
  constexpr int width = 1300;
  gp << script_head(files, width, 560, "", "Score distributions per activation");
  gp << multiplot_head(1, 2,
                       "per-unit grid scores by activation (dos, one field, one width; DeepMind "
                       "ring scores; train: networks that path-integrate" +
                           (left_out ? ", " + std::to_string(left_out) + " that do not left out"
                                     : std::string()) +
                           ")",
                       width)
     << "set grid\nset key top right font ',9'\nset ylabel 'fraction of units'\n"
     << "set xrange [-1:2]\nset yrange [0:*]\n";
  for (const char* score : {"score_60", "score_90"}) {
    gp << panel_title(score, width, 2) << "set xlabel '" << score << " (dimensionless)'\n";
    if (std::string(score) == "score_60")
      gp << "set arrow 1 from " << num(figures_grid_threshold) << ", graph 0 to "
         << num(figures_grid_threshold) << ", graph 1 nohead dt 2 lc rgb '#777777'\n";
    else
      gp << "unset arrow 1\n";
    std::vector<std::string> parts;
    int colour = 0;
    for (const std::string& act : activations) {
      ++colour;
      for (const char* source : {"train", "pattern"}) {
        const auto it = hists.find({score, source, act});
        if (it == hists.end()) continue;
        parts.push_back(
            "data using (strcol(1) eq '" + std::string(score) + "' && strcol(2) eq '" + source +
            "' && strcol(3) eq '" + figure_field(act) +
            "' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc " + std::to_string(colour) +
            " dt " + (std::string(source) == "train" ? "1" : "2") + " title " +
            gnuplot_string(act + ", " + source + " (" + std::to_string(it->second.total()) + ")"));
      }
    }
    gp << "plot ";
    for (size_t p = 0; p < parts.size(); ++p)
      gp << (p ? ", \\\n  " : "") << parts[p];
    gp << "\n";
  }
  gp << "unset multiplot\n";
  render_figure(files, csv, gp.str(), "--out");
  return drawn(
      name,
      std::to_string(runs) + " runs, " + std::to_string(activations.size()) + " activations" +
          (left_out ? " (" + std::to_string(left_out) + " train runs not path-integrating left out)"
                    : std::string()),
      files.png);
}

std::vector<FigureOutcome> write_mosaic_figures(const ResultTable& r, const fs::path& out) {
  struct Candidate {
    double score_60, score_90;
    const ResultRow* row;
    int unit;
  };
  // The units of the networks that path-integrate; only when none does, the others', drawn under
  // a title that says they are not grid cells.
  std::vector<Candidate> integrating, others;
  int networks = 0, not_integrating = 0, considered = 0;
  for (const ResultRow* row : r.of("train")) {
    ++considered;
    const std::vector<UnitScore> units = read_unit_scores(*row);
    if (units.empty()) continue;
    const bool pi = path_integrates(r, *row);
    (pi ? networks : not_integrating)++;
    for (const UnitScore& u : units)
      if (std::isfinite(u.score_60))
        (pi ? integrating : others).push_back({u.score_60, u.score_90, row, u.unit});
  }
  const bool fallback = integrating.empty();
  std::vector<Candidate>& all = fallback ? others : integrating;
  std::stable_sort(all.begin(), all.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score_60 > b.score_60; });

  // The best units whose run has readable ratemaps (read_unit_maps), all of one size and box
  // (the best's: one scale bar holds for every tile).
  std::map<const ResultRow*, std::optional<UnitMaps>> maps;
  struct Chosen {
    Candidate c;
    const double* map;
  };
  std::vector<Chosen> chosen;
  int n = 0;
  double box = 0.0;
  for (const Candidate& c : all) {
    if (static_cast<int>(chosen.size()) >= figures_mosaic_units) break;
    auto [it, fresh] = maps.try_emplace(c.row);
    if (fresh) it->second = read_unit_maps(c.row->folder);
    if (!it->second) continue;
    const double* map = it->second->of(c.unit);
    if (!map) continue;
    const int size = it->second->n();
    if (n == 0) n = size, box = c.row->box_m;
    if (size != n || !same(c.row->box_m, box)) continue;
    chosen.push_back({c, map});
  }
  if (chosen.empty()) {
    const std::string why =
        networks + not_integrating == 0
            ? "no per-unit scores: none of its " + std::to_string(considered) +
                  " train runs has runs/RUN_ID/scores.csv under " + (r.dir / "runs").string() +
                  " (run folders absent)"
            : "no train run with scores.csv and ratemaps.npy (or an archive's top_ratemaps.npy "
              "and top_units.txt) under " +
                  (r.dir / "runs").string();
    return {skipped("mosaic_ratemaps", why), skipped("mosaic_sacs", why)};
  }

  std::vector<std::vector<double>> sacs;
  std::string list = "rank,run_id,unit,score_60,score_90,decoding_error_cm,path_integrates\n";
  Mosaic rates, sacm;
  rates.n = n;
  rates.bin_m = box / n;
  rates.value_label = mosaic_rate_label;
  sacm.n = 2 * n - 1;
  sacm.bin_m = rates.bin_m;
  sacm.lags = true;
  sacm.range = std::pair{-1.0, 1.0};
  sacm.value_label = mosaic_sac_label;
  // Two lines (the mosaic is narrow); the second says when these are not grid cells.
  rates.title =
      "ratemaps of the " + std::to_string(chosen.size()) + " best units of " +
      (fallback ? std::to_string(not_integrating) + " networks that do not path-integrate"
                : std::to_string(networks) + " path-integrating networks") +
      ", by DeepMind score_60 (L = " + format_number(box) + " m)\n" +
      (fallback ? "(decoding error >= " + num(figures_low_error_cm) + " cm): not grid cells"
       : not_integrating
           ? std::to_string(not_integrating) + " networks that do not path-integrate left out"
           : std::string("SAC with unvisited bins as 0"));
  sacm.title = "their spatial autocorrelograms (DeepMind convention: unvisited bins as 0)";
  sacs.reserve(chosen.size());
  for (size_t i = 0; i < chosen.size(); ++i) {
    const Candidate& c = chosen[i].c;
    char label[120];
    std::snprintf(label, sizeof label, "%.2f %s u%d", c.score_60,
                  c.row->run_id.substr(0, 12).c_str(), c.unit);
    sacs.push_back(spatial_autocorrelogram(chosen[i].map, n, SacMode::deepmind));
    rates.tiles.push_back({chosen[i].map, label});
    sacm.tiles.push_back({sacs.back().data(), label});
    list += csv_row({std::to_string(i + 1), c.row->run_id, std::to_string(c.unit), num(c.score_60),
                     num(c.score_90), num(r.number(*c.row, "decoding_error_cm")),
                     fallback ? "0" : "1"});
  }
  write_mosaic(rates, out / "mosaic_ratemaps.png", "--out");
  write_mosaic(sacm, out / "mosaic_sacs.png", "--out");
  write_file_atomically(out / "mosaic_units.csv", list, "--out");
  const std::string what =
      std::to_string(chosen.size()) + " best units (listed in mosaic_units.csv) of " +
      (fallback
           ? std::to_string(not_integrating) + " networks that do not path-integrate"
           : std::to_string(networks) + " path-integrating networks" +
                 (not_integrating ? ", " + std::to_string(not_integrating) + " that do not left out"
                                  : std::string()));
  return {drawn("mosaic_ratemaps", what, out / "mosaic_ratemaps.png"),
          drawn("mosaic_sacs", what, out / "mosaic_sacs.png")};
}

} // namespace gridtheory
