#include "numerics/observed_pattern.hpp"

namespace gridtheory {

Pattern classify_observed(const PatternEvidence& e, const PatternThresholds& t) {
  // Comparisons with NaN are false: a missing measure never claims its pattern.
  if (e.max_score_60 > t.hexagonal) return Pattern::hexagonal;
  if (e.max_score_90 > t.square) return Pattern::square;
  if (e.max_stripe_score > t.stripes) return Pattern::stripes;
  return Pattern::none;
}

} // namespace gridtheory
