#include "theory/prediction.hpp"

#include "theory/errors.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <string>

namespace gridtheory {

std::string_view pattern_name(Pattern p) {
  switch (p) {
  case Pattern::hexagonal:
    return "hexagonal";
  case Pattern::square:
    return "square";
  case Pattern::stripes:
    return "stripes";
  case Pattern::amorphous:
    return "amorphous";
  case Pattern::none:
    return "none";
  case Pattern::not_applicable:
    return "not_applicable";
  }
  throw InternalError("pattern_name: unknown pattern");
}

namespace {

// Rules (c) and (d) of theory/README.md: the activation decides the pattern on the ring, or on
// the box's lowest shell when there is no ring.
Pattern pattern_for(bool ring, Activation act) {
  if (act == Activation::linear) return Pattern::amorphous;
  if (!has_cubic_term(act)) return Pattern::stripes;
  return ring ? Pattern::hexagonal : Pattern::square;
}

std::string reason_for(const Prediction& p, Activation act, bool periodic) {
  const std::string a(activation_name(act));
  if (p.has_ring) {
    if (p.cubic_term)
      return "the power peaks on a ring |k| = k* above the box's lowest mode and " + a +
             " gives a cubic term, which selects three ring waves at 60 degrees";
    if (act == Activation::linear)
      return "the power peaks on a ring but a linear network has no nonlinear term to select "
             "among the ring's modes";
    return "the power peaks on a ring but " + a +
           " is odd (no cubic term); its quartic term favours single plane waves";
  }
  std::string why = p.rejected_peak_k_per_m
                        ? "the spectrum's peak away from k = 0 is not a realisable ring (weaker "
                          "than, or inside, the box's lowest mode)"
                        : "the power peaks at k = 0";
  const std::string mode = box_mode_name(periodic);
  return why + ", so the box's lowest modes (+-" + mode + ", 0), (0, +-" + mode +
         ") win; they hold no closed triad" +
         (p.cubic_term ? ", so " + a + " combines the two orthogonal waves"
                       : std::string(", and ") + a + " has no cubic term");
}

} // namespace

bool is_realisable_ring(const Ring& ring, double box_mode_per_m, double power_at_box_mode) {
  return ring.k_star_per_m >= box_mode_per_m && ring.power > power_at_box_mode;
}

namespace {
Prediction base_prediction(Activation act, const Box& box) {
  if (!(box.side_m > 0.0)) throw InternalError("predict: box side must be positive");
  Prediction p;
  p.cubic_term = has_cubic_term(act);
  p.box_mode_per_m = lowest_box_mode_per_m(box.side_m, box.periodic);
  if (!box.periodic)
    p.caveats.push_back("solid walls: the box's modes are the standing waves cos(n pi x / L) "
                        "cos(m pi y / L), a lattice pi (n, m) / L; its lowest mode is pi/L");
  return p;
}
} // namespace

std::optional<Prediction> prediction_without_place_code(const Encoding& enc, Activation act,
                                                        const Box& box) {
  if (uses_width(enc.family)) return std::nullopt;
  Prediction p = base_prediction(act, box);
  p.pattern = enc.family == Family::cartesian ? Pattern::none : Pattern::not_applicable;
  p.reason = why_no_tuning_spectrum(enc);
  if (enc.family == Family::cartesian) p.reason += ": the maps copy the ramps, no periodic pattern";
  return p;
}

Prediction predict_from_spectrum(const Encoding& enc, Activation act, const Box& box,
                                 const SpectrumSummary& s) {
  Prediction p = base_prediction(act, box);
  p.method = s.method;
  p.has_spectrum = true;
  // `gridtheory train` fits every place-cell code by softmax cross-entropy against the target
  // distribution (NFL's setup; loss mse is the alternative); cartesian and polar (no spectrum,
  // prediction_without_place_code) by mean-squared error, the theory's own loss.
  if (uses_width(enc.family))
    p.caveats.push_back("train fits these targets by softmax cross-entropy (NFL; " + param("loss") +
                        " mse fits them by mean-squared error); the theory is a "
                        "mean-squared-error theory of the targets");
  if (enc.family == Family::dos && s.method == "analytic")
    p.caveats.push_back("dos uses its bulk limit (unit-mass DoG): walls and finite n_p change it");
  if (!enc.sigma_m.is_fixed() || (enc.surround && !enc.surround->value.is_fixed()) ||
      !enc.fields_per_cell.is_single())
    p.caveats.push_back("heterogeneous or multi-field cells: a finite population is not "
                        "translation invariant; the spectrum is a translation average");
  p.caveats.insert(p.caveats.end(), s.caveats.begin(), s.caveats.end());

  p.power_at_box_mode = s.power_at_box_mode;
  if (const auto& ring = s.ring) {
    p.power_at_k_star = ring->power;
    p.k_star_closed_form = ring->closed_form;
    if (s.power_at_box_mode > 0.0) p.ring_to_box_power_ratio = ring->power / s.power_at_box_mode;
    if (ring->half_power_lo_per_m && ring->half_power_hi_per_m) {
      p.half_power_width_per_m = *ring->half_power_hi_per_m - *ring->half_power_lo_per_m;
      p.ring_sharpness = ring->k_star_per_m / *p.half_power_width_per_m;
    }
    p.has_ring = is_realisable_ring(*ring, p.box_mode_per_m, s.power_at_box_mode);
    if (p.has_ring) {
      p.k_star_per_m = ring->k_star_per_m;
      p.wavelength_m = wavelength_m(ring->k_star_per_m);
      p.grid_spacing_m = grid_spacing_m(ring->k_star_per_m);
    } else {
      p.rejected_peak_k_per_m = ring->k_star_per_m;
    }
  }
  p.pattern = pattern_for(p.has_ring, act);
  p.reason = reason_for(p, act, box.periodic);
  return p;
}

Prediction predict(const Encoding& enc, Activation act, const Box& box) {
  if (auto p = prediction_without_place_code(enc, act, box)) return *p;
  if (!has_tuning_spectrum(enc)) {
    Prediction p = base_prediction(act, box);
    p.pattern = Pattern::not_applicable;
    p.reason = why_no_tuning_spectrum(enc);
    return p;
  }
  SpectrumSummary s;
  s.method = "analytic";
  s.ring = find_ring(enc);
  s.power_at_box_mode = power(enc, lowest_box_mode_per_m(box.side_m, box.periodic));
  return predict_from_spectrum(enc, act, box, s);
}

} // namespace gridtheory
