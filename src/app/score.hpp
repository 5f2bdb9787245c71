// The score use case (`gridtheory score`, gridtheory.score) and the autocorrelogram the scores
// use (gridtheory.autocorrelogram): grid scores of ratemaps, one row per unit.
#pragma once

#include "numerics/sac.hpp"
#include "src/app/array_input.hpp"
#include "src/report/score_table.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace gridtheory::app {

inline constexpr int score_max_bins = 512; // at 512: ~250 MB of tables, ~85 MB of FFT a thread
inline constexpr int score_max_threads = 256;

// "deepmind" or "nan-aware" (UserError naming sac otherwise): the one parser of the SAC's name.
SacMode parse_sac_mode(std::string_view text);

struct ScoreRequest {
  ArrayInput ratemaps;         // (units, nbins, nbins) or (nbins, nbins), [y][x], NaN unvisited
  std::optional<double> box_m; // side L, > 0 metres (default 2.2)
  std::optional<SacMode> sac;  // default deepmind (unvisited bins as rate 0)
  std::optional<long long> threads;          // 1 to 256 (default: all cores, at most 256)
  std::optional<std::filesystem::path> plot; // FILE.png of the best units; SACs in FILE_sacs.png
};

struct ScoreResult {
  ScoreReport report;     // the scores, the SAC, the box and the bins: what --format json prints
  bool sac_given = false; // false: deepmind by default (the CLI notes the unvisited bins)
  std::size_t units() const { return report.scores.size(); }
};

// Checks box, sac, threads and plot (UserError naming each), then the ratemaps (naming
// ratemaps), scores every unit and draws the figures of `plot`.
ScoreResult score(const ScoreRequest& request);

// The ratemaps checked as score checks them (parameter `option`: ratemaps, or ratemap).
struct Ratemaps {
  LoadedArray array;
  std::size_t units = 0;
  int nbins = 0;
};
Ratemaps load_ratemaps(const ArrayInput& input, std::string_view option);

// The SAC of each map: units x (2 nbins - 1)^2, lag (dy, dx) at [nbins - 1 + dy][nbins - 1 + dx].
std::vector<double> autocorrelograms(const Ratemaps& maps, SacMode mode);

} // namespace gridtheory::app
