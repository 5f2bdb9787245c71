// The ratemaps use case (`gridtheory ratemaps`, gridtheory.ratemaps): positions and activity
// binned into the ratemaps `score` reads, with the trainer's binning (numerics/ratemap.hpp).
#pragma once

#include "numerics/ratemap.hpp"
#include "src/app/array_input.hpp"
#include "src/io/npy.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <vector>

namespace gridtheory::app {

inline constexpr int ratemap_max_bins = 512;
// Positions this far outside [0, L] (relative to L) are on the wall, rounded: float32 stores
// 2.2 as 2.2000000477. They are clamped into the edge bins; further out is refused.
inline constexpr double ratemap_wall_tolerance = 1e-6;

struct RatemapsRequest {
  ArrayInput positions;           // (T, 2) or (T, B, 2): (x, y) in metres from the arena's corner
  ArrayInput activity;            // (T, units) or (T, B, units), sample for sample with positions
  std::optional<double> box_m;    // side L, > 0 metres (default 2.2)
  std::optional<long long> bins;  // per side, 2 to 512 (default 44, the trainer's)
  std::optional<double> smooth_m; // Gaussian standard deviation, >= 0 metres (default 0)
  std::optional<long long> min_occupancy;   // samples a bin needs for a rate, >= 1 (default 1)
  std::optional<std::filesystem::path> out; // a FILE.npy to write, in the activity's dtype
};

struct RatemapsResult {
  RatemapOptions options;  // resolved
  std::size_t samples = 0; // T, or T x B
  std::size_t units = 0;
  std::vector<double> maps;           // units x bins x bins, [unit][y][x], NaN below min_occupancy
  std::size_t bins_with_rate = 0;     // of the first unit (all units share the occupancy)
  NpyDtype dtype = NpyDtype::float64; // the activity's (what `out` holds)
};

// Checks the options (UserError naming box, bins, smooth, min_occupancy, out), then the arrays
// (naming positions or activity, with the first offending sample), bins, and writes `out`.
RatemapsResult ratemaps(const RatemapsRequest& request);

// The options alone, checked and with their defaults (the trainer's evaluation uses the same).
RatemapOptions ratemap_options(const RatemapsRequest& request);

} // namespace gridtheory::app
