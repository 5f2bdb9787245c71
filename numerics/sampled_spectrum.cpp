#include "numerics/sampled_spectrum.hpp"

#include "numerics/fft2.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <map>
#include <omp.h>

namespace gridtheory {

namespace {

// targets[pos * cells + c] at bin centres, row = y, and each position's normaliser (the sum
// NFL's rule divided the difference code by: target_code).
struct Targets {
  std::vector<double> values;
  std::vector<double> normaliser;
};
Targets evaluate_targets(const Population& pop, int res, int threads) {
  const auto cells = static_cast<size_t>(pop.cells);
  const double h = pop.arena.side_m / res;
  Targets t;
  t.values.resize(static_cast<size_t>(res) * res * cells);
  t.normaliser.resize(static_cast<size_t>(res) * res);
#pragma omp parallel num_threads(threads)
  {
    std::vector<double> scratch(2 * cells);
#pragma omp for schedule(static)
    for (int row = 0; row < res; ++row)
      for (int col = 0; col < res; ++col) {
        const size_t pos = static_cast<size_t>(row) * res + col;
        target_code(pop, (col + 0.5) * h, (row + 0.5) * h,
                    std::span<double>(t.values.data() + pos * cells, cells), scratch,
                    &t.normaliser[pos]);
      }
  }
  return t;
}

// Least-squares parabola through (k, p) points; returns the vertex if it is a maximum.
std::optional<SpectrumSample> parabola_vertex(const std::vector<SpectrumSample>& pts) {
  if (pts.size() < 3) return std::nullopt;
  // Centre k for conditioning.
  double k0 = 0.0;
  for (const auto& p : pts)
    k0 += p.k_per_m;
  k0 /= static_cast<double>(pts.size());
  double s[5] = {0, 0, 0, 0, 0}, t[3] = {0, 0, 0};
  for (const auto& p : pts) {
    const double x = p.k_per_m - k0;
    double xp = 1.0;
    for (int i = 0; i < 5; ++i) {
      if (i < 3) t[i] += xp * p.power;
      s[i] += xp;
      xp *= x;
    }
  }
  // Normal equations for p = a + b x + c x^2 (Cramer's rule on the 3 x 3 system).
  const double m[3][3] = {{s[0], s[1], s[2]}, {s[1], s[2], s[3]}, {s[2], s[3], s[4]}};
  const auto det3 = [](const double a[3][3]) {
    return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
           a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
           a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  };
  const double d = det3(m);
  if (d == 0.0) return std::nullopt;
  double coef[3];
  for (int j = 0; j < 3; ++j) {
    double mj[3][3];
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c)
        mj[r][c] = c == j ? t[r] : m[r][c];
    coef[j] = det3(mj) / d;
  }
  if (!(coef[2] < 0.0)) return std::nullopt;
  const double x = -coef[1] / (2.0 * coef[2]);
  return SpectrumSample{k0 + x, coef[0] + coef[1] * x + coef[2] * x * x};
}

// Where the profile falls below `level`, walking from index i in direction step (linear
// interpolation between profile points); empty at a local minimum above the level.
std::optional<double> half_power_edge(const std::vector<SpectrumSample>& r, size_t i, int step,
                                      double level) {
  for (long j = static_cast<long>(i); j + step >= 0 && j + step < static_cast<long>(r.size());
       j += step) {
    const auto& a = r[static_cast<size_t>(j)];
    const auto& b = r[static_cast<size_t>(j + step)];
    if (b.power < level)
      return a.k_per_m + (b.k_per_m - a.k_per_m) * (a.power - level) / (a.power - b.power);
    if (b.power > a.power) return std::nullopt;
  }
  return std::nullopt;
}

// The profile starts at the first nonzero radius (k = 0 is removed by centring), so a maximum
// needs a neighbour on both sides: a profile falling from its first point has no ring.
// Maxima below 1e-3 of the profile's largest power are sampling noise in the far tail (a
// finite population's tail fluctuates around 1e-9 of the peak); physical rings are far above
// it (the weakest, true-dog's, holds 1.8e-2 of the box mode's power).
std::optional<Ring> ring_from_profile(const std::vector<SpectrumSample>& r, double k_step) {
  double top = 0.0;
  for (const auto& s : r)
    top = std::max(top, s.power);
  size_t best = 0;
  for (size_t i = 1; i + 1 < r.size(); ++i)
    if (r[i].power > r[i - 1].power && r[i].power >= r[i + 1].power && r[i].power >= 1e-3 * top &&
        (best == 0 || r[i].power > r[best].power))
      best = i;
  if (best == 0) return std::nullopt;
  Ring ring;
  ring.k_star_per_m = r[best].k_per_m;
  ring.power = r[best].power;
  // Sub-lattice refinement: a least-squares parabola through the top of the peak (profile
  // points within two lattice steps holding >= 80% of the best power; at least the best point
  // and its neighbours). On the exact dog profile this is within 1% of k*; wider windows are
  // biased upwards by the peak's skew (rising as k^4, falling like a Gaussian).
  std::vector<SpectrumSample> window;
  for (const auto& s : r)
    if (std::abs(s.k_per_m - r[best].k_per_m) <= 2.0 * k_step && s.power >= 0.8 * r[best].power)
      window.push_back(s);
  if (window.size() < 3) window = {r[best - 1], r[best], r[best + 1]};
  if (auto v = parabola_vertex(window); v && std::abs(v->k_per_m - r[best].k_per_m) <= k_step) {
    ring.k_star_per_m = v->k_per_m;
    ring.power = v->power;
  }
  ring.half_power_lo_per_m = half_power_edge(r, best, -1, 0.5 * ring.power);
  ring.half_power_hi_per_m = half_power_edge(r, best, +1, 0.5 * ring.power);
  return ring;
}

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

} // namespace

ResolvableWidths resolvable_widths(double box_m, int res) {
  return {0.5 * box_m / res, max_width_boxes * box_m};
}

std::string why_unresolvable(const Encoding& enc, double box_m, int res) {
  if (!uses_width(enc.family)) return {};
  const ResolvableWidths w = resolvable_widths(box_m, res);
  const std::string grid = std::to_string(res) + " x " + std::to_string(res) + " grid over the " +
                           format_number(box_m) + " m box";
  if (enc.sigma_m.lo < w.min_m)
    return "is narrower than half a bin (" + short_number(w.min_m) + " m) of the solver's " + grid +
           ": the fields are sampled as isolated spikes and the ring lies beyond the "
           "grid's Nyquist wavenumber";
  if (enc.sigma_m.hi > w.max_m)
    return "is wider than " + format_number(max_width_boxes) +
           " boxes: the target hardly varies across the " + format_number(box_m) +
           " m box and its spectrum is rounding noise";
  return {};
}

void require_resolvable_widths(const Encoding& enc, double box_m, int res) {
  const std::string why = why_unresolvable(enc, box_m, res);
  if (why.empty()) return;
  const ResolvableWidths w = resolvable_widths(box_m, res);
  std::string allowed =
      "widths from " + short_number(w.min_m) + " to " + short_number(w.max_m) + " m on this grid";
  if (enc.sigma_m.lo < w.min_m)
    allowed += ", or " + param("res") + " >= " +
               std::to_string(static_cast<long long>(std::ceil(0.5 * box_m / enc.sigma_m.lo)));
  throw UserError(param("sigma"), enc.sigma_m.to_string(), why, allowed);
}

void require_pattern_kernel(const Encoding& enc, double box_m, int res, bool analytic) {
  require_resolvable_widths(enc, box_m, res);
  const double box_mode = lowest_box_mode_per_m(box_m, true); // pattern's box is periodic
  if (analytic && !(power(enc, box_mode) > 0.0))
    throw UserError(param("sigma"), enc.sigma_m.to_string(),
                    "is so much wider than the box that the closed-form power underflows to 0 "
                    "at its lowest mode 2pi/L = " +
                        short_number(box_mode) + " rad/m",
                    param("kernel") + " sampled, or a narrower width");
}

SampledSpectrum sampled_spectrum(const Population& pop, const SampledSpectrumOptions& options) {
  if (options.res < 4) throw InternalError("sampled_spectrum: res must be at least 4");
  if (!uses_width(pop.encoding.family)) throw InternalError("sampled_spectrum: not a place code");
  require_resolvable_widths(pop.encoding, pop.arena.side_m, options.res);
  const int res = options.res;
  const int threads = std::max(1, options.threads);
  const auto cells = static_cast<size_t>(pop.cells);
  const double box = pop.arena.side_m;
  const double h = box / res;

  const Targets evaluated = evaluate_targets(pop, res, threads);
  const std::vector<double>& targets = evaluated.values;

  SampledSpectrum out;
  out.fft_size = pop.arena.periodic ? res : 2 * res;
  const int n = out.fft_size;
  const int half = n / 2 + 1;
  out.k_step_per_m = 2.0 * std::numbers::pi / (n * h);
  out.power.assign(static_cast<size_t>(n) * half, 0.0);

  // Cells are summed in a fixed number of contiguous chunks, whatever the thread count, and
  // the chunks are added in order: the result is bit-identical for any number of threads.
  constexpr long kChunks = 8;
  const long chunk_cells = (static_cast<long>(cells) + kChunks - 1) / kChunks;
  std::vector<std::vector<double>> partial(kChunks);
#pragma omp parallel num_threads(threads)
  {
    RealFft2 fft(n);
    std::vector<double> field(static_cast<size_t>(n) * n, 0.0);
    std::vector<std::complex<double>> spec(static_cast<size_t>(n) * half);
#pragma omp for schedule(dynamic, 1)
    for (long chunk = 0; chunk < kChunks; ++chunk) {
      std::vector<double>& acc = partial[static_cast<size_t>(chunk)];
      acc.assign(out.power.size(), 0.0);
      const long end = std::min(static_cast<long>(cells), (chunk + 1) * chunk_cells);
      for (long c = chunk * chunk_cells; c < end; ++c) {
        double mean = 0.0;
        for (size_t pos = 0; pos < static_cast<size_t>(res) * res; ++pos)
          mean += targets[pos * cells + static_cast<size_t>(c)];
        mean /= static_cast<double>(res) * res;
        for (int row = 0; row < res; ++row)
          for (int col = 0; col < res; ++col) {
            const size_t pos = static_cast<size_t>(row) * res + col;
            field[static_cast<size_t>(row) * n + col] =
                targets[pos * cells + static_cast<size_t>(c)] - mean;
          }
        fft.forward(field.data(), spec.data());
        for (size_t i = 0; i < acc.size(); ++i)
          acc[i] += std::norm(spec[i]);
      }
    }
  }
  for (const auto& acc : partial)
    for (size_t i = 0; i < acc.size(); ++i)
      out.power[i] += acc[i];
  // Power per place cell on the closed form's scale (sampled_spectrum.hpp): each cell's map is
  // taken back to the tuning curve's units, times the mean normaliser of NFL's rule (one number
  // for the population: the code stays the exact target code) divided by the raw code's factor,
  // and power = mean over cells of |h^2 DFT|^2.
  double mean_normaliser = 0.0;
  for (double z : evaluated.normaliser)
    mean_normaliser += z;
  mean_normaliser /= static_cast<double>(evaluated.normaliser.size());
  const double to_curve = mean_normaliser / raw_code_per_tuning_curve(pop);
  const double scale = h * h * h * h * to_curve * to_curve / static_cast<double>(cells);
  for (double& v : out.power)
    v *= scale;

  // Angle average over each distinct lattice radius (integer i^2 + j^2), up to Nyquist.
  std::map<long, std::pair<double, long>> shells;
  for (int ky = 0; ky < n; ++ky)
    for (int kx = 0; kx < half; ++kx) {
      const long fy = signed_frequency(ky, n), fx = kx;
      if (std::abs(fy) > n / 2 - 1 || fx > n / 2 - 1) continue; // avoid the Nyquist edge
      if (fy == 0 && fx == 0) continue;                         // centred: no power at k = 0
      auto& s = shells[fy * fy + fx * fx];
      s.first += out.power[static_cast<size_t>(ky) * half + kx];
      s.second += 1;
    }
  for (const auto& [r2, s] : shells)
    out.radial.push_back({std::sqrt(static_cast<double>(r2)) * out.k_step_per_m,
                          s.first / static_cast<double>(s.second)});
  // The box's lowest mode is one DFT step in both cases: 2 pi / L periodic (circular transform),
  // pi / L with solid walls (zero-padded to twice the size).
  out.power_at_box_mode = shells.at(1).first / static_cast<double>(shells.at(1).second);
  out.ring = ring_from_profile(out.radial, out.k_step_per_m);
  return out;
}

double profile_power(const SampledSpectrum& s, double k) {
  const auto& r = s.radial;
  if (r.empty()) throw InternalError("profile_power: empty profile");
  if (k <= r.front().k_per_m) return r.front().power;
  if (k >= r.back().k_per_m) return r.back().power;
  const auto hi = std::lower_bound(r.begin(), r.end(), k,
                                   [](const SpectrumSample& a, double v) { return a.k_per_m < v; });
  const auto lo = hi - 1;
  const double t = (k - lo->k_per_m) / (hi->k_per_m - lo->k_per_m);
  return lo->power + t * (hi->power - lo->power);
}

Prediction predict_sampled(const Encoding& enc, Activation act, const Box& box, std::uint64_t seed,
                           const SampledSpectrumOptions& options, SampledSpectrum* spectrum) {
  if (auto p = prediction_without_place_code(enc, act, box)) {
    p->method = "sampled";
    return *p;
  }
  const Population pop = sample_population(enc, Arena{box.side_m, box.periodic}, seed);
  const SampledSpectrum s = sampled_spectrum(pop, options);
  SpectrumSummary summary;
  summary.method = "sampled";
  summary.ring = s.ring;
  summary.power_at_box_mode = s.power_at_box_mode;
  summary.caveats.push_back("sampled: " + std::to_string(pop.cells) + " cells, seed " +
                            std::to_string(seed) + ", " + std::to_string(options.res) +
                            " bins per side");
  if (spectrum) *spectrum = s;
  return predict_from_spectrum(enc, act, box, summary);
}

SpectrumRows spectrum_rows(const Encoding& enc, const Box& box, bool sampled, std::uint64_t seed,
                           const SampledSpectrumOptions& options, double k_max, int points,
                           SampledSpectrum* full) {
  SpectrumRows rows;
  if (sampled) {
    const Population pop = sample_population(enc, Arena{box.side_m, box.periodic}, seed);
    SampledSpectrum s = sampled_spectrum(pop, options);
    for (const auto& sample : s.radial)
      if (sample.k_per_m <= k_max) rows.samples.push_back(sample);
    rows.ring = s.ring;
    rows.box_power = s.power_at_box_mode;
    if (full) *full = std::move(s);
  } else {
    rows.samples = radial_spectrum(enc, k_max, points);
    rows.ring = find_ring(enc);
    rows.box_power = power(enc, lowest_box_mode_per_m(box.side_m, box.periodic));
  }
  return rows;
}

} // namespace gridtheory
