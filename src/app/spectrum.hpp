// `spectrum`: an encoding's radial power spectrum E|p~(k)|^2, closed-form or sampled, with the
// ring and the box's lowest mode.
#pragma once

#include "src/app/spectrum_source.hpp"

#include <optional>
#include <string>

namespace gridtheory::app {

inline constexpr Range k_max_range{0.0, true, "a wavenumber in rad/m"};
inline constexpr CountRange points_range{2, 10'000'000, "a number of rows"};

struct SpectrumRequest {
  EncodingOptions encoding;    // cells: the sampled spectrum only
  std::optional<double> box_m; // metres, default 2.2
  bool periodic = false;
  Method method = Method::automatic;
  std::optional<long long> seed;     // the sampled spectrum only; default 0
  SampledRequest sampled;            // res: the sampled spectrum only
  std::optional<double> k_max_per_m; // default 5 / smallest width, at least 2 x 2pi/L
  std::optional<long long> points;   // analytic only: rows from k = 0 to k_max (default 401)
  std::optional<std::string> plot;   // also write the figure FILE.png (+ .csv, .gp)
  bool log_power = false;            // the figure's power axis is logarithmic (with plot only)
};

struct SpectrumResult {
  Encoding encoding;
  Box box;
  bool sampled = false;
  double k_max_per_m = 0.0;
  // The rows (analytic: `points` wavenumbers in [0, k_max]; sampled: one per lattice radius
  // |k| > 0 up to k_max), the peak at k > 0 and the power at the box's lowest mode.
  SpectrumRows rows;
  double box_mode_per_m = 0.0; // pi / L solid walls, 2 pi / L periodic
  // The ring when the box can realise it (theory/prediction.hpp, rule (b)), else empty.
  std::optional<double> k_star_per_m;
  SampledSpectrum full; // sampled only: the whole 2-D half spectrum
};

// Validates the request (UserError naming the parameter, before any work, in the CLI's order),
// computes the rows, and writes the figure when asked.
SpectrumResult spectrum(const SpectrumRequest& request);

} // namespace gridtheory::app
