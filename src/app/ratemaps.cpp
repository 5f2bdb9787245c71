#include "src/app/ratemaps.hpp"

#include "src/io/atomic_file.hpp"
#include "theory/defaults.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace gridtheory::app {

namespace {

const Range box_range{0.0, true, "a side in metres"};
const Range smooth_range{0.0, false, "a standard deviation in metres"};

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

struct Samples {
  std::size_t samples = 0;
  std::size_t units = 0;
};

// Positions (finite, within [0, L] up to the wall tolerance) and activity (finite) against each
// other; errors name the array that is wrong, with the first offending sample.
Samples check_input(const LoadedArray& positions, const LoadedArray& activity,
                    const RatemapOptions& o) {
  const std::string pos_name = param("positions"), act_name = param("activity");
  const auto& ps = positions.shape;
  const auto& as = activity.shape;
  if ((ps.size() != 2 && ps.size() != 3) || ps.back() != 2)
    throw UserError(pos_name, positions.value,
                    "has shape " + npy_shape_text(ps) + ", not (x, y) positions per sample",
                    shape_rule("2") + ", metres");
  if (as.size() != 2 && as.size() != 3)
    throw UserError(act_name, activity.value,
                    "has shape " + npy_shape_text(as) + ", not activity per sample and unit",
                    shape_rule("units"));
  if (as.size() != ps.size() || !std::equal(ps.begin(), ps.end() - 1, as.begin()))
    throw UserError(act_name, activity.value,
                    "has shape " + npy_shape_text(as) + ", which does not match " + pos_name +
                        "'s " + npy_shape_text(ps),
                    "the same samples as " + pos_name + ": " +
                        (ps.size() == 3 ? "(" + std::to_string(ps[0]) + ", " +
                                              std::to_string(ps[1]) + ", units)"
                                        : "(" + std::to_string(ps[0]) + ", units)"));
  Samples r;
  r.samples = ps.size() == 3 ? ps[0] * ps[1] : ps[0];
  r.units = as.back();
  if (r.samples == 0)
    throw UserError(pos_name, positions.value,
                    "has shape " + npy_shape_text(ps) + ": it holds no samples",
                    "at least one sample");
  if (r.units == 0)
    throw UserError(act_name, activity.value,
                    "has shape " + npy_shape_text(as) + ": it holds no units", "at least one unit");

  const double tol = ratemap_wall_tolerance * o.side_m;
  const std::string box = "[0, " + format_number(o.side_m) + "]";
  for (std::size_t i = 0; i < r.samples; ++i)
    for (int k = 0; k < 2; ++k) {
      const double v = positions.data[2 * i + static_cast<std::size_t>(k)];
      const char* axis = k == 0 ? "x" : "y";
      if (!std::isfinite(v))
        throw UserError(pos_name, positions.value,
                        "has " + std::string(axis) + " = " + format_number(v) + " at " +
                            sample_name(ps, i),
                        "finite positions in metres; leave out the samples without one");
      if (v < -tol || v > o.side_m + tol)
        throw UserError(
            pos_name, positions.value,
            "has " + std::string(axis) + " = " + format_number(v) + " m at " + sample_name(ps, i) +
                ", outside the box " + box + " m",
            "positions in metres from the arena's corner, in [0, L] with L = " + param("box") +
                " (" + format_number(o.side_m) + "); add L/2 to coordinates centred on the box");
    }
  for (std::size_t i = 0; i < r.samples * r.units; ++i)
    if (!std::isfinite(activity.data[i]))
      throw UserError(act_name, activity.value,
                      "has activity " + format_number(activity.data[i]) + " at " +
                          sample_name(as, i / r.units) + ", unit " + std::to_string(i % r.units),
                      "finite activity");
  return r;
}

} // namespace

RatemapOptions ratemap_options(const RatemapsRequest& q) {
  RatemapOptions o;
  if (q.box_m) require_in_range(param("box"), *q.box_m, box_range);
  o.side_m = q.box_m.value_or(defaults::box_m);
  if (q.bins)
    require_count_in_range(param("bins"), *q.bins, 2, ratemap_max_bins,
                           "a number of bins per side");
  o.nbins = q.bins ? static_cast<int>(*q.bins) : defaults::train_eval_bins;
  if (q.smooth_m) require_in_range(param("smooth"), *q.smooth_m, smooth_range);
  o.smooth_m = q.smooth_m.value_or(0.0);
  if (q.min_occupancy)
    require_count_in_range(param("min_occupancy"), *q.min_occupancy, 1, 1'000'000'000,
                           "a number of samples");
  o.min_occupancy = q.min_occupancy.value_or(1);
  return o;
}

RatemapsResult ratemaps(const RatemapsRequest& q) {
  RatemapsResult r;
  r.options = ratemap_options(q);
  if (q.out) {
    if (q.out->extension() != ".npy")
      throw UserError(param("out"), q.out->string(), "does not end in .npy", "a FILE.npy path");
    check_output_path(*q.out, param("out"));
  }
  const LoadedArray positions = load(q.positions, param("positions"));
  const LoadedArray activity = load(q.activity, param("activity"));
  const Samples s = check_input(positions, activity, r.options);
  r.samples = s.samples;
  r.units = s.units;
  r.dtype = activity.dtype;
  r.maps = bin_ratemaps(positions.data, activity.data, s.samples, s.units, r.options);
  const auto n = static_cast<std::size_t>(r.options.nbins);
  for (std::size_t c = 0; c < n * n; ++c)
    r.bins_with_rate += !std::isnan(r.maps[c]);
  if (q.out) write_npy(*q.out, {s.units, n, n}, r.maps.data(), r.dtype, param("out"));
  return r;
}

} // namespace gridtheory::app
