// The radial power spectrum figure: power vs k, with k* and the box's lowest mode marked.
#pragma once

#include "src/plot/figure.hpp"
#include "theory/spectrum.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gridtheory {

struct SpectrumFigure {
  std::string title;
  std::vector<SpectrumSample> samples;
  std::optional<double> k_star_per_m; // marked when present
  double box_mode_per_m = 0.0;        // always marked
  bool periodic = false;              // names the mode 2 pi / L (periodic) or pi / L (walls)
};

// The CSV (columns k_per_m,power) that `spectrum` prints and the figure reads.
std::string spectrum_csv(const std::vector<SpectrumSample>& samples);
// Writes FILE.png with FILE.csv and FILE.gp beside it.
void write_spectrum_figure(const SpectrumFigure& fig, const std::filesystem::path& png,
                           std::string_view option);

} // namespace gridtheory
