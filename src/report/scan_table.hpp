// The table `gridtheory scan` prints: one row per value of the scanned parameter, as CSV and as
// JSON. One definition for the CLI (src/cli/scan.cpp) and the Python module (gridtheory.scan).
#pragma once

#include "numerics/box_lattice.hpp"
#include "theory/activation.hpp"
#include "theory/prediction.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gridtheory {

struct ScanRow {
  double value = 0.0; // the scanned parameter's value
  Prediction prediction;
  std::optional<BoxLattice> lattice; // when the prediction has a ring
};

// The CSV columns after the parameter's own column.
extern const char* const scan_columns;

// "PARAMETER,pattern,method,...\n" then one row per value (numbers as %.10g, empty cells for
// missing values). `parameter_column`: the option's name without "--", '-' as '_'.
std::string scan_csv(const std::string& parameter_column, const std::vector<ScanRow>& rows);

// {"command": "scan", "parameter", "activation", "rows": [{value, pattern, method, k_star_per_m,
// grid_spacing_m, box_lattice}]}.
nlohmann::json scan_json(const std::string& parameter_column, Activation activation,
                         const std::vector<ScanRow>& rows);

} // namespace gridtheory
