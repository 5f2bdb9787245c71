// `gridtheory ratemaps` and gridtheory.ratemaps: users' positions and activity binned into the
// ratemaps `gridtheory score` reads, with the trainer's binning (numerics/ratemap.hpp). The
// option parsing and the checks of the two arrays are shared by the CLI and the Python module,
// so both refuse the same input with the same one-line message.
#pragma once

#include "numerics/ratemap.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gridtheory::cli {

inline constexpr int kRatemapMaxBins = 512;
// Positions this far outside [0, L] (relative to L) are on the wall, rounded: float32 stores
// 2.2 as 2.2000000477. They are clamped into the edge bins; further out is refused.
inline constexpr double kRatemapWallTolerance = 1e-6;

// The options as text (nullopt: not given), validated (UserError naming --box, --bins, --smooth,
// --min-occupancy): box > 0 metres (default 2.2), bins 2 to 512 (default 44, the trainer's),
// smooth >= 0 metres (default 0: none), min-occupancy a whole number >= 1 (default 1).
struct RatemapOptionText {
  std::optional<std::string> box, bins, smooth, min_occupancy;
};
RatemapOptions resolve_ratemap_options(const RatemapOptionText& text);

// One input array: its shape, its values (C order) and how errors name it (the option and the
// value part: the CLI's option and path, or Python's argument name and "float32 array").
struct RatemapArray {
  const std::vector<std::size_t>* shape;
  const double* data;
  std::string option;
  std::string value;
};

struct RatemapSamples {
  std::size_t samples = 0; // T, or T x B flattened
  std::size_t units = 0;
};

// Checks positions (T x 2 or T x B x 2, metres, finite, within [0, L] up to the wall tolerance)
// and activity (T x units or T x B x units, finite) against each other. Throws UserError naming
// the array that is wrong, with the first offending row.
RatemapSamples check_ratemap_input(const RatemapArray& positions, const RatemapArray& activity,
                                   const RatemapOptions& options);

} // namespace gridtheory::cli
