// `scan`: the prediction and the box lattice's best hexagonal triad over one parameter's values
// (the theory's curve for "grids at sigma = 12 cm but not at 11 or 13 cm", NFL).
#pragma once

#include "src/app/spectrum_source.hpp"
#include "src/report/scan_table.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gridtheory::app {

// The parameters a scan can vary, each a real number.
enum class ScanParameter { sigma, surround_ratio, surround_variance_ratio, alpha_e, alpha_i, box };
// Its name in the library's spelling ("surround_ratio"): the table's first column.
std::string_view scan_parameter_name(ScanParameter p);

struct ScanRequest {
  // The fixed options; the scanned one's own field (the encoding's or box_m) must be unset.
  EncodingOptions encoding; // cells: the sampled spectrum only
  std::optional<double> box_m;
  bool periodic = false;
  Activation activation = Activation::relu;
  Method method = Method::automatic;
  std::optional<long long> seed; // the sampled spectrum only; default 0
  SampledRequest sampled;        // res: the sampled spectrum only
  ScanParameter parameter = ScanParameter::sigma;
  std::vector<double> values; // at least one
  // Values of a LO:HI:STEP grid carry its rounding (0.08 + 3 x 0.005 = 0.09500000000000001):
  // each is computed at the value its CSV row prints (10 significant digits, 0.095).
  bool values_from_range = false;
  std::string values_label;        // the values as the caller wrote them (the figure's title)
  std::optional<std::string> plot; // also write the figure FILE.png (+ .csv, .gp)
};

struct ScanResult {
  std::string parameter_column; // scan_parameter_name(parameter)
  Activation activation = Activation::relu;
  std::vector<ScanRow> rows; // one per value, in order
  Encoding first_encoding;   // the encoding and box at the first value
  Box first_box;
};

// The error when no parameter is given as a range, for an edge that reads them as text
// ({parameter}, its text or nullopt when not given): names one whose text looks like a range but
// is not one (e.g. 0.1:0.2, no STEP), else says which parameters take one.
[[noreturn]] void
throw_no_scan_range(const std::vector<std::pair<std::string, std::optional<std::string>>>& given);

// Validates the request and every value before computing any (UserError naming the parameter,
// in the CLI's order), computes each row, and writes the figure when asked.
ScanResult scan(const ScanRequest& request);

} // namespace gridtheory::app
