#include "theory/spectrum.hpp"

#include "theory/defaults.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss.hpp>
#include <boost/math/tools/minima.hpp>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <numbers>

namespace gridtheory {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
using Quadrature = boost::math::quadrature::gauss<double, 20>;

// Every DoG-type transform is c_E e^{-a} - c_I e^{-s^2 a} with a = sigma^2 k^2 / 2.
struct DogCoefficients {
  double c_e;
  double c_i;
};

// Weight of a peak-amplitude field of width sigma relative to one of width sigma_ref.
double peak_weight(const Encoding& enc, double sigma_m) {
  const double r = sigma_m / enc.sigma_m.mean();
  return r * r;
}

std::optional<DogCoefficients> dog_coefficients(const Encoding& enc, double sigma_m, double s) {
  switch (enc.family) {
  case Family::dos:
  case Family::dog:
    return DogCoefficients{1.0, 1.0};
  case Family::true_dog: {
    const double w = peak_weight(enc, sigma_m);
    return DogCoefficients{w, w * s * s};
  }
  case Family::general_dog: {
    const double w = peak_weight(enc, sigma_m);
    return DogCoefficients{w * enc.alpha_e, w * enc.alpha_i * s * s};
  }
  default:
    return std::nullopt;
  }
}

// Width of the single Gaussian that sod reduces to: sigma / sqrt(1 - 1/s^2).
double sod_width(double sigma_m, double s) {
  return sigma_m / std::sqrt(1.0 - 1.0 / (s * s));
}

double smallest_effective_width(const Encoding& enc) {
  if (enc.family == Family::sod)
    return sod_width(enc.sigma_m.lo, enc.surround->ratio_for(enc.surround->value.hi));
  return enc.sigma_m.lo;
}

// Averages f(sigma, s) over the width and surround distributions.
template <class F> double average_over_parameters(const Encoding& enc, F f) {
  const Distribution& sig = enc.sigma_m;
  const auto over_surround = [&](double sigma) {
    if (!enc.surround) return f(sigma, 1.0);
    const Surround& sur = *enc.surround;
    if (sur.value.is_fixed()) return f(sigma, sur.ratio_for(sur.value.lo));
    const auto g = [&](double v) { return f(sigma, sur.ratio_for(v)); };
    return Quadrature::integrate(g, sur.value.lo, sur.value.hi) / (sur.value.hi - sur.value.lo);
  };
  if (sig.is_fixed()) return over_surround(sig.lo);
  return Quadrature::integrate(over_surround, sig.lo, sig.hi) / (sig.hi - sig.lo);
}

// Smallest grid index range scanned: k_i = i * k_max / n, i = 0..n.
struct Scan {
  double k_max;
  int n;
  std::vector<double> p;
  double k(int i) const { return k_max * i / n; }
};

Scan scan(const Encoding& enc) {
  double k_max = defaults::spectrum_k_max_sigmas / smallest_effective_width(enc);
  if (auto k = closed_form_k_star(enc)) k_max = std::max(k_max, 2.0 * *k);
  Scan s{k_max, defaults::spectrum_scan_points, {}};
  s.p.resize(static_cast<size_t>(s.n) + 1);
  for (int i = 0; i <= s.n; ++i)
    s.p[static_cast<size_t>(i)] = power(enc, s.k(i));
  return s;
}

// Where power(k) crosses `level` between k_in (power >= level) and k_out (power < level); empty
// when the two do not bracket the level.
std::optional<double> crossing(const Encoding& enc, double k_in, double k_out, double level) {
  const auto f = [&](double k) { return power(enc, k) - level; };
  const double f_in = f(k_in), f_out = f(k_out);
  if (!(f_in >= 0.0 && f_out < 0.0)) return std::nullopt;
  double a = k_in, b = k_out, fa = f_in, fb = f_out;
  if (a > b) {
    std::swap(a, b);
    std::swap(fa, fb);
  }
  boost::uintmax_t iters = 100;
  auto [lo, hi] = boost::math::tools::toms748_solve(
      f, a, b, fa, fb, boost::math::tools::eps_tolerance<double>(48), iters);
  return 0.5 * (lo + hi);
}

// Walks from the peak k_star over the scan (from index `from`, in direction `step`) until the
// power drops below `level`; gives up (empty) at a local minimum above the level or the end of
// the scan. The bracket's inner end starts at k_star itself, not at the nearest grid point: a
// peak narrower than the scan's spacing (widths far above the box) sits between grid points
// whose power may already be below the level.
std::optional<double> half_power_edge(const Encoding& enc, const Scan& s, int from, int step,
                                      double level, double k_star) {
  double inner = k_star;
  for (int i = from; i + step >= 0 && i + step <= s.n; i += step) {
    const double next = s.p[static_cast<size_t>(i + step)];
    if ((step < 0) == (s.k(i + step) < k_star)) { // the grid point is beyond the peak
      if (next < level) return crossing(enc, inner, s.k(i + step), level);
      if (next > s.p[static_cast<size_t>(i)]) return std::nullopt;
      inner = s.k(i + step);
    }
  }
  return std::nullopt;
}

std::optional<Ring> ring_from_scan(const Encoding& enc, const Scan& s,
                                   std::optional<double> k_closed) {
  int best = -1;
  for (int i = 1; i < s.n; ++i) {
    const auto u = static_cast<size_t>(i);
    const bool local_max = s.p[u] > s.p[u - 1] && s.p[u] >= s.p[u + 1];
    if (local_max && (best < 0 || s.p[u] > s.p[static_cast<size_t>(best)])) best = i;
  }
  if (best < 0) return std::nullopt;

  Ring ring;
  if (k_closed) {
    ring.k_star_per_m = *k_closed;
    ring.closed_form = true;
  } else {
    const auto neg = [&](double k) { return -power(enc, k); };
    boost::uintmax_t iters = 200;
    ring.k_star_per_m =
        boost::math::tools::brent_find_minima(neg, s.k(best - 1), s.k(best + 1), 52, iters).first;
  }
  ring.power = power(enc, ring.k_star_per_m);
  const double half = 0.5 * ring.power;
  ring.half_power_lo_per_m = half_power_edge(enc, s, best, -1, half, ring.k_star_per_m);
  ring.half_power_hi_per_m = half_power_edge(enc, s, best, +1, half, ring.k_star_per_m);
  return ring;
}

} // namespace

bool has_tuning_spectrum(const Encoding& enc) {
  return why_no_tuning_spectrum(enc).empty();
}

std::string why_no_tuning_spectrum(const Encoding& enc) {
  switch (enc.family) {
  case Family::cartesian:
    return "the target is the position itself: its covariance x.x' has rank 2 (the ramps x and "
           "y) and no tuning-curve spectrum";
  case Family::polar:
    return "distance and angle about a fixed origin are not translation invariant: the "
           "covariance is not a function of x - x', so its eigenvectors are not plane waves";
  default:
    break;
  }
  if (!enc.fields_per_cell.is_single())
    return "multi-field cells (" + enc.fields_per_cell.to_string() +
           " fields per cell) have no closed-form spectrum: a finite population of them is not "
           "translation invariant; use the sampled solver (" +
           param("method") + " sampled)";
  return {};
}

double tuning_curve(const Encoding& enc, double r_m, double sigma_m, double s) {
  const auto unit_mass = [r_m](double sig) {
    return std::exp(-r_m * r_m / (2.0 * sig * sig)) / (kTwoPi * sig * sig);
  };
  const auto peak = [r_m](double sig) { return std::exp(-r_m * r_m / (2.0 * sig * sig)); };
  const double sigma_i = s * sigma_m;
  const double ref = kTwoPi * enc.sigma_m.mean() * enc.sigma_m.mean();
  switch (enc.family) {
  case Family::gaussian:
    return unit_mass(sigma_m);
  case Family::dos:
  case Family::dog:
    return unit_mass(sigma_m) - unit_mass(sigma_i);
  case Family::sod:
    return unit_mass(sod_width(sigma_m, s));
  case Family::true_dog:
    return (peak(sigma_m) - peak(sigma_i)) / ref;
  case Family::general_dog:
    return (enc.alpha_e * peak(sigma_m) - enc.alpha_i * peak(sigma_i)) / ref;
  default:
    throw InternalError("tuning_curve: encoding without a tuning curve");
  }
}

double fourier_amplitude(const Encoding& enc, double k, double sigma_m, double s) {
  const double a = 0.5 * sigma_m * sigma_m * k * k;
  if (auto c = dog_coefficients(enc, sigma_m, s))
    return c->c_e * std::exp(-a) - c->c_i * std::exp(-s * s * a);
  if (enc.family == Family::gaussian) return std::exp(-a);
  if (enc.family == Family::sod) {
    const double w = sod_width(sigma_m, s);
    return std::exp(-0.5 * w * w * k * k);
  }
  throw InternalError("fourier_amplitude: encoding without a tuning curve");
}

double power(const Encoding& enc, double k) {
  return average_over_parameters(enc, [&](double sigma, double s) {
    const double p = fourier_amplitude(enc, k, sigma, s);
    return p * p;
  });
}

std::optional<double> closed_form_k_star(const Encoding& enc) {
  if (!enc.sigma_m.is_fixed() || !enc.surround || !enc.surround->value.is_fixed())
    return std::nullopt;
  const double sigma = enc.sigma_m.lo;
  const double s = enc.surround->ratio_for(enc.surround->value.lo);
  const auto c = dog_coefficients(enc, sigma, s);
  if (!c || !(c->c_i * s * s > c->c_e)) return std::nullopt;
  const double a_star = std::log(c->c_i * s * s / c->c_e) / (s * s - 1.0);
  return std::sqrt(2.0 * a_star) / sigma;
}

std::optional<Ring> find_ring(const Encoding& enc) {
  if (!has_tuning_spectrum(enc)) throw InternalError("find_ring: no tuning spectrum");
  return ring_from_scan(enc, scan(enc), closed_form_k_star(enc));
}

std::optional<Ring> find_ring_numerically(const Encoding& enc) {
  if (!has_tuning_spectrum(enc)) throw InternalError("find_ring: no tuning spectrum");
  return ring_from_scan(enc, scan(enc), std::nullopt);
}

std::vector<SpectrumSample> radial_spectrum(const Encoding& enc, double k_max, int n) {
  if (n < 2) throw InternalError("radial_spectrum: need at least two points");
  std::vector<SpectrumSample> out(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double k = k_max * i / (n - 1);
    out[static_cast<size_t>(i)] = {k, power(enc, k)};
  }
  return out;
}

double default_k_max(const Encoding& enc) {
  return defaults::csv_k_max_sigmas / smallest_effective_width(enc);
}

} // namespace gridtheory
