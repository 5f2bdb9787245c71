// `gridtheory ratemaps`: positions and activity from .npy files binned into ratemaps.
#include "src/cli/ratemaps.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "src/report/score_table.hpp"
#include "theory/defaults.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <cmath>
#include <memory>
#include <ostream>

namespace gridtheory::cli {

RatemapOptions resolve_ratemap_options(const RatemapOptionText& text) {
  RatemapOptions o;
  o.side_m = text.box ? parse_number(param("box"), *text.box, {0.0, true, "a side in metres"})
                      : defaults::box_m;
  o.nbins = text.bins ? static_cast<int>(parse_count(param("bins"), *text.bins, 2, kRatemapMaxBins,
                                                     "a number of bins per side"))
                      : defaults::train_eval_bins;
  o.smooth_m = text.smooth ? parse_number(param("smooth"), *text.smooth,
                                          {0.0, false, "a standard deviation in metres"})
                           : 0.0;
  o.min_occupancy = text.min_occupancy ? parse_count(param("min_occupancy"), *text.min_occupancy, 1,
                                                     1'000'000'000, "a number of samples")
                                       : 1;
  return o;
}

namespace {

// "row 17" for a T x ... array, "[5][2] (t, b)" for a T x B x ... one.
std::string sample_name(const std::vector<std::size_t>& shape, std::size_t i) {
  if (shape.size() == 3)
    return "sample [" + std::to_string(i / shape[1]) + "][" + std::to_string(i % shape[1]) +
           "] (t, b)";
  return "row " + std::to_string(i);
}

std::string shape_rule(const std::string& last) {
  return "shape (T, " + last + ") or (T, B, " + last + ")";
}

} // namespace

RatemapSamples check_ratemap_input(const RatemapArray& positions, const RatemapArray& activity,
                                   const RatemapOptions& o) {
  const auto& ps = *positions.shape;
  const auto& as = *activity.shape;
  if ((ps.size() != 2 && ps.size() != 3) || ps.back() != 2)
    throw UserError(positions.option, positions.value,
                    "has shape " + npy_shape_text(ps) + ", not (x, y) positions per sample",
                    shape_rule("2") + ", metres");
  if (as.size() != 2 && as.size() != 3)
    throw UserError(activity.option, activity.value,
                    "has shape " + npy_shape_text(as) + ", not activity per sample and unit",
                    shape_rule("units"));
  if (as.size() != ps.size() || !std::equal(ps.begin(), ps.end() - 1, as.begin()))
    throw UserError(activity.option, activity.value,
                    "has shape " + npy_shape_text(as) + ", which does not match " +
                        positions.option + "'s " + npy_shape_text(ps),
                    "the same samples as " + positions.option + ": " +
                        (ps.size() == 3 ? "(" + std::to_string(ps[0]) + ", " +
                                              std::to_string(ps[1]) + ", units)"
                                        : "(" + std::to_string(ps[0]) + ", units)"));
  RatemapSamples r;
  r.samples = ps.size() == 3 ? ps[0] * ps[1] : ps[0];
  r.units = as.back();
  if (r.samples == 0)
    throw UserError(positions.option, positions.value,
                    "has shape " + npy_shape_text(ps) + ": it holds no samples",
                    "at least one sample");
  if (r.units == 0)
    throw UserError(activity.option, activity.value,
                    "has shape " + npy_shape_text(as) + ": it holds no units", "at least one unit");

  const double tol = kRatemapWallTolerance * o.side_m;
  const std::string box = "[0, " + format_number(o.side_m) + "]";
  for (std::size_t i = 0; i < r.samples; ++i)
    for (int k = 0; k < 2; ++k) {
      const double v = positions.data[2 * i + static_cast<std::size_t>(k)];
      const char* axis = k == 0 ? "x" : "y";
      if (!std::isfinite(v))
        throw UserError(positions.option, positions.value,
                        "has " + std::string(axis) + " = " + format_number(v) + " at " +
                            sample_name(ps, i),
                        "finite positions in metres; leave out the samples without one");
      if (v < -tol || v > o.side_m + tol)
        throw UserError(positions.option, positions.value,
                        "has " + std::string(axis) + " = " + format_number(v) + " m at " +
                            sample_name(ps, i) + ", outside the box " + box + " m",
                        "positions in metres from the arena's corner, in [0, L] with L = --box (" +
                            format_number(o.side_m) +
                            "); add L/2 to coordinates centred on the box");
    }
  for (std::size_t i = 0; i < r.samples * r.units; ++i)
    if (!std::isfinite(activity.data[i]))
      throw UserError(activity.option, activity.value,
                      "has activity " + format_number(activity.data[i]) + " at " +
                          sample_name(as, i / r.units) + ", unit " + std::to_string(i % r.units),
                      "finite activity");
  return r;
}

namespace {

struct RatemapsOptions {
  std::string positions, activity, out;
  RatemapOptionText text;
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
  add_text_option(*app, "--box", opts->text.box,
                  "square arena side L in metres (default 2.2 m, NFL); the arena is [0, L]^2", "L");
  add_text_option(*app, "--bins", opts->text.bins,
                  "bins per side, 2 to 512 (default 44: 5 cm in the 2.2 m box, the trainer's "
                  "evaluation; score needs at least 3)",
                  "N");
  add_text_option(*app, "--smooth", opts->text.smooth,
                  "Gaussian smoothing, standard deviation in metres (default 0: none); "
                  "summed activity and occupancy are smoothed separately, then divided",
                  "SIGMA");
  add_text_option(*app, "--min-occupancy", opts->text.min_occupancy,
                  "samples a bin needs to get a rate, else NaN (default 1: unvisited bins are "
                  "NaN)",
                  "S");

  auto run = [opts](std::ostream& out) {
    const RatemapOptions o = resolve_ratemap_options(opts->text);
    const std::filesystem::path out_path(opts->out);
    if (out_path.extension() != ".npy")
      throw UserError("--out", opts->out, "does not end in .npy", "a FILE.npy path");
    check_output_path(out_path, "--out");
    const NpyArray positions = read_npy(opts->positions, "--positions");
    const NpyArray activity = read_npy(opts->activity, "--activity");
    const RatemapSamples s = check_ratemap_input(
        {&positions.shape, positions.data.data(), "--positions", opts->positions},
        {&activity.shape, activity.data.data(), "--activity", opts->activity}, o);
    const std::vector<double> maps =
        bin_ratemaps(positions.data.data(), activity.data.data(), s.samples, s.units, o);
    const auto n = static_cast<std::size_t>(o.nbins);
    write_npy(out_path, {s.units, n, n}, maps.data(), activity.dtype, "--out");
    std::size_t with_rate = 0;
    for (std::size_t c = 0; c < n * n; ++c)
      with_rate += !std::isnan(maps[c]);
    out << "wrote " << opts->out << ": " << s.units << " units x " << n << " x " << n
        << " bins (box " << format_number(o.side_m) << " m, bin "
        << format_score(o.side_m / o.nbins) << " m), " << s.samples << " samples, " << with_rate
        << " of " << n * n << " bins with a rate (min occupancy " << o.min_occupancy
        << "), smoothing "
        << (o.smooth_m > 0 ? "sigma " + format_number(o.smooth_m) + " m" : std::string("none"))
        << "\n";
  };
  return {app, run};
}

} // namespace gridtheory::cli
