// A mosaic of square maps (ratemaps, SACs, pattern maps) as one figure: tiles in reading
// order, each labelled above it (dark text on the white page, never on the map), NaN shown
// blank, with a colour bar and a scale bar in metres. Rows are y (upwards).
#pragma once

#include "numerics/grid_scores.hpp"
#include "numerics/sac.hpp"
#include "src/plot/figure.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
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
  int columns = 0;    // 0: ceil(sqrt(tiles))
  double bin_m = 0.0; // metres per bin (a ratemap's bin, a SAC's lag step): the scale bar
  bool lags = false;  // the tiles are autocorrelograms: the scale bar measures a lag
  // The colour scale. Empty: each tile from its own minimum (0) to its maximum (1), as maps of
  // activity in arbitrary units are compared by shape. A range: every tile's values as they
  // are, on one scale (autocorrelograms: Pearson r from -1 to 1).
  std::optional<std::pair<double, double>> range;
  std::string value_label; // the colour bar's label: what the colour shows, with its unit
};

// The mosaic's geometry, in bins of the assembled canvas and in pixels of the PNG.
struct MosaicLayout {
  int columns = 0, rows = 0;
  int gap_x = 0, gap_y = 0;    // bins between tiles; gap_y holds the labels above the tiles
  int width = 0, height = 0;   // the canvas of tiles and gaps, in bins
  int scale_band = 0;          // bins below the canvas that hold the scale bar
  double pixels_per_bin = 0.0; // the same in x and y: bins are square
  int png_width = 0, png_height = 0;
  double scale_bar_m = 0.0; // the scale bar's length
};
MosaicLayout mosaic_layout(const Mosaic& mosaic);

// The scale bar's length: the longest of 1, 2 or 5 times a power of ten metres that is at most
// 40% of `span_m` (a tile's side): 0.5 m for a 2.2 m box, 1 m for its 4.35 m autocorrelogram.
double scale_bar_length_m(double span_m);

// Writes FILE.png with FILE.csv (the assembled matrix, NaN between tiles) and FILE.gp.
void write_mosaic(const Mosaic& mosaic, const std::filesystem::path& png, std::string_view option);

// The `count` best units by score_60, best first: a stable sort, so ties keep unit order, and
// units without a finite score_60 come last (still listed when fewer than `count` have one).
std::vector<std::size_t> units_by_score_60(const std::vector<GridScores>& scores,
                                           std::size_t count);

// The best units' ratemaps and their autocorrelograms as two mosaics (the trainer's
// ratemaps_top.png and sacs_top.png, `gridtheory score --plot`): `maps` holds scores.size()
// maps of nbins x nbins in a box of side box_m; the `count` best by score_60
// (units_by_score_60), each labelled "#UNIT SCORE_60", their SACs computed in `mode` and drawn
// as Pearson r from -1 to 1.
void write_top_unit_mosaics(const double* maps, int nbins, double box_m,
                            const std::vector<GridScores>& scores, SacMode mode, std::size_t count,
                            const std::string& ratemaps_title, const std::string& sacs_title,
                            const std::filesystem::path& ratemaps_png,
                            const std::filesystem::path& sacs_png, std::string_view option);

// The colour bar labels of the two kinds of mosaic, defined once.
inline constexpr const char* mosaic_rate_label = "rate: 0 = the map's min, 1 = its max";
inline constexpr const char* mosaic_sac_label = "autocorrelation (Pearson r)";

} // namespace gridtheory
