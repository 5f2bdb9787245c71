// A mosaic of square maps (ratemaps, SACs, pattern maps) as one figure: tiles in reading
// order, each scaled to its own [min, max], labelled, NaN shown blank. Rows are y (upwards).
#pragma once

#include "numerics/grid_scores.hpp"
#include "numerics/sac.hpp"
#include "src/plot/figure.hpp"

#include <cstddef>
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

// The `count` best units by score_60, best first: a stable sort, so ties keep unit order, and
// units without a finite score_60 come last (still listed when fewer than `count` have one).
std::vector<std::size_t> units_by_score_60(const std::vector<GridScores>& scores,
                                           std::size_t count);

// The best units' ratemaps and their autocorrelograms as two mosaics (the trainer's
// ratemaps_top.png and sacs_top.png, `gridtheory score --plot`): `maps` holds scores.size()
// maps of nbins x nbins; the `count` best by score_60 (units_by_score_60), each labelled
// "#UNIT SCORE_60", their SACs computed in `mode`.
void write_top_unit_mosaics(const double* maps, int nbins, const std::vector<GridScores>& scores,
                            SacMode mode, std::size_t count, const std::string& ratemaps_title,
                            const std::string& sacs_title,
                            const std::filesystem::path& ratemaps_png,
                            const std::filesystem::path& sacs_png, std::string_view option);

} // namespace gridtheory
