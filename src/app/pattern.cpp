#include "src/app/pattern.hpp"

#include "numerics/grid_scores.hpp"
#include "numerics/lattice_stats.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "src/app/threads.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "src/plot/mosaic.hpp"
#include "src/report/encoding_report.hpp"
#include "theory/defaults.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"
#include "theory/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace gridtheory::app {

namespace fs = std::filesystem;

namespace {

// "%.6g", "nan": how the overflow error and the mosaic title print a number.
std::string six_digits(double v) {
  if (!std::isfinite(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// The checks the kernel and the dynamics share, in `gridtheory pattern`'s order.
struct Kernel {
  Encoding enc;
  double box_m = 0.0;
  unsigned long long seed = 0;
  KernelSource source = KernelSource::sampled;
};

Kernel resolve_kernel(const EncodingOptions& options, std::optional<double> box_m,
                      std::optional<long long> seed, KernelSource source) {
  Kernel k;
  if (box_m) require_in_range(param("box"), *box_m, {0.0, true, "a side in metres"});
  k.box_m = box_m.value_or(defaults::box_m);
  k.enc = make_encoding(options, k.box_m);
  if (seed)
    require_count_in_range(param("seed"), *seed, 0, std::numeric_limits<long long>::max(),
                           "a seed");
  k.seed = seed ? static_cast<unsigned long long>(*seed) : defaults::seed;
  k.source = source;
  if (!uses_width(k.enc.family))
    throw UserError(param("encoding"), std::string(family_name(k.enc.family)),
                    "is not a place code: it has no covariance kernel to form patterns from",
                    "a place-cell encoding");
  if (source == KernelSource::analytic && !has_tuning_spectrum(k.enc))
    throw UserError(param("kernel"), "analytic",
                    "needs a closed-form spectrum: " + why_no_tuning_spectrum(k.enc),
                    param("kernel") + " sampled for this encoding");
  if (source == KernelSource::analytic && options.cells)
    throw UserError(param("cells"), std::to_string(*options.cells),
                    "applies only to " + param("kernel") +
                        " sampled (the analytic kernel is the closed-form "
                        "spectrum of infinitely many cells)",
                    param("cells") + " with " + param("kernel") + " sampled, or no " +
                        param("cells"));
  return k;
}

// sigma_hat (unit peak) on the res x res grid, and the prediction for the same periodic box.
std::vector<double> kernel_spectrum(const Kernel& k, Activation act, int res, int threads,
                                    Prediction& prediction) {
  const Box periodic{k.box_m, true};
  if (k.source == KernelSource::analytic) {
    prediction = predict(k.enc, act, periodic);
    const Encoding& enc = k.enc;
    return isotropic_kernel_spectrum(res, k.box_m, [&](double q) { return power(enc, q); });
  }
  SampledSpectrumOptions so;
  so.res = res;
  so.threads = threads;
  SampledSpectrum spectrum;
  prediction = predict_sampled(k.enc, act, periodic, k.seed, so, &spectrum);
  std::vector<double> sigma_hat = std::move(spectrum.power);
  const double top = *std::max_element(sigma_hat.begin(), sigma_hat.end());
  if (!(top > 0.0)) throw InternalError("pattern: the sampled kernel has no power");
  for (double& v : sigma_hat)
    v /= top;
  return sigma_hat;
}

// An existing folder must be writable; a new one needs an existing, writable parent.
void check_out_folder(const fs::path& dir) {
  if (dir.empty()) throw UserError(param("out"), "", "is empty", "a folder path");
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UserError(param("out"), dir.string(), "exists and is not a folder", "a folder path");
  check_output_path(fs::is_directory(dir, ec) ? dir / "summary.json" : dir, param("out"));
}

void write_files(const PatternResult& r, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw UserError(param("out"), dir.string(), "could not be created: " + ec.message(),
                    "a folder whose parent exists and is writable");
  const PatternOptions& po = r.run.options;
  const auto n = static_cast<std::size_t>(po.res);
  write_npy(dir / "maps.npy", {static_cast<std::size_t>(po.maps), n, n}, r.maps.data(),
            NpyDtype::float64, param("out"));
  write_file_atomically(dir / "metrics.csv", scores_csv(r.run.scores, default_sac), param("out"));

  Mosaic mosaic;
  mosaic.title = "pattern maps sorted by score_60: " + describe(r.run.encoding) + ", " +
                 std::string(activation_name(r.run.activation)) +
                 (po.multi ? ", multi" : ", single") +
                 "; periodic box L = " + six_digits(r.run.box_m) + " m";
  mosaic.n = po.res;
  mosaic.bin_m = r.run.box_m / po.res;
  mosaic.value_label = mosaic_rate_label;
  for (std::size_t i : units_by_score_60(r.run.scores, r.run.scores.size()))
    mosaic.tiles.push_back({r.maps.data() + i * n * n,
                            "#" + std::to_string(i) + " " + six_digits(r.run.scores[i].score_60)});
  write_mosaic(mosaic, dir / "mosaic.png", param("out"));
  write_file_atomically(dir / "summary.json", pattern_summary(r.run).dump(2) + "\n", param("out"));
}

} // namespace

std::string_view kernel_source_name(KernelSource k) {
  return k == KernelSource::analytic ? "analytic" : "sampled";
}

KernelSource parse_kernel_source(std::string_view text) {
  if (text == "sampled") return KernelSource::sampled;
  if (text == "analytic") return KernelSource::analytic;
  throw UserError(param("kernel"), std::string(text), "is not a known kernel", "sampled, analytic");
}

void require_finite_maps(const gridtheory::PatternResult& dynamics, const PatternOptions& po) {
  if (dynamics.finite) return;
  throw UserError(
      param("lr"), six_digits(po.lr),
      "made the maps overflow" +
          std::string(po.multi ? " with " + param("gain") + " " + six_digits(po.gain) : ""),
      "a smaller " + param("lr") + std::string(po.multi ? " or " + param("gain") : ""));
}

PatternOptions pattern_options(bool multi, Activation act, unsigned long long seed,
                               const PatternNumbers& t) {
  PatternOptions po = multi ? PatternOptions::peer_multi() : PatternOptions::peer_single();
  po.normalise = true;
  po.activation = act;
  po.seed = seed;
  po.lr = po.multi ? defaults::pattern_multi_lr : defaults::pattern_single_lr;
  po.steps = po.multi ? defaults::pattern_multi_steps : defaults::pattern_single_steps;
  if (po.multi) po.gain = defaults::pattern_multi_gain;
  if (t.maps) require_count_in_range(param("maps"), *t.maps, 1, pattern_defaults::max_maps, "maps");
  po.maps = t.maps ? static_cast<int>(*t.maps) : defaults::pattern_maps;
  if (t.steps) {
    require_count_in_range(param("steps"), *t.steps, 0, pattern_defaults::max_steps, "steps");
    po.steps = static_cast<int>(*t.steps);
  }
  if (t.res) {
    require_count_in_range(param("res"), *t.res, 8, pattern_defaults::max_res,
                           "grid points per side");
    po.res = static_cast<int>(*t.res);
  }
  if (t.gain && !multi)
    throw UserError(param("gain"), format_number(*t.gain),
                    "applies only to " + param("multi") +
                        " (the single-map rule has no f(r G) term)",
                    param("gain") + " with " + param("multi") + ", or no " + param("gain"));
  if (t.gain) {
    require_in_range(param("gain"), *t.gain, {0.0, false, "a gain"});
    po.gain = *t.gain;
  }
  if (t.lr) {
    require_in_range(param("lr"), *t.lr, {0.0, true, "a step size", 1.0});
    po.lr = *t.lr;
  }
  if (t.threads)
    require_count_in_range(param("threads"), *t.threads, 1, pattern_defaults::max_threads,
                           "threads");
  po.threads = t.threads ? static_cast<int>(*t.threads) : default_threads();
  return po;
}

PatternResult pattern(const PatternRequest& q) {
  const Kernel k = resolve_kernel(q.encoding, q.box_m, q.seed, q.kernel);
  PatternOptions po = pattern_options(q.multi, q.activation, k.seed, q.numbers);
  validate_pattern_options(po);
  require_pattern_kernel(k.enc, k.box_m, po.res, k.source == KernelSource::analytic);
  if (q.out) check_out_folder(*q.out);

  PatternResult r;
  r.cells_given = q.encoding.cells.has_value();
  Prediction prediction;
  const std::vector<double> sigma_hat =
      kernel_spectrum(k, q.activation, po.res, po.threads, prediction);
  if (q.progress)
    po.progress = [&q, steps = po.steps](long long done, long long total) {
      q.progress((done * steps + total - 1) / total, steps);
    };
  gridtheory::PatternResult dynamics = run_pattern_dynamics(sigma_hat, po);
  po.progress = nullptr; // the result outlives the caller's callback
  require_finite_maps(dynamics, po);
  r.maps = std::move(dynamics.maps_data);
  const auto maps = static_cast<std::size_t>(po.maps);
  const std::vector<GridScores> scores =
      score_ratemaps(r.maps.data(), maps, po.res, k.box_m, default_sac, po.threads);
  r.run = {k.enc,  q.activation, k.box_m, std::string(kernel_source_name(k.source)),
           k.seed, po,           scores,  prediction};
  r.scores.sac = default_sac;
  r.scores.box_m = k.box_m;
  r.scores.nbins = po.res;
  r.scores.scores = scores;
  const auto cells = static_cast<std::size_t>(po.res) * static_cast<std::size_t>(po.res);
  for (std::size_t m = 0; m < maps; ++m)
    r.scores.field_centres.push_back(field_centres(r.maps.data() + m * cells, po.res, k.box_m));
  if (q.out) write_files(r, *q.out);
  return r;
}

PatternKernelResult pattern_kernel(const PatternKernelRequest& q) {
  const Kernel k = resolve_kernel(q.encoding, q.box_m, q.seed, q.kernel);
  if (q.res)
    require_count_in_range(param("res"), *q.res, 8, pattern_defaults::max_res,
                           "grid points per side");
  if (q.threads)
    require_count_in_range(param("threads"), *q.threads, 1, pattern_defaults::max_threads,
                           "threads");
  PatternKernelResult r;
  r.res = q.res ? static_cast<int>(*q.res) : pattern_defaults::res;
  const int threads = q.threads ? static_cast<int>(*q.threads) : default_threads();
  require_pattern_kernel(k.enc, k.box_m, r.res, k.source == KernelSource::analytic);
  r.sigma_hat = kernel_spectrum(k, q.activation, r.res, threads, r.prediction);
  r.box_m = k.box_m;
  r.encoding = k.enc;
  r.kernel = k.source;
  return r;
}

} // namespace gridtheory::app
