// The grid spacings of a trained network's grid-like units as a histogram, with the theory's
// predicted spacing marked: the empirical check of the prediction at a glance.
#pragma once

#include "src/plot/figure.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gridtheory {

struct SpacingFigure {
  std::string title;
  std::vector<double> spacings_m;    // one per grid-like unit (any order)
  std::optional<double> predicted_m; // the theory's grid spacing, if it predicts a lattice
  double box_m = 2.2;                // the histogram spans (0, box] in bins of box / 44
};

// Bin edges and counts as CSV: "bin_lo_m,bin_hi_m,units".
std::string spacing_histogram_csv(const SpacingFigure& fig);

// Writes FILE.png with FILE.csv and FILE.gp.
void write_spacing_figure(const SpacingFigure& fig, const std::filesystem::path& png,
                          std::string_view option);

} // namespace gridtheory
