// Isotropic power spectra of one place cell's tuning curve: closed forms, averages over width
// distributions, and the ring (the peak k* > 0). Conventions: theory/README.md, sections 2-4.
//   p~(k) = integral p(x) exp(-i k.x) d^2x,   power(k) = E[ |p~(k)|^2 ] over the distributions.
// Unit-mass encodings (gaussian, dog, dos, sod) give a dimensionless p~ with p~centre(0) = 1;
// peak-amplitude encodings (true-dog, general-dog) are divided by 2 pi sigma_ref^2, sigma_ref
// the mean width, so their centre term is exp(-a) at sigma = sigma_ref.
#pragma once

#include "theory/encoding.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gridtheory {

// True when the encoding is translation invariant with one tuning shape per cell, so that its
// covariance's eigenvalues are its tuning curve's power spectrum (theory/README.md section 1).
bool has_tuning_spectrum(const Encoding& enc);
// Why has_tuning_spectrum is false (empty when it is true).
std::string why_no_tuning_spectrum(const Encoding& enc);

// The tuning curve p(r) at distance r (m) from the field centre, for fixed sigma_E (m) and
// s = sigma_I / sigma_E, in the normalisation above; dos is its continuum (bulk) limit, dog.
double tuning_curve(const Encoding& enc, double r_m, double sigma_m, double surround_ratio);
// Its 2-D Fourier transform p~(k), k in rad/m, closed form.
double fourier_amplitude(const Encoding& enc, double k_per_m, double sigma_m,
                         double surround_ratio);
// E[p~(k)^2] over the width and surround distributions (Gauss-Legendre quadrature).
double power(const Encoding& enc, double k_per_m);

// The closed-form k* (rad/m) for fixed parameters: DoG-type transforms c_E e^-a - c_I e^-s^2 a
// peak at a* = ln(c_I s^2 / c_E) / (s^2 - 1). Empty when there is no closed form or no peak.
std::optional<double> closed_form_k_star(const Encoding& enc);

struct Ring {
  double k_star_per_m = 0.0;
  double power = 0.0;                        // power(k*)
  std::optional<double> half_power_lo_per_m; // power falls to half below k* here
  std::optional<double> half_power_hi_per_m; // ... and above k* here
  bool closed_form = false;                  // k* from the closed form, else a numeric search
};

// The highest local maximum of power(k) over k > 0 ("the ring"), found by a scan bracketed
// and refined with Brent's method (or the closed form where one exists). Empty if power has no
// maximum away from k = 0 (e.g. Gaussian). Requires has_tuning_spectrum(enc).
std::optional<Ring> find_ring(const Encoding& enc);
// Same, always by the numeric search (used to cross-check the closed forms).
std::optional<Ring> find_ring_numerically(const Encoding& enc);

// Radial profile samples for output: n points, k from 0 to k_max inclusive.
struct SpectrumSample {
  double k_per_m;
  double power;
};
std::vector<SpectrumSample> radial_spectrum(const Encoding& enc, double k_max_per_m, int n);
// Default k range of a profile: defaults::csv_k_max_sigmas / the smallest effective width.
double default_k_max(const Encoding& enc);

} // namespace gridtheory
