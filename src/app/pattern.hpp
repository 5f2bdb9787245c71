// The pattern use case (`gridtheory pattern`, gridtheory.pattern): the theory's pattern-forming
// dynamics on an encoding's covariance in a periodic box, and the grid scores of the maps; and
// its first half alone, the kernel (gridtheory.pattern_kernel).
#pragma once

#include "numerics/pattern_dynamics.hpp"
#include "src/report/pattern_report.hpp"
#include "src/report/score_table.hpp"
#include "theory/activation.hpp"
#include "theory/encoding.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace gridtheory::app {

// Where the covariance comes from: a population of cells drawn with the seed, or the closed form.
enum class KernelSource { sampled, analytic };
std::string_view kernel_source_name(KernelSource k);
// "sampled" or "analytic" (UserError naming kernel otherwise).
KernelSource parse_kernel_source(std::string_view text);

// The dynamics' numbers as given (unset: the default of the rule, single or multi).
struct PatternNumbers {
  std::optional<long long> maps;    // 1 to 4096 (default 16)
  std::optional<long long> steps;   // 0 to 1e8 (default 1500)
  std::optional<long long> res;     // grid points per side, 8 to 1024 (default 55)
  std::optional<double> lr;         // in (0, 1] on the unit-peak kernel (default 0.3)
  std::optional<double> gain;       // multi only: r in f(r G), >= 0 (default 1)
  std::optional<long long> threads; // 1 to 256 (default: all cores)
};
// The options of the dynamics: the rule's settings with the project's defaults, each given
// number range-checked (UserError naming it; gain without multi is refused).
PatternOptions pattern_options(bool multi, Activation activation, unsigned long long seed,
                               const PatternNumbers& numbers);

// UserError naming lr (and gain, multi) when the dynamics overflowed.
void require_finite_maps(const gridtheory::PatternResult& dynamics, const PatternOptions& options);

struct PatternRequest {
  EncodingOptions encoding;    // a place code
  std::optional<double> box_m; // side of the periodic box, > 0 metres (default 2.2)
  Activation activation = Activation::relu;
  std::optional<long long> seed; // the sampled population and the initial maps (default 0)
  PatternNumbers numbers;
  bool multi = false; // the Oja/Sanger rule over all maps (default: single maps)
  KernelSource kernel = KernelSource::sampled;
  // A folder for maps.npy, metrics.csv, mosaic.png and summary.json (created; its parent must
  // exist); unset: nothing is written.
  std::optional<std::filesystem::path> out;
  // Progress of the dynamics: (steps done, steps), called on the solver's threads, possibly at
  // once (PatternOptions::progress): thread-safe, must not throw.
  std::function<void(long long done, long long steps)> progress;
};

struct PatternResult {
  PatternRun run;           // the resolved configuration, per-map scores and the prediction
  std::vector<double> maps; // maps x res x res, [(m * res + y) * res + x]
  ScoreReport scores;       // the maps' scores as `score` reports them (DeepMind's SAC)
  bool cells_given = false; // false: the cell count is the box's default density
};

// Checks in `gridtheory pattern`'s order (box, encoding, seed, place code, kernel, cells, the
// numbers, the kernel's resolution, out), runs the dynamics, scores the maps and writes `out`.
// UserError naming lr when the maps overflow.
PatternResult pattern(const PatternRequest& request);

struct PatternKernelRequest {
  EncodingOptions encoding;
  std::optional<double> box_m;
  Activation activation = Activation::relu; // recorded in the prediction only
  std::optional<long long> seed;
  std::optional<long long> res; // 8 to 1024 (default 55)
  KernelSource kernel = KernelSource::sampled;
  std::optional<long long> threads; // 1 to 256 (default: all cores)
};

struct PatternKernelResult {
  std::vector<double> sigma_hat; // res x (res / 2 + 1), unit peak: the half spectrum
  int res = 0;
  double box_m = 0.0;
  Encoding encoding;
  KernelSource kernel = KernelSource::sampled;
  Prediction prediction; // for the same periodic box
};

// The kernel `pattern` runs its dynamics on, with the same checks.
PatternKernelResult pattern_kernel(const PatternKernelRequest& request);

} // namespace gridtheory::app
