// `gridtheory ratemaps`: positions and activity from .npy files binned into ratemaps.
#include "src/app/ratemaps.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/params/number_text.hpp"
#include "src/report/ratemaps_report.hpp"
#include "theory/errors.hpp"

#include <memory>
#include <optional>
#include <ostream>

namespace gridtheory::cli {

namespace {

struct RatemapsOptions {
  std::string positions, activity, out;
  std::optional<std::string> box, bins, smooth, min_occupancy;
};

} // namespace

Command add_ratemaps_command(CLI::App& parent) {
  auto opts = std::make_shared<RatemapsOptions>();
  CLI::App* app = parent.add_subcommand(
      "ratemaps", "Ratemaps from positions and activity (.npy), binned as the trainer bins its "
                  "own: the file `gridtheory score --ratemaps` reads");
  app->add_option("--positions", opts->positions,
                  "positions as a NumPy .npy file of float32/float64, shape (T, 2) or (T, B, 2): "
                  "(x, y) in metres from the arena's corner, in [0, L] (required)")
      ->required()
      ->type_name("FILE.npy");
  app->add_option("--activity", opts->activity,
                  "activity as a NumPy .npy file of float32/float64, shape (T, units) or (T, B, "
                  "units), sample for sample with --positions (required)")
      ->required()
      ->type_name("FILE.npy");
  app->add_option("--out", opts->out,
                  "the ratemaps, shape (units, bins, bins), [row][col] = [y][x], NaN where a bin "
                  "has under --min-occupancy samples; the activity's dtype (required)")
      ->required()
      ->type_name("FILE.npy");
  add_text_option(*app, "--box", opts->box,
                  "square arena side L in metres (default 2.2 m, NFL); the arena is [0, L]^2", "L");
  add_text_option(*app, "--bins", opts->bins,
                  "bins per side, 2 to 512 (default 44: 5 cm in the 2.2 m box, the trainer's "
                  "evaluation; score needs at least 3)",
                  "N");
  add_text_option(*app, "--smooth", opts->smooth,
                  "Gaussian smoothing, standard deviation in metres (default 0: none); "
                  "summed activity and occupancy are smoothed separately, then divided",
                  "SIGMA");
  add_text_option(*app, "--min-occupancy", opts->min_occupancy,
                  "samples a bin needs to get a rate, else NaN (default 1: unvisited bins are "
                  "NaN)",
                  "S");

  auto run = [opts](std::ostream& out) {
    // Text to typed values; app::ratemaps checks the ranges, the files and the arrays.
    app::RatemapsRequest q;
    q.positions = app::ArrayInput::file(opts->positions);
    q.activity = app::ArrayInput::file(opts->activity);
    if (opts->box) q.box_m = parse_real(param("box"), *opts->box, {0.0, true, "a side in metres"});
    if (opts->bins)
      q.bins = parse_whole(param("bins"), *opts->bins, 2, app::ratemap_max_bins,
                           "a number of bins per side");
    if (opts->smooth)
      q.smooth_m = parse_real(param("smooth"), *opts->smooth,
                              {0.0, false, "a standard deviation in metres"});
    if (opts->min_occupancy)
      q.min_occupancy = parse_whole(param("min_occupancy"), *opts->min_occupancy, 1, 1'000'000'000,
                                    "a number of samples");
    q.out = opts->out;
    const app::RatemapsResult r = app::ratemaps(q);
    out << ratemaps_text(opts->out, r.options, r.samples, r.units, r.bins_with_rate);
  };
  return {app, run};
}

} // namespace gridtheory::cli
