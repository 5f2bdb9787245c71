// A mosaic of square maps (ratemaps, SACs, pattern maps) as one figure: tiles in reading
// order, each scaled to its own [min, max], labelled, NaN shown blank. Rows are y (upwards).
#pragma once

#include "src/plot/figure.hpp"

#include <string>
#include <vector>

namespace gridtheory {

struct MosaicTile {
  const double* values = nullptr; // n x n, row-major [y][x]
  std::string label;
};

struct Mosaic {
  std::string title;
  int n = 0; // bins per side of every tile
  std::vector<MosaicTile> tiles;
  int columns = 0; // 0: ceil(sqrt(tiles))
};

// Writes FILE.png with FILE.csv (the assembled matrix, NaN between tiles) and FILE.gp.
void write_mosaic(const Mosaic& mosaic, const std::filesystem::path& png, std::string_view option);

} // namespace gridtheory
