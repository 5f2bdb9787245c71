// The pattern a trained network (or any set of maps) shows, in the predictor's classes
// (theory/prediction.hpp), from the best unit of each score (numerics/grid_scores.hpp). One
// definition for the trainer's summary, `validate` and imported tables.
#pragma once

#include "theory/defaults.hpp"
#include "theory/prediction.hpp"

namespace gridtheory {

// The best unit of each measure over a network's units (NaN: no unit had one).
struct PatternEvidence {
  double max_score_60;
  double max_score_90;
  double max_stripe_score;
};

struct PatternThresholds {
  double hexagonal = defaults::grid_cell_score; // score_60 above: hexagonal (NFL's criterion)
  double square = defaults::square_cell_score;  // else score_90 above: square
  double stripes = defaults::stripe_cell_score; // else stripe score above: stripes
};

// In this order: hexagonal if a unit's score_60 exceeds thresholds.hexagonal; else square if a
// unit's score_90 exceeds thresholds.square; else stripes if a unit's stripe score exceeds
// thresholds.stripes; else none (no periodic pattern: the predictor's `none` and `amorphous`).
// NaN measures never pass their test.
Pattern classify_observed(const PatternEvidence& e, const PatternThresholds& t = {});

} // namespace gridtheory
