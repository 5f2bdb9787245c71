// The figure of `gridtheory scan --plot` (and gridtheory.scan(plot=...)): the ring's grid
// spacing and the one the box lattice's best triad forces over the scanned parameter, and how
// far that triad is from a hexagon on the ring.
#pragma once

#include "src/plot/figure.hpp"
#include "src/report/scan_table.hpp"
#include "theory/activation.hpp"
#include "theory/encoding.hpp"
#include "theory/prediction.hpp"

#include <string>
#include <vector>

namespace gridtheory {

struct ScanFigure {
  std::string parameter_column; // the CSV's first column: sigma, surround_ratio, ..., box
  std::string range_text;       // the range as given, LO:HI:STEP
  Encoding first_encoding;      // the encoding at the first value (named in the title)
  Activation activation = Activation::relu;
  Box box; // the box at the first value (its side is the scanned one when scanning box)
  std::vector<ScanRow> rows;
};

// The x axis' label, with its unit, of a scanned CSV column.
std::string scan_axis_label(const std::string& parameter_column);

// Writes FILE.png with FILE.csv (scan_csv of the rows) and FILE.gp.
void write_scan_figure(const ScanFigure& fig, const std::filesystem::path& png,
                       std::string_view option);

} // namespace gridtheory
