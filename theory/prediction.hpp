// The analytic prediction: from an encoding's power spectrum, an activation and a box, which
// pattern a path integrator trained on that target forms, and at what spacing.
// The decision rules are written out in theory/README.md ("The activation rule").
#pragma once

#include "theory/activation.hpp"
#include "theory/defaults.hpp"
#include "theory/encoding.hpp"
#include "theory/spectrum.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory {

enum class Pattern { hexagonal, square, stripes, amorphous, none, not_applicable };
std::string_view pattern_name(Pattern p);

struct Box {
  double side_m = defaults::box_m; // square arena side L
  bool periodic = false;           // periodic: lattice 2 pi (n, m) / L; solid walls: pi (n, m) / L
};

struct Prediction {
  Pattern pattern = Pattern::not_applicable;
  std::string reason; // one sentence: why this pattern
  std::string method = "analytic";
  bool has_spectrum = false;
  bool has_ring = false;
  bool cubic_term = false;
  std::optional<double> k_star_per_m;          // the ring, when rule (b) accepts it
  std::optional<double> rejected_peak_k_per_m; // a local maximum k > 0 that rule (b) rejected
  std::optional<double> wavelength_m;
  std::optional<double> grid_spacing_m;
  std::optional<double> power_at_k_star;
  std::optional<double> half_power_width_per_m;
  std::optional<double> ring_sharpness; // k* / half-power width
  bool k_star_closed_form = false;
  double box_mode_per_m = 0.0; // lowest box mode: 2 pi / L periodic, pi / L solid walls
  std::optional<double> power_at_box_mode;
  std::optional<double> ring_to_box_power_ratio;
  std::vector<std::string> caveats;
};

// Rule (b) of theory/README.md: a spectral peak is a ring the box can realise when it lies on or
// beyond the box's lowest mode and carries more power than that mode.
bool is_realisable_ring(const Ring& ring, double box_mode_per_m, double power_at_box_mode);

// What the pattern rules need from a spectrum, however it was obtained.
struct SpectrumSummary {
  std::string method;       // "analytic" or "sampled"
  std::optional<Ring> ring; // the highest local maximum at k > 0, if any
  double power_at_box_mode = 0.0;
  std::vector<std::string> caveats; // added to the prediction's caveats
};

// The analytic prediction (method "analytic"). Requires a validated encoding and box.
Prediction predict(const Encoding& enc, Activation act, const Box& box);
// Rules (b)-(d) applied to any spectrum of a place code.
Prediction predict_from_spectrum(const Encoding& enc, Activation act, const Box& box,
                                 const SpectrumSummary& spectrum);
// Rule (a) for codes that are not place codes (cartesian: none; polar: not_applicable).
std::optional<Prediction> prediction_without_place_code(const Encoding& enc, Activation act,
                                                        const Box& box);

} // namespace gridtheory
