// The radial power spectrum figure: power vs k, with k*, a rejected peak and the box's lowest
// mode marked, on a linear or a log power axis.
#pragma once

#include "numerics/sampled_spectrum.hpp"
#include "src/plot/figure.hpp"
#include "theory/prediction.hpp"
#include "theory/spectrum.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gridtheory {

struct SpectrumFigure {
  std::string title;
  std::vector<SpectrumSample> samples;
  std::optional<double> k_star_per_m;        // the realisable ring, marked when present
  std::optional<double> rejected_peak_per_m; // a peak at k > 0 that is no realisable ring
  double box_mode_per_m = 0.0;               // always marked
  bool periodic = false;                     // names the mode 2 pi / L (periodic) or pi / L (walls)
  bool sampled = false;   // the power of a sampled kernel (arbitrary units), not the closed form
  bool log_power = false; // power on a log axis: a weak peak beside a strong k = 0 shows
};

// The default k range of `spectrum` and of both figures: 5 / the smallest width, at least twice
// 2pi/L whatever the walls.
double spectrum_default_k_max(const Encoding& enc, const Box& box);

// The CSV (columns k_per_m,power) that `spectrum` prints and the figure reads.
std::string spectrum_csv(const std::vector<SpectrumSample>& samples);

// The figure `predict --plot` draws: the spectrum the prediction `p` used (the sampled one,
// `sampled`, or the closed form when it is null) from k = 0 to spectrum_default_k_max, titled
// with the pattern, the encoding and the box.
SpectrumFigure prediction_spectrum_figure(const Encoding& enc, Activation act, const Box& box,
                                          const Prediction& p, const SampledSpectrum* sampled);
// The figure `spectrum --plot` draws from its rows: k* when the peak is a realisable ring, the
// rejected peak otherwise.
SpectrumFigure rows_spectrum_figure(const Encoding& enc, const Box& box, const SpectrumRows& rows,
                                    bool sampled);

// Writes FILE.png with FILE.csv and FILE.gp beside it.
void write_spectrum_figure(const SpectrumFigure& fig, const std::filesystem::path& png,
                           std::string_view option);

} // namespace gridtheory
