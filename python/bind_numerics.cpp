// Grid scores of ratemap arrays and the pattern-forming dynamics, validated as `gridtheory
// score` and `gridtheory pattern` validate their options.
#include "numerics/grid_scores.hpp"
#include "numerics/pattern_dynamics.hpp"
#include "numerics/sac.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "python/bindings.hpp"
#include "python/convert.hpp"
#include "src/cli/common_options.hpp"
#include "src/cli/ratemaps.hpp"
#include "src/io/npy.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/pattern_report.hpp"
#include "src/report/score_table.hpp"
#include "src/version.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"
#include "theory/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

namespace gridtheory::python {

namespace {

constexpr int kMaxBins = 512; // as `gridtheory score`
constexpr int kMaxThreads = 256;

// ---------------------------------------------------------------------------- ratemaps

struct Ratemaps {
  py::array_t<double, py::array::c_style> array; // float64, C order
  std::vector<std::size_t> shape;
  std::size_t units = 0;
  int nbins = 0;
};

// The checks of `gridtheory score --ratemaps`, with the argument's name and the array's dtype in
// place of the option and the file.
Ratemaps check_ratemaps(py::handle value, const std::string& name) {
  Ratemaps r;
  r.array = real_array(value, name);
  const std::string what = array_value_text(value);
  r.shape = shape_of(r.array);
  const auto& shape = r.shape;
  const std::string expected = "shape (units, nbins, nbins) or (nbins, nbins)";
  if (shape.size() != 2 && shape.size() != 3)
    throw UserError(name, what,
                    "has shape " + npy_shape_text(shape) + ", not one or more square maps",
                    expected);
  r.units = shape.size() == 3 ? shape[0] : 1;
  const std::size_t rows = shape[shape.size() - 2], cols = shape[shape.size() - 1];
  if (rows != cols)
    throw UserError(name, what,
                    "has shape " + npy_shape_text(shape) + ": its maps are " +
                        std::to_string(rows) + " x " + std::to_string(cols) + ", not square",
                    expected);
  if (rows < 3 || rows > static_cast<std::size_t>(kMaxBins))
    throw UserError(name, what,
                    "has maps of " + std::to_string(rows) + " x " + std::to_string(cols) + " bins",
                    "3 to " + std::to_string(kMaxBins) + " bins per side");
  if (r.units == 0)
    throw UserError(name, what, "has shape " + npy_shape_text(shape) + ": it holds no ratemaps",
                    expected);
  r.nbins = static_cast<int>(rows);
  const std::size_t cells = rows * cols;
  const double* data = r.array.data();
  const std::size_t size = static_cast<std::size_t>(r.array.size());
  for (std::size_t i = 0; i < size; ++i)
    if (std::isinf(data[i]))
      throw UserError(name, what,
                      "has an infinite rate in unit " + std::to_string(i / cells) + ", bin [" +
                          std::to_string(i % cells / rows) + "][" + std::to_string(i % rows) + "]",
                      "finite rates, NaN for unvisited bins");
  return r;
}

SacMode sac_mode(py::handle sac) {
  const std::string name = name_text(sac, param("sac"), "nan-aware, deepmind");
  if (name == "deepmind") return SacMode::deepmind;
  if (name != "nan-aware")
    throw UserError(param("sac"), name, "is not a known autocorrelogram mode",
                    "nan-aware, deepmind");
  return SacMode::nan_aware;
}

double box_side(py::handle box) {
  const auto text = option_text(box, param("box"));
  return text ? parse_number(param("box"), *text, {0.0, true, "a side in metres"})
              : defaults::box_m;
}

// The score columns as arrays, then 'sac': the SAC they come from (the CLI's CSV column).
py::dict scores_dict(const std::vector<GridScores>& scores, SacMode sac) {
  const std::size_t n = scores.size();
  std::array<std::vector<double>, score_columns.size()> columns;
  for (auto& c : columns)
    c.reserve(n);
  for (const auto& s : scores) {
    const auto v = score_values(s);
    for (std::size_t c = 0; c < v.size(); ++c)
      columns[c].push_back(v[c]);
  }
  py::dict d;
  for (std::size_t c = 0; c < columns.size(); ++c)
    d[score_columns[c]] = to_numpy(std::move(columns[c]), {n});
  d["sac"] = std::string(sac_mode_name(sac));
  return d;
}

py::dict score_py(py::object ratemaps, py::object box, py::object sac, py::object threads) {
  // The options first, then the array (as the CLI validates its options before reading).
  const double box_m = box_side(box);
  const SacMode mode = sac_mode(sac);
  int n_threads = 1;
  if (const auto t = threads_text(threads)) {
    n_threads =
        static_cast<int>(parse_count(param("threads"), *t, 1, kMaxThreads, "a number of threads"));
  } else {
    const unsigned cores = std::thread::hardware_concurrency();
    n_threads = cores == 0 ? 1 : static_cast<int>(std::min<unsigned>(cores, kMaxThreads));
  }
  const Ratemaps maps = check_ratemaps(ratemaps, "ratemaps");
  std::vector<GridScores> scores;
  {
    py::gil_scoped_release release;
    scores = score_ratemaps(maps.array.data(), maps.units, maps.nbins, box_m, mode, n_threads);
  }
  return scores_dict(scores, mode);
}

py::array_t<double> autocorrelogram_py(py::object ratemap, py::object sac) {
  const SacMode mode = sac_mode(sac);
  const Ratemaps maps = check_ratemaps(ratemap, "ratemap");
  const std::size_t n = static_cast<std::size_t>(maps.nbins), size = 2 * n - 1;
  std::vector<double> out(maps.units * size * size);
  {
    py::gil_scoped_release release;
    Autocorrelogram ac(maps.nbins, mode);
    for (std::size_t u = 0; u < maps.units; ++u)
      ac.compute(maps.array.data() + u * n * n, out.data() + u * size * size);
  }
  if (maps.shape.size() == 2) return to_numpy(std::move(out), {size, size});
  return to_numpy(std::move(out), {maps.units, size, size});
}

py::array_t<double> ratemaps_py(py::object positions, py::object activity, py::object box,
                                py::object bins, py::object smooth, py::object min_occupancy) {
  // The options first, then the arrays (as the CLI validates its options before reading).
  cli::RatemapOptionText text;
  text.box = option_text(box, param("box"));
  text.bins = option_text(bins, param("bins"));
  text.smooth = option_text(smooth, param("smooth"));
  text.min_occupancy = option_text(min_occupancy, param("min_occupancy"));
  const RatemapOptions o = cli::resolve_ratemap_options(text);
  const auto pos = real_array(positions, "positions");
  const auto act = real_array(activity, "activity");
  const std::vector<std::size_t> pos_shape = shape_of(pos), act_shape = shape_of(act);
  const cli::RatemapSamples s =
      cli::check_ratemap_input({&pos_shape, pos.data(), "positions", array_value_text(positions)},
                               {&act_shape, act.data(), "activity", array_value_text(activity)}, o);
  std::vector<double> maps;
  {
    py::gil_scoped_release release;
    maps = bin_ratemaps(pos.data(), act.data(), s.samples, s.units, o);
  }
  const auto n = static_cast<std::size_t>(o.nbins);
  return to_numpy(std::move(maps), {s.units, n, n});
}

// ---------------------------------------------------------------------------- pattern

std::string six_digits(double v) {
  if (!std::isfinite(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// `gridtheory pattern`'s options for the dynamics, resolved and validated as the CLI does.
PatternOptions pattern_options(bool multi, Activation act, unsigned long long seed, py::handle maps,
                               py::handle steps, py::handle res, py::handle lr, py::handle gain,
                               py::handle threads) {
  const auto maps_text = option_text(maps, param("maps"));
  const auto steps_text = option_text(steps, param("steps"));
  const auto res_text = option_text(res, param("res"));
  const auto lr_text = option_text(lr, param("lr"));
  const auto gain_text = option_text(gain, param("gain"));
  const auto threads_arg = threads_text(threads);
  return cli::resolve_pattern_options(
      multi, act, seed, {maps_text, steps_text, res_text, lr_text, gain_text, threads_arg});
}

// The kernel of `gridtheory pattern`: validated encoding and kernel name, then sigma_hat
// (unit peak) and the prediction for the same periodic box.
struct Kernel {
  Encoding enc;
  Box box;
  Activation act = Activation::relu;
  unsigned long long seed = 0;
  std::string name;
};

Kernel resolve_kernel(const EncodingArgs& ea, py::handle box, py::handle activation,
                      py::handle seed, py::handle kernel) {
  cli::EncodingFlags eo;
  eo.spec = ea.spec();
  cli::BoxOptions bo;
  bo.side = option_text(box, param("box"));
  cli::ActivationOption ao;
  ao.name = name_text(activation, param("activation"), "relu, tanh, sigmoid, linear");
  cli::SeedOption so;
  so.text = option_text(seed, param("seed"));
  const std::string kernel_name = name_text(kernel, param("kernel"), "sampled, analytic");
  Kernel k;
  k.box = bo.resolve();
  k.enc = eo.resolve(k.box);
  k.act = ao.resolve();
  k.seed = so.resolve();
  k.name = kernel_name;
  if (!uses_width(k.enc.family))
    throw UserError(param("encoding"), std::string(family_name(k.enc.family)),
                    "is not a place code: it has no covariance kernel to form patterns from",
                    "a place-cell encoding");
  if (k.name != "sampled" && k.name != "analytic")
    throw UserError(param("kernel"), k.name, "is not a known kernel", "sampled, analytic");
  if (k.name == "analytic" && !has_tuning_spectrum(k.enc))
    throw UserError(param("kernel"), k.name,
                    "needs a closed-form spectrum: " + why_no_tuning_spectrum(k.enc),
                    param("kernel") + " sampled for this encoding");
  cli::check_pattern_kernel_options(eo.spec, k.name);
  return k;
}

// Call without the GIL.
std::vector<double> kernel_spectrum(const Kernel& k, int res, int threads, Prediction* prediction) {
  require_pattern_kernel(k.enc, k.box.side_m, res, k.name == "analytic");
  const Box periodic{k.box.side_m, true};
  std::vector<double> sigma_hat;
  if (k.name == "sampled") {
    SampledSpectrumOptions so;
    so.res = res;
    so.threads = threads;
    SampledSpectrum spectrum;
    const Prediction p = predict_sampled(k.enc, k.act, periodic, k.seed, so, &spectrum);
    if (prediction) *prediction = p;
    sigma_hat = spectrum.power;
    const double top = *std::max_element(sigma_hat.begin(), sigma_hat.end());
    if (!(top > 0.0)) throw InternalError("pattern: the sampled kernel has no power");
    for (double& v : sigma_hat)
      v /= top;
  } else {
    if (prediction) *prediction = predict(k.enc, k.act, periodic);
    const Encoding& enc = k.enc;
    sigma_hat =
        isotropic_kernel_spectrum(res, k.box.side_m, [&](double q) { return power(enc, q); });
  }
  return sigma_hat;
}

void check_finite(const PatternResult& result, const PatternOptions& po) {
  if (!result.finite)
    throw UserError(
        param("lr"), six_digits(po.lr),
        "made the maps overflow" +
            std::string(po.multi ? " with " + param("gain") + " " + six_digits(po.gain) : ""),
        "a smaller " + param("lr") + std::string(po.multi ? " or " + param("gain") : ""));
}

py::dict pattern_py(const EncodingArgs& ea, py::handle box, py::handle activation, py::handle seed,
                    py::handle maps, py::handle steps, py::handle res, py::handle lr,
                    py::handle gain, py::handle threads, bool multi, py::handle kernel) {
  // Validation in `gridtheory pattern`'s order.
  const Kernel k = resolve_kernel(ea, box, activation, seed, kernel);
  PatternOptions po = pattern_options(multi, k.act, k.seed, maps, steps, res, lr, gain, threads);
  validate_pattern_options(po);

  Prediction prediction;
  PatternResult result;
  std::vector<GridScores> scores;
  {
    py::gil_scoped_release release;
    const std::vector<double> sigma_hat = kernel_spectrum(k, po.res, po.threads, &prediction);
    result = run_pattern_dynamics(sigma_hat, po);
    if (result.finite)
      scores = score_ratemaps(result.maps_data.data(), static_cast<size_t>(result.maps), result.res,
                              k.box.side_m, default_sac, po.threads);
  }
  check_finite(result, po);

  // summary.json of `gridtheory pattern` (src/report/pattern_report).
  const nlohmann::json summary =
      pattern_summary({k.enc, k.act, k.box.side_m, k.name, k.seed, po, scores, prediction});

  py::dict out = to_python(summary);
  const auto n = static_cast<std::size_t>(result.res);
  out["maps_array"] =
      to_numpy(std::move(result.maps_data), {static_cast<std::size_t>(result.maps), n, n});
  out["scores"] = scores_dict(scores, default_sac);
  return out;
}

py::array_t<double> pattern_kernel_py(const EncodingArgs& ea, py::handle box, py::handle activation,
                                      py::handle seed, py::handle res, py::handle kernel,
                                      py::handle threads) {
  const Kernel k = resolve_kernel(ea, box, activation, seed, kernel);
  const auto res_text = option_text(res, param("res"));
  const auto threads_arg = threads_text(threads);
  const int n =
      res_text ? static_cast<int>(parse_count(param("res"), *res_text, 8, pattern_defaults::max_res,
                                              "grid points per side"))
               : pattern_defaults::res;
  const int n_threads =
      threads_arg ? static_cast<int>(parse_count(param("threads"), *threads_arg, 1,
                                                 pattern_defaults::max_threads, "threads"))
                  : cli::default_threads();
  std::vector<double> sigma_hat;
  {
    py::gil_scoped_release release;
    sigma_hat = kernel_spectrum(k, n, n_threads, nullptr);
  }
  const auto rows = static_cast<std::size_t>(n);
  return to_numpy(std::move(sigma_hat), {rows, rows / 2 + 1});
}

py::array_t<double> pattern_dynamics_py(py::object sigma_hat_arg, py::object maps, py::object steps,
                                        py::object lr, py::object activation, bool multi,
                                        bool normalise, py::object gain, py::object init_scale,
                                        py::object seed, py::object threads,
                                        py::object initial_arg) {
  cli::ActivationOption ao;
  ao.name = name_text(activation, param("activation"), "relu, tanh, sigmoid, linear");
  cli::SeedOption so;
  so.text = option_text(seed, param("seed"));
  const Activation act = ao.resolve();
  const auto seed_value = so.resolve();

  const auto sigma_hat = real_array(sigma_hat_arg, "sigma_hat");
  const auto shape = shape_of(sigma_hat);
  const std::string allowed =
      "shape (res, res // 2 + 1) with res >= 8: the half spectrum pattern_kernel returns, "
      "finite and >= 0";
  if (shape.size() != 2 || shape[0] < 8 || shape[1] != shape[0] / 2 + 1)
    throw UserError("sigma_hat", array_value_text(sigma_hat_arg),
                    "has shape " + npy_shape_text(shape), allowed);
  for (py::ssize_t i = 0; i < sigma_hat.size(); ++i)
    if (!std::isfinite(sigma_hat.data()[i]) || sigma_hat.data()[i] < 0.0)
      throw UserError("sigma_hat", array_value_text(sigma_hat_arg),
                      "holds a negative or non-finite value at flat index " + std::to_string(i),
                      allowed);
  const int res = static_cast<int>(shape[0]);

  std::optional<py::array_t<double, py::array::c_style>> initial;
  py::object maps_count = py::reinterpret_borrow<py::object>(maps);
  if (!initial_arg.is_none()) {
    initial = real_array(initial_arg, "initial");
    const auto ishape = shape_of(*initial);
    const auto r = static_cast<std::size_t>(res);
    if (ishape.size() != 3 || ishape[0] < 1 || ishape[1] != r || ishape[2] != r)
      throw UserError("initial", array_value_text(initial_arg),
                      "has shape " + npy_shape_text(ishape),
                      "shape (maps, " + std::to_string(res) + ", " + std::to_string(res) +
                          "), the grid of sigma_hat");
    for (py::ssize_t i = 0; i < initial->size(); ++i)
      if (!std::isfinite(initial->data()[i]))
        throw UserError("initial", array_value_text(initial_arg),
                        "holds a non-finite value at flat index " + std::to_string(i),
                        "finite initial maps");
    if (maps.is_none()) maps_count = py::int_(ishape[0]);
  }
  PatternOptions po =
      pattern_options(multi, act, seed_value, maps_count, steps, py::none(), lr, gain, threads);
  po.res = res;
  po.normalise = normalise;
  if (const auto t = option_text(init_scale, param("init_scale")))
    po.init_scale = parse_number(param("init_scale"), *t, {0.0, true, "an initial amplitude"});
  if (initial && static_cast<std::size_t>(po.maps) != shape_of(*initial)[0])
    throw UserError(param("maps"), std::to_string(po.maps),
                    "differs from the number of initial maps (" +
                        std::to_string(shape_of(*initial)[0]) + ")",
                    "maps=None or the first dimension of initial");
  validate_pattern_options(po);

  PatternResult result;
  {
    py::gil_scoped_release release;
    const std::span<const double> kernel(sigma_hat.data(),
                                         static_cast<std::size_t>(sigma_hat.size()));
    result = initial ? run_pattern_dynamics(
                           kernel, po,
                           std::span<const double>(initial->data(),
                                                   static_cast<std::size_t>(initial->size())))
                     : run_pattern_dynamics(kernel, po);
  }
  check_finite(result, po);
  const auto n = static_cast<std::size_t>(result.res);
  return to_numpy(std::move(result.maps_data), {static_cast<std::size_t>(result.maps), n, n});
}

const char* kEncodingDoc = R"(
Encoding arguments: encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
alpha_i, fields_per_cell, cells, exactly as in predict() (numbers or the CLI's text; a
place-cell encoding).)";

} // namespace

void bind_numerics(py::module_& m) {
  m.def("score", &score_py, py::arg("ratemaps"), py::arg("box") = defaults::box_m,
        py::arg("sac") = std::string(sac_mode_name(default_sac)), py::arg("threads") = py::none(),
        R"(Grid scores of ratemaps (`gridtheory score`).

ratemaps: a real numpy array (float32, float64 or integers; any strides) of shape
    (units, nbins, nbins), or (nbins, nbins) for one map; [row][col] = [y][x], NaN for an
    unvisited bin; 3 to 512 bins per side; no infinite rates.
box: the square arena's side L in metres (default 2.2); a bin is box / nbins metres.
sac: how unvisited bins enter the spatial autocorrelogram: 'deepmind' (default, as the CLI
    and train: counted as rate 0, as DeepMind's scores.py and most published network scores)
    or 'nan-aware' (left out of every lag's correlation).
threads: units scored in parallel (default None: all cores); the result does not depend
    on it. The GIL is released while scoring.

Returns a dict of 1-D float64 arrays, one value per unit (length 1 for a 2-D input), keyed
by gridtheory.score_columns: 'score_60', 'score_60_minmax', 'score_90' (DeepMind's and
NFL's ring scores), 'gridness_bnt' (BNT/opexebo), 'grid_spacing_m' (metres, from the six
SAC peaks nearest the centre), 'orientation_deg' (degrees in [0, 60) from +x towards +y),
'fourier_spacing_m' (metres), ...; then 'sac', the SAC used ('deepmind' or 'nan-aware', the
CLI's last CSV column). NaN where a score is undefined (flat, constant or all-NaN maps). Equal to `gridtheory score --format json` at full precision (the CLI prints six
significant digits). gridtheory.score_definitions says what each column means.

Raises ValueError for a bad box, sac or threads (the CLI's message), or a ratemaps array of
the wrong shape or dtype (the CLI's message with 'ratemaps' and the array's dtype in place
of '--ratemaps' and the file).

Example:
  >>> s = gridtheory.score(maps, box=2.2, sac='deepmind')
  >>> (s['score_60'] > 0.3).mean())");

  m.def("ratemaps", &ratemaps_py, py::arg("positions"), py::arg("activity"),
        py::arg("box") = defaults::box_m, py::arg("bins") = defaults::train_eval_bins,
        py::arg("smooth") = 0.0, py::arg("min_occupancy") = 1,
        R"(Ratemaps from positions and activity (`gridtheory ratemaps`), binned as the trainer's
evaluation bins its own, in the layout score() reads.

positions: a real numpy array of shape (T, 2) or (T, B, 2): (x, y) in metres from the
    arena's corner, in [0, box] (positions up to 1e-6 box beyond a wall, float32 rounding,
    are in the edge bins; further out, or non-finite, raises ValueError naming the row).
activity: a real numpy array of shape (T, units) or (T, B, units), sample for sample with
    positions; finite.
box: the square arena's side L in metres (default 2.2).
bins: bins per side, 2 to 512 (default 44: 5 cm in the 2.2 m box, the trainer's); a position
    goes to [floor(y / L bins)][floor(x / L bins)], clamped to the box.
smooth: Gaussian standard deviation in metres (default 0: none). The summed activity and the
    occupancy of the bins that have a rate are smoothed separately (truncated at 4 sigma, cut
    at the walls) and divided: bins without a rate stay NaN and do not pull their neighbours.
min_occupancy: samples a bin needs to get a rate (default 1); fewer gives NaN.

Returns float64 (units, bins, bins), [unit][row = y][col = x], the mean activity per bin.

Example:
  >>> maps = gridtheory.ratemaps(xy, h, box=2.2, bins=44)
  >>> gridtheory.score(maps)['score_60'])");

  m.def("autocorrelogram", &autocorrelogram_py, py::arg("ratemap"),
        py::arg("sac") = std::string(sac_mode_name(default_sac)),
        R"(The Pearson spatial autocorrelogram (SAC) of a ratemap, as the grid scores use it.

ratemap: (nbins, nbins) or (units, nbins, nbins), the same rules as score()'s ratemaps.
sac: 'deepmind' (default; unvisited bins as 0) or 'nan-aware' (unvisited bins left out).
Returns float64 (2 nbins - 1, 2 nbins - 1) (or (units, ...)): the value at lag (dy, dx),
in bins, is at [nbins - 1 + dy, nbins - 1 + dx]; the centre is 1. A lag without a
correlation is NaN (nan-aware) or 0 (deepmind); a degenerate map gives all NaN / all 0.)");

  m.def(
      "pattern",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, py::object activation,
         py::object seed, py::object maps, py::object steps, py::object res, py::object lr,
         py::object gain, py::object threads, bool multi, py::object kernel) {
        return pattern_py({encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                           alpha_i, fields_per_cell, cells},
                          box, activation, seed, maps, steps, res, lr, gain, threads, multi,
                          kernel);
      },
      GRIDTHEORY_ENCODING_ARGS, py::arg("box") = defaults::box_m,
      py::arg("activation") = defaults::activation, py::arg("seed") = defaults::seed,
      py::arg("maps") = defaults::pattern_maps, py::arg("steps") = py::none(),
      py::arg("res") = pattern_defaults::res, py::arg("lr") = py::none(),
      py::arg("gain") = py::none(), py::arg("threads") = py::none(), py::arg("multi") = false,
      py::arg("kernel") = "sampled",
      (std::string(R"(Run the theory's pattern-forming dynamics (Sorscher et al.) on an encoding's
covariance in a periodic box and score the maps (`gridtheory pattern`, without the files).

Returns the dict of the CLI's summary.json (the resolved configuration, with 'cells' the
number of place cells sampled and 'periodic' always True; per-map lists
'score_60', 'score_60_minmax', 'score_90', 'grid_spacing_m', 'orientation_deg',
'fraction_score_60_above_0.3' / '0.8', 'median_grid_spacing_m' (maps above 0.3, metres),
'predicted_pattern', 'predicted_grid_spacing_m', ...) plus
  'maps_array': float64 (maps, res, res), [row][col] = [y][x] (the CLI's maps.npy);
  'scores': the score() columns per map, and 'sac' (the CLI's metrics.csv).
)") + kEncodingDoc +
       R"(

Other arguments (defaults: the CLI's):
  box: side of the periodic box in metres (default 2.2).
  activation: 'relu' (default), 'tanh', 'sigmoid', 'linear'.
  seed: seed of the sampled population and of the initial maps (default 0).
  maps: number of maps (default 16). steps: update steps (default 1500).
  res: grid points per side (default 55). lr: step size in (0, 1] on the unit-peak kernel
      (default 0.3). gain: multi only, r in f(r G), >= 0 (default 1).
  threads: worker threads (default None: all cores; bit-identical results for any).
  multi: all maps with the Oja/Sanger orthogonalising term (default False: single maps).
  kernel: 'sampled' (default: the spectrum of `cells` cells drawn with seed; cells defaults
      to NFL's density, round(512 (box / 2.2)^2): 512 at 2.2 m, 2048 at 4.4 m) or
      'analytic' (the closed form).
The GIL is released while the dynamics run.

Raises ValueError with the CLI's message for a bad value, or when lr made the maps
overflow.)")
          .c_str());

  m.def(
      "pattern_kernel",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, py::object activation,
         py::object seed, py::object res, py::object kernel, py::object threads) {
        return pattern_kernel_py({encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                                  alpha_i, fields_per_cell, cells},
                                 box, activation, seed, res, kernel, threads);
      },
      GRIDTHEORY_ENCODING_ARGS, py::arg("box") = defaults::box_m,
      py::arg("activation") = defaults::activation, py::arg("seed") = defaults::seed,
      py::arg("res") = pattern_defaults::res, py::arg("kernel") = "sampled",
      py::arg("threads") = py::none(),
      (std::string(
           R"(The covariance kernel `gridtheory pattern` runs its dynamics on: sigma_hat, the
eigenvalue of every wavevector k = 2 pi (kx, ky) / box of the res x res periodic grid, scaled so
its largest value is 1.

Returns float64 (res, res // 2 + 1), [ky][kx] with ky the unsigned DFT row (the half
spectrum of numerics/fft2.hpp); input for pattern_dynamics().
)") + kEncodingDoc +
       R"(

Other arguments: box (metres, default 2.2), activation (recorded only), seed (default 0),
res (grid points per side, default 55), kernel ('sampled', default, or 'analytic'),
threads (default None: all cores).)")
          .c_str());

  m.def("pattern_dynamics", &pattern_dynamics_py, py::arg("sigma_hat"),
        py::arg("maps") = py::none(), py::arg("steps") = py::none(), py::arg("lr") = py::none(),
        py::arg("activation") = defaults::activation, py::arg("multi") = false,
        py::arg("normalise") = true, py::arg("gain") = py::none(),
        py::arg("init_scale") = pattern_defaults::init_scale, py::arg("seed") = defaults::seed,
        py::arg("threads") = py::none(), py::arg("initial") = py::none(),
        R"(The pattern-forming dynamics on a given kernel (numerics/pattern_dynamics.hpp).

sigma_hat: real array (res, res // 2 + 1), finite and >= 0, even in k (e.g. from
    pattern_kernel()).
maps: number of maps (default 16, or the number of initial maps).
steps: update steps (default 1500; 0 returns the initial maps).
lr: step size in (0, 1] (default 0.3).
activation: 'relu' (default), 'tanh', 'sigmoid', 'linear'.
multi: the Oja/Sanger rule over all maps (default False: each map on its own).
normalise: single maps: rescale the activation's input to RMS 1 every step (default True;
    False is the reference rule of Sorscher et al.'s notebook).
gain: multi only, r in f(r G), >= 0 (default 1).
init_scale: initial maps are init_scale * N(0, 1) drawn with seed (default 1e-8).
seed: default 0. threads: default None (all cores); results are bit-identical for any.
initial: optional starting maps, real array (maps, res, res), finite.

Returns float64 (maps, res, res), [row][col] = [y][x]. Raises ValueError for a bad value
or shape, or when the maps overflow.)");
}

} // namespace gridtheory::python
