// The theory's pattern-forming dynamics (Sorscher et al. 2019: the update rules of the
// pattern_formation.ipynb notebook of their reference code): hidden maps on the n x n grid of a
// periodic box, driven by the place-cell covariance Sigma (theory/README.md sections 1, 6-7).
//
// Kernel. Sigma is translation invariant on the periodic grid, so it is diagonal in the DFT
// basis: `sigma_hat` holds its eigenvalue for every wavevector k = 2 pi (kx, ky) / L of the
// half spectrum of numerics/fft2.hpp (n * (n/2 + 1) values, index [ky * (n/2 + 1) + kx], ky the
// unsigned DFT row, signed frequency signed_frequency(ky, n)), and
//     Sigma g = inverse(sigma_hat .* forward(g)) / (n * n)
// is the circular convolution of g with the real, even kernel whose DFT is sigma_hat. Values
// must be finite and non-negative (Sigma = P P^T / n_p is positive semi-definite) and even,
// sigma(k) = sigma(-k) (checked where the half spectrum holds both: kx = 0 and kx = n/2).
//
// Maps. Row-major fields, [row][col] = [y][x]; `maps_data` stacks them: value (m, y, x) at
// [(m * n + y) * n + x]. Initial maps: init_scale * N(0, 1), drawn from std::mt19937_64(seed)
// in that storage order, each consecutive pair of values from one Box-Muller transform of two
// 53-bit uniforms (u1 in (0, 1], u2 in [0, 1)): z0 = r cos(2 pi u2), z1 = r sin(2 pi u2),
// r = sqrt(-2 ln u1). The draw does not depend on the thread count.
//
// Update rules, one step (lr = PatternOptions::lr, f = the activation):
//  single   each map on its own (the peer's run_single, which applies relu after the step):
//               u = g + lr * (-g + Sigma g)
//               g <- f(u)                                   (normalise = false: the peer)
//               g <- f(u * normalised_rms / rms(u))         (normalise = true, the default)
//  multi    all maps together, with the peer's Oja/Sanger term (its run_multi). With G the
//           positions x maps matrix and H = Sigma G,
//               M   = G^T H                  (maps x maps; M_ij = g_i . Sigma g_j)
//               G  <- G + lr * (H - G tril(M) + f(gain * G))
//           tril keeps i >= j: map j is pushed off the maps i >= j, so the LAST map is a plain
//           Oja unit (the top eigenvector) and map 0 the last in Sanger's hierarchy. This is the
//           peer's `oja = (G^T tril(G H^T))^T` with maps as rows; classic Sanger uses triu
//           with the first map on top. With gain = 0 and f = relu, tanh or linear the extra
//           term vanishes and the rule is Sanger's: G^T G -> I (orthonormal leading
//           eigenvectors of Sigma). The peer's extra drive relu(30 G) (30 against its kernel's
//           top eigenvalue 54.5) breaks g -> -g and the orthonormality: after its 5000 steps
//           |g_j|^2 lies in [1.5, 2.4] and |g_i . g_j| reaches 0.33. With sigmoid, f(0) = 1/2
//           adds a constant drive. `normalise` is ignored: the cubic Oja term bounds the maps.
//
// Why normalise (single maps). Under the reference rule a map grows like (1 + lr (lambda_max -
// 1))^t: the peer's relu run reaches ~1e75 after its 1000 steps and overflows double
// precision after ~3800. relu and linear are positively homogeneous (f(c u) = c f(u), c > 0),
// so rescaling u by a positive number each step changes no pattern at all: the normalised
// trajectory is the reference one divided by a positive number at every step (tested).
// tanh and sigmoid are not: there the amplitude of u decides how strongly f saturates, and the
// reference sets it by the arbitrary scale of Sigma (with a unit-peak kernel the top mode is
// neutral, so tanh maps never leave the linear regime). normalise = true instead fixes the
// input of f at RMS `normalised_rms` (1, the knee of tanh and sigmoid) every step: a saturating
// map of definite amplitude, independent of how Sigma was scaled. A map whose u is all zero
// (or not finite) is left unscaled. normalise = false is the reference, for checks against the
// peer. Caveat, sigmoid: its outputs carry a baseline near 1/2, and the leak (1 - lr) g carries
// that baseline into u; scaled to unit RMS, u then sits where sigmoid's slope (at most 1/4)
// shrinks the pattern faster than Sigma grows it, and the map becomes uniform. With lr = 1
// (u = Sigma g, no baseline for a kernel without DC power, such as dos) sigmoid maps keep
// their pattern. In the reference rule the uniform state is likewise stable unless
// lr (lambda_max - 1) > 3 (sigmoid's slope times the largest growth factor must exceed 1).
//
// Numerics. Double precision throughout. Maps are stored in groups of 8 (4 SIMD lanes x 2):
// the convolutions of a group are one complex 2-D FFT per lane pair, map a + i map b (Sigma is
// real, so Sigma a and Sigma b come back as the real and imaginary parts), by a mixed-radix
// Stockham FFT vectorised across lanes (numerics/lane_fft.hpp; fast for any size whose factors
// are 2, 3, 5, 7, 11, 13; other primes p cost O(p) per point and pass). At the peer's
// n = 55 = 5 x 11 it takes about half the time per map of FFTW's complex transform of a pair,
// and a third of two real transforms (RealFft2). Rounding in a map is therefore relative to the
// larger of its pair. Threads: single maps run group by group with no synchronisation; the multi
// rule meets twice per step (std::barrier, whose waiters sleep instead of spinning, so that a
// loaded machine does not stall the step). Maps are processed in fixed groups and the map-map sums
// of the multi rule in fixed blocks of positions, reduced in a fixed order, so the same seed gives
// the same bits for any thread count. Every buffer is allocated before the first step; the step
// loop allocates nothing.
#pragma once

#include "theory/activation.hpp"
#include "theory/defaults.hpp"

#include <functional>
#include <span>
#include <vector>

namespace gridtheory {

namespace pattern_defaults {
// Grid, initial amplitude, maps, steps, learning rates and gain of Sorscher et al.'s notebook,
// as the peer runs them.
inline constexpr int res = 55;             // grid points per side
inline constexpr double init_scale = 1e-8; // initial maps: init_scale * N(0, 1)
inline constexpr int single_maps = 32;
inline constexpr int single_steps = 1000;
inline constexpr double single_lr = 5e-3;
inline constexpr int multi_maps = 64;
inline constexpr int multi_steps = 5000;
inline constexpr double multi_lr = 8e-3;
inline constexpr double multi_gain = 30.0; // r in f(r G)
// normalise = true: RMS of the activation's input every step (single maps).
inline constexpr double normalised_rms = 1.0;

// Validation limits.
inline constexpr int min_res = 4;
inline constexpr int max_res = 1024;
inline constexpr int max_maps = 4096;
inline constexpr int max_steps = 100000000;
inline constexpr int max_threads = 256;
} // namespace pattern_defaults

// How isotropic_kernel_spectrum scales the eigenvalues.
enum class KernelScale {
  as_given,  // sigma_hat(k) = power(|k|)
  unit_peak, // divided by the largest value, so max sigma_hat = 1
};

// sigma_hat for the n x n grid of a periodic box of side box_m (metres): the eigenvalue of
// wavevector k = 2 pi (fx, fy) / box_m, fx, fy the signed DFT frequencies, is power(|k|), |k| in
// rad/m (e.g. [&](double k) { return power(enc, k); } with theory/spectrum.hpp). unit_peak
// (the default) makes the largest eigenvalue 1. Why: only lr * sigma enters the dynamics, and
// the encodings' powers differ by orders of magnitude (a unit-mass dos peaks near 0.2, a
// peak-amplitude DoG or the peer's sampled covariance at tens), so with the peak at 1 a given
// lr means the same thing for every encoding: the top mode of the single rule is neutral
// (u = g on it), a mode of eigenvalue lambda decays relative to it by 1 - lr (1 - lambda) per
// step, and lr <= 1 keeps every step stable. Throws UserError (--res, --box) for n outside
// [min_res, max_res] or a box that is not positive and finite, and InternalError when power
// returns a negative or non-finite value or (unit_peak) is zero at every k.
std::vector<double> isotropic_kernel_spectrum(int n, double box_m,
                                              const std::function<double(double)>& power,
                                              KernelScale scale = KernelScale::unit_peak);

struct PatternOptions {
  int res = pattern_defaults::res;                  // grid points per side (n)
  int maps = pattern_defaults::single_maps;         // number of maps
  int steps = pattern_defaults::single_steps;       // update steps (0: the initial maps)
  double lr = pattern_defaults::single_lr;          // step size, in (0, 1]
  Activation activation = Activation::relu;         // f
  bool multi = false;                               // false: single rule; true: Oja/Sanger rule
  bool normalise = true;                            // single rule only, see above
  double gain = pattern_defaults::multi_gain;       // multi rule only: f(gain * G), >= 0
  double init_scale = pattern_defaults::init_scale; // > 0
  unsigned long long seed = defaults::seed;
  int threads = 1; // worker threads; results do not depend on it
  // Called after every step of a group of 8 maps with (steps done, total) summed over the
  // groups (the multi rule steps all groups at once: total = steps), for a progress line. It
  // runs on the worker threads, possibly at once: it must be thread-safe and must not throw.
  std::function<void(long long done, long long total)> progress;

  // The peer's two configurations: relu single maps (32 maps, 1000 steps, lr 5e-3,
  // normalise = false) and relu multi maps (64 maps, 5000 steps, lr 8e-3, gain 30).
  static PatternOptions peer_single();
  static PatternOptions peer_multi();
};

struct PatternResult {
  int res = 0;
  int maps = 0;
  std::vector<double> maps_data; // maps x res x res, [(m * res + y) * res + x]
  bool finite = true;            // false when a value overflowed (possible only unnormalised)

  std::span<const double> map(int m) const;
};

// Throws UserError naming the option (--res, --maps, --steps, --lr, --gain, --init-scale,
// --threads) for an out-of-range value.
void validate_pattern_options(const PatternOptions& options);

// The initial maps the options define (see the header comment), maps x res x res.
std::vector<double> initial_maps(const PatternOptions& options);

// Runs the dynamics from initial_maps(options), or from `initial` (maps x res x res).
// Throws UserError for bad options (validate_pattern_options) and InternalError for a
// sigma_hat or `initial` of the wrong size or with invalid values.
PatternResult run_pattern_dynamics(std::span<const double> sigma_hat,
                                   const PatternOptions& options);
PatternResult run_pattern_dynamics(std::span<const double> sigma_hat, const PatternOptions& options,
                                   std::span<const double> initial);

} // namespace gridtheory
