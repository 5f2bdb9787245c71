// `validate`'s statistics of spacing (src/sweep/validation.hpp): the least-squares fit of
// measured on predicted spacing, the held-out correction and the per-configuration means.
#include "src/report/statistics.hpp"
#include "src/sweep/validation.hpp"
#include "src/sweep/validation_detail.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>

namespace gridtheory::sweep {

using namespace validation_detail;

HeldOutCorrection held_out_correction(const std::vector<double>& predicted_given,
                                      const std::vector<double>& measured_given) {
  if (predicted_given.size() != measured_given.size())
    throw InternalError("held_out_correction: predicted and measured differ in length");
  std::vector<double> predicted, measured;
  for (std::size_t i = 0; i < predicted_given.size(); ++i)
    if (usable_spacing(predicted_given[i], measured_given[i])) {
      predicted.push_back(predicted_given[i]);
      measured.push_back(measured_given[i]);
    }
  HeldOutCorrection h;
  h.n = predicted.size();
  double xy[2] = {0, 0}, xx[2] = {0, 0};
  std::vector<double> uncorrected;
  for (std::size_t i = 0; i < h.n; ++i) {
    xy[i % 2] += predicted[i] * measured[i];
    xx[i % 2] += predicted[i] * predicted[i];
    uncorrected.push_back(std::abs(measured[i] - predicted[i]) / measured[i]);
  }
  h.factor_even = xx[0] > 0 ? xy[0] / xx[0] : kNaN;
  h.factor_odd = xx[1] > 0 ? xy[1] / xx[1] : kNaN;
  h.uncorrected_median_relative_error = median_of(uncorrected);
  h.held_out_median_relative_error = kNaN;
  if (std::isfinite(h.factor_even) && std::isfinite(h.factor_odd)) {
    std::vector<double> held_out;
    for (std::size_t i = 0; i < h.n; ++i) {
      const double factor = i % 2 ? h.factor_even : h.factor_odd; // the other fold's
      held_out.push_back(std::abs(measured[i] - factor * predicted[i]) / measured[i]);
    }
    h.held_out_median_relative_error = median_of(held_out);
  }
  return h;
}

SpacingFit fit_spacing(const std::vector<double>& predicted_given,
                       const std::vector<double>& measured_given) {
  if (predicted_given.size() != measured_given.size())
    throw InternalError("fit_spacing: predicted and measured differ in length");
  SpacingFit f;
  f.slope = f.intercept = f.slope_through_origin = f.r_squared = f.median_relative_error = kNaN;
  std::vector<double> predicted, measured;
  for (std::size_t i = 0; i < predicted_given.size(); ++i)
    if (usable_spacing(predicted_given[i], measured_given[i])) {
      predicted.push_back(predicted_given[i]);
      measured.push_back(measured_given[i]);
    }
  f.n = predicted.size();
  f.left_out = predicted_given.size() - f.n;
  if (f.n == 0) return f;
  const double n = static_cast<double>(f.n);
  double mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < f.n; ++i) {
    mx += predicted[i];
    my += measured[i];
  }
  mx /= n;
  my /= n;
  double sxx = 0.0, sxy = 0.0, syy = 0.0, xx = 0.0, xy = 0.0;
  std::vector<double> rel;
  for (std::size_t i = 0; i < f.n; ++i) {
    const double dx = predicted[i] - mx, dy = measured[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
    xx += predicted[i] * predicted[i];
    xy += predicted[i] * measured[i];
    rel.push_back(std::abs(measured[i] - predicted[i]) / predicted[i]);
  }
  f.median_relative_error = median_of(rel);
  if (xx > 0.0) f.slope_through_origin = xy / xx;
  if (f.n >= 2 && sxx > 0.0) {
    f.slope = sxy / sxx;
    f.intercept = my - f.slope * mx;
    if (syy > 0.0) {
      double ss_res = 0.0;
      for (std::size_t i = 0; i < f.n; ++i) {
        const double e = measured[i] - (f.intercept + f.slope * predicted[i]);
        ss_res += e * e;
      }
      f.r_squared = 1.0 - ss_res / syy;
    }
  }
  return f;
}

std::vector<ConfigSpacing> spacing_by_config(const Validation& v) {
  std::vector<ConfigSpacing> out;
  for (const Source s : kSources)
    for (std::size_t c = 0; c < v.configs.size(); ++c) {
      std::vector<double> measured, ratio;
      double predicted = std::nan("");
      for (const SpacingPoint& p : v.spacing_points)
        if (p.source == s && p.config == c && usable_spacing(p.predicted_m, p.measured_m)) {
          measured.push_back(p.measured_m);
          ratio.push_back(p.measured_m / p.predicted_m);
          predicted = p.predicted_m;
        }
      if (measured.empty()) continue;
      ConfigSpacing cs;
      cs.source = s;
      cs.config = c;
      // The configuration's prediction where it has one (all its runs share it), else the runs'.
      cs.predicted_m = v.configs[c].prediction.grid_spacing_m.value_or(predicted);
      cs.measured_m = mean_interval(measured);
      cs.ratio = mean_interval(ratio);
      out.push_back(cs);
    }
  std::stable_sort(out.begin(), out.end(), [](const ConfigSpacing& a, const ConfigSpacing& b) {
    return a.config < b.config;
  });
  return out;
}

} // namespace gridtheory::sweep
