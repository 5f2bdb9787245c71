// The figures of Schaeffer, Khona & Fiete, "No Free Lunch from Deep Learning in Neuroscience"
// (NeurIPS 2022, "NFL"), drawn from a sweep's results.csv and run folders, theory over
// simulation; `gridtheory figures` (README) is their command. Every figure is FILE.png with
// the tidy data FILE.csv and the gnuplot script FILE.gp beside it (src/plot/figure.hpp).
//
//   spectra                 theory only: every place-code family's power spectrum
//   fig2_families           train rows: % low decoding error, % of those with grid units
//   fig3_spacing_vs_sigma   theory line, pattern rows, train rows (and the box-lattice spacing)
//   fig4_emergence          fraction of runs with grids vs sigma and vs surround ratio
//   fig4_general_dog        theory over alpha_E x alpha_I (+ general-dog runs as points)
//   fig5_multifield         multi-field / heterogeneous targets: spectra, scores, decoding
//   activations             per-unit score_60 / score_90 by activation
//   mosaic_ratemaps, mosaic_sacs   the top units over all train runs
//   spacing_over_training   train runs with evals.csv: spacing, score and error per step
//
// A figure whose input rows are absent is skipped with the reason, and so is a panel (its name
// and why in FigureOutcome::skipped_panels); the theory-only ones always render. A network
// counts as having grids only if it path-integrates (decoding_error_cm below 10 cm): the others
// are left out of every grid count, spacing and per-unit panel, with their number stated.
// Series names reach gnuplot through figure_field (src/plot/figure.hpp).
#pragma once

#include "src/plot/result_rows.hpp"
#include "theory/defaults.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gridtheory {

// The thresholds of the field (docs/CONVENTIONS.md, "Thresholds") and the mosaic size of `train`.
inline constexpr double figures_low_error_cm = defaults::low_decoding_error_cm;
inline constexpr double figures_grid_threshold = defaults::grid_cell_score;
inline constexpr int figures_mosaic_units = defaults::train_mosaic_units; // tiles per mosaic

struct FigureOutcome {
  std::string name; // e.g. "fig2_families"
  bool drawn = false;
  std::string note;          // what it shows (drawn) or why it was skipped
  std::filesystem::path png; // when drawn
  // Panels of a drawn figure left out, each "PANEL: why" (e.g. the per-unit panels when the
  // run folders are absent).
  std::vector<std::string> skipped_panels;
};

// Every figure into `out` (an existing, writable folder); `results` may be null (only the
// theory figures are drawn then). Write failures are UserErrors naming --out.
std::vector<FigureOutcome> write_paper_figures(const ResultTable* results,
                                               const std::filesystem::path& out);

// The figures one by one (the same files as above).
FigureOutcome write_spectra_figure(const std::filesystem::path& out);
FigureOutcome write_families_figure(const ResultTable& r, const std::filesystem::path& out);
FigureOutcome write_spacing_vs_sigma_figure(const ResultTable& r, const std::filesystem::path& out);
FigureOutcome write_emergence_figure(const ResultTable& r, const std::filesystem::path& out);
FigureOutcome write_general_dog_figure(const ResultTable* r, const std::filesystem::path& out);
FigureOutcome write_multifield_figure(const ResultTable& r, const std::filesystem::path& out);
FigureOutcome write_activations_figure(const ResultTable& r, const std::filesystem::path& out);
std::vector<FigureOutcome> write_mosaic_figures(const ResultTable& r,
                                                const std::filesystem::path& out);
FigureOutcome write_training_figure(const ResultTable& r, const std::filesystem::path& out);

// The theory's grid spacing (m) for the DoS target at (sigma, surround ratio) in `box`, relu:
// the analytic prediction's grid_spacing_m; empty when it predicts no hexagonal lattice.
std::optional<double> dos_predicted_spacing(double sigma_m, double surround_ratio, double box_m);

} // namespace gridtheory
