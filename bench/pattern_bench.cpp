// Benchmark: the pattern-forming dynamics (numerics/pattern_dynamics.hpp) on exactly the
// configurations of the NumPy peer ../shared/peers/numpy_pattern_formation.py:
//   single  relu, res 55, 32 maps, 1000 steps, lr 5e-3, init 1e-8 N(0, 1)
//   multi   relu, res 55, 64 maps, 5000 steps, lr 8e-3, gain 30, the peer's Gaussian kernel
// As in the peer, a timed run is one whole run (initial maps and every step; the peer's times
// likewise include its randn draw), the kernel is built outside the timing, one warm-up run of
// 50 steps comes first, and each line is the median (min max) over --reps runs. Options:
// --reps N, --threads N (default 2), --steps-single N, --steps-multi N.
// bench/pattern.sh runs this and the peer together.
//
// Kernels. multi: the peer's Gaussian exactly (sigma 0.12 m sampled on linspace(-1.1, 1.1, 55),
// centred, its DFT is real and separable). single: the peer builds a covariance from 512 random
// DoS cells; here the dos spectrum of theory/spectrum.hpp on the same grid (DC zero, like the
// peer's), scaled so its largest eigenvalue is the peer's (66.8), so the unnormalised maps grow
// as the peer's do (to ~1e75 over 1000 steps). The step cost does not depend on the values.
#include "numerics/pattern_dynamics.hpp"
#include "theory/encoding.hpp"
#include "theory/spectrum.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

using namespace gridtheory;

namespace {

constexpr int kRes = 55;
constexpr double kPeerBox = 2.2;   // linspace(-BOX/2, BOX/2, RES): spacing BOX / (RES - 1)
constexpr double kSigma = 0.12;    // peer's place-field width
constexpr double kPeerPeak = 66.8; // top eigenvalue of the peer's single kernel (its seed 0)

std::vector<double> peer_gaussian_spectrum() {
  const double h = kPeerBox / (kRes - 1);
  const int half = kRes / 2 + 1;
  std::vector<double> s(kRes, 0.0);
  for (int k = 0; k < kRes; ++k)
    for (int m = -(kRes / 2); m <= kRes / 2; ++m)
      s[static_cast<size_t>(k)] += std::exp(-(h * m) * (h * m) / (2 * kSigma * kSigma)) *
                                   std::cos(2 * std::numbers::pi * k * m / kRes);
  std::vector<double> out(static_cast<size_t>(kRes * half));
  for (int ky = 0; ky < kRes; ++ky)
    for (int kx = 0; kx < half; ++kx)
      out[static_cast<size_t>(ky * half + kx)] =
          std::max(0.0, s[static_cast<size_t>(ky)] * s[static_cast<size_t>(kx)]);
  return out;
}

std::vector<double> dos_spectrum() {
  const Encoding enc = make_encoding(EncodingOptions{});
  std::vector<double> out = isotropic_kernel_spectrum(
      kRes, kRes * kPeerBox / (kRes - 1), [&](double k) { return power(enc, k); },
      KernelScale::unit_peak);
  out[0] = 0.0; // the peer removes the DC term
  for (double& v : out)
    v *= kPeerPeak;
  return out;
}

struct Timing {
  double median_s, min_s, max_s;
  PatternResult last;
};

Timing time_runs(const std::vector<double>& sigma_hat, PatternOptions o, int reps) {
  PatternOptions warm = o;
  warm.steps = 50;
  run_pattern_dynamics(sigma_hat, warm);
  std::vector<double> times;
  PatternResult last;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    last = run_pattern_dynamics(sigma_hat, o);
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times.front(), times.back(), std::move(last)};
}

double max_abs(const PatternResult& r) {
  double m = 0.0;
  for (double v : r.maps_data)
    m = std::max(m, std::abs(v));
  return m;
}

void report(const char* name, const PatternOptions& o, const Timing& t) {
  std::printf("pattern %-6s %-22s Ng=%d res=%d T=%d threads=%d: %8.3f s (min %.3f max %.3f) = "
              "%.4f ms/step  [finite %s, max|G| %.3g]\n",
              name, o.multi ? "oja" : (o.normalise ? "normalise=true" : "normalise=false"), o.maps,
              o.res, o.steps, o.threads, t.median_s, t.min_s, t.max_s, 1e3 * t.median_s / o.steps,
              t.last.finite ? "true" : "false", max_abs(t.last));
  std::fflush(stdout);
}

int arg_int(int argc, char** argv, const std::string& name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return std::atoi(argv[i + 1]);
  return fallback;
}

} // namespace

int main(int argc, char** argv) {
  const int reps = std::max(1, arg_int(argc, argv, "--reps", 3));
  const int threads = arg_int(argc, argv, "--threads", 2);
  const int steps_single = arg_int(argc, argv, "--steps-single", pattern_defaults::single_steps);
  const int steps_multi = arg_int(argc, argv, "--steps-multi", pattern_defaults::multi_steps);
  try {
    const std::vector<double> single_kernel = dos_spectrum();
    const std::vector<double> multi_kernel = peer_gaussian_spectrum();

    PatternOptions single = PatternOptions::peer_single();
    single.threads = threads;
    single.steps = steps_single;
    report("single", single, time_runs(single_kernel, single, reps));
    single.normalise = true;
    report("single", single, time_runs(single_kernel, single, reps));

    PatternOptions multi = PatternOptions::peer_multi();
    multi.threads = threads;
    multi.steps = steps_multi;
    report("multi", multi, time_runs(multi_kernel, multi, reps));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_pattern: %s\n", e.what());
    return 1;
  }
  return 0;
}
