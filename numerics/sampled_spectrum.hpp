// The power spectrum of a sampled target population on a grid over the arena: the Fourier
// transform of its translation-averaged covariance kernel, computed with one FFT per cell,
// O(n_p res^2 log res) (never the O(res^4) Gram matrix). Works for every place code, including
// multi-field and heterogeneous populations that have no closed form.
#pragma once

#include "theory/place_cells.hpp"
#include "theory/prediction.hpp"
#include "theory/spectrum.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gridtheory {

struct SampledSpectrumOptions {
  int res = 64;    // bins per side of the grid the targets are evaluated on
  int threads = 1; // the result is bit-identical for any thread count
};

struct SampledSpectrum {
  int fft_size = 0;          // res (periodic arena) or 2 res (solid walls: zero-padded)
  double k_step_per_m = 0;   // 2 pi / (fft_size * bin size): spacing of the DFT wavevectors
  std::vector<double> power; // fft_size x (fft_size/2 + 1) half spectrum, [ky][kx]
  // Angle-averaged profile: one sample per distinct |k| > 0 on the DFT lattice, sorted by k.
  std::vector<SpectrumSample> radial;
  std::optional<Ring> ring; // highest local maximum at k > 0, refined by a quadratic fit
  // The profile at the box's lowest mode, one DFT step: 2 pi / L periodic, pi / L solid walls.
  double power_at_box_mode = 0.0;
};

// The place-field widths a solver grid of res x res bins over a box of side box_m (metres)
// resolves: sigma_E from half a bin (narrower fields are sampled as isolated spikes, and the
// ring k* ~ 1 / sigma lies beyond the grid's Nyquist wavenumber pi res / L, so the spectrum is
// aliasing) to max_width_boxes x L (wider fields vary across the box by less than
// (L / sigma)^2 / 2 = 5e-7 of their peak, and the code's spatial variation drowns in rounding).
inline constexpr double max_width_boxes = 1000.0;
struct ResolvableWidths {
  double min_m = 0.0;
  double max_m = 0.0;
};
ResolvableWidths resolvable_widths(double box_m, int res);
// Why the grid cannot resolve the encoding's widths sigma_E (all of a distribution's range);
// empty when it can, or for codes without a width (cartesian, polar).
std::string why_unresolvable(const Encoding& enc, double box_m, int res);
// Throws UserError naming --sigma (the allowed widths, and the --res that would resolve a
// narrow one) when why_unresolvable is not empty. Every sampled spectrum and `pattern` call it.
void require_resolvable_widths(const Encoding& enc, double box_m, int res);
// What `pattern` checks of its kernel before any work: require_resolvable_widths, and for the
// closed-form kernel (analytic) a power above 0 at the box's lowest mode 2 pi / L, which
// underflows for fields far wider than the box (dos in a 2.2 m box: sigma above ~9.5 m).
// UserError naming --sigma.
void require_pattern_kernel(const Encoding& enc, double box_m, int res, bool analytic);

// The targets are evaluated at bin centres ((j + 0.5) L / res), each cell's map is centred
// (its mean over the arena removed: the k = 0 mode is a constant map and never a pattern),
// and power(k) = mean over cells of |a h^2 sum_x p_c(x) e^{-i k.x}|^2: power per place cell on
// the closed form's scale (theory/spectrum.hpp, docs/CONVENTIONS.md "Spectra"), so that analytic
// and sampled spectra of one encoding are one curve up to sampling error and the walls. a is one
// number per population: the mean over the grid of the sum NFL's rule divides a difference code
// by at each position (1 for gaussian and sod), over raw_code_per_tuning_curve (1 / rho for the
// softmax codes, rho the cells per square metre). In the bulk a p_c is the tuning curve centred
// on cell c, whose transform is the closed form's p~(k); the covariance operator's eigenvalue on
// the box is power(k) times cells / (a^2 L^2). Periodic arenas use
// the circular transform (the exact box lattice 2 pi (n, m) / L); solid walls zero-pad to twice
// the size, so the kernel is the linear autocorrelation over overlapping positions and k is
// resolved to pi / L. Throws UserError (require_resolvable_widths) for widths the grid
// cannot resolve.
SampledSpectrum sampled_spectrum(const Population& pop, const SampledSpectrumOptions& options);

// The radial profile linearly interpolated at k (its end values beyond its range).
double profile_power(const SampledSpectrum& spectrum, double k_per_m);

// The rows `gridtheory spectrum` prints and the ring they show: the sampled spectrum's radial
// profile up to k_max (`sampled`), or the closed form at `points` wavenumbers in [0, k_max];
// box_power is the power at the box's lowest mode. `full` receives the whole sampled spectrum.
struct SpectrumRows {
  std::vector<SpectrumSample> samples;
  std::optional<Ring> ring;
  double box_power = 0.0;
};
SpectrumRows spectrum_rows(const Encoding& enc, const Box& box, bool sampled, std::uint64_t seed,
                           const SampledSpectrumOptions& options, double k_max, int points,
                           SampledSpectrum* full = nullptr);

// The sampled prediction (method "sampled") for a place code: draws the population with
// `seed` in `box`, and applies the same pattern rules as the analytic one.
// The spectrum it used is copied to `spectrum` when given (untouched for non-place codes).
Prediction predict_sampled(const Encoding& enc, Activation act, const Box& box, std::uint64_t seed,
                           const SampledSpectrumOptions& options,
                           SampledSpectrum* spectrum = nullptr);

} // namespace gridtheory
