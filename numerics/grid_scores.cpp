#include "numerics/grid_scores.hpp"

#include "numerics/lattice_stats.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <omp.h>
#include <string>

namespace gridtheory {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kRings = 10;
constexpr double kRingInner = 0.2;      // x nbins (DeepMind, Sorscher)
constexpr double kRingOuterFirst = 0.4; // linspace(0.4, 1.0, 10) x nbins
constexpr double kRingOuterLast = 1.0;  //
constexpr double kVarianceFloor = 1e-5; // DeepMind's ring variance regulariser
constexpr std::array<double, 5> kBntAngles{30, 60, 90, 120, 150};
constexpr int kBntWindow = 3;          // BNT numGridnessRadii
constexpr double kPeakThreshold = 0.1; // SAC peaks for spacing/orientation
constexpr size_t kMaxPeaks = 6;
constexpr size_t kMinPeaks = 3;

size_t sz(long long v) {
  return static_cast<size_t>(v);
}

// Index of angle a in deepmind_angles_deg.
constexpr size_t at(double a) {
  for (size_t i = 0; i < deepmind_angles_deg.size(); ++i)
    if (deepmind_angles_deg[i] == a) return i;
  return deepmind_angles_deg.size();
}

double nan_mean(const double* v, size_t count) {
  double sum = 0.0;
  size_t k = 0;
  for (size_t i = 0; i < count; ++i)
    if (!std::isnan(v[i])) sum += v[i], ++k;
  return k ? sum / static_cast<double>(k) : kNaN;
}

} // namespace

double parabola_offset(double fm, double f0, double fp) {
  const double curvature = fm - 2.0 * f0 + fp;
  if (!(curvature < 0.0)) return 0.0;
  const double d = 0.5 * (fm - fp) / curvature;
  return std::clamp(d, -0.5, 0.5);
}

struct GridScorer::Tables {
  int n = 0;
  int s = 0; // SAC side 2n-1
  double box_m = 0.0;
  // Lags of the half plane (dy > 0, or dy == 0 and dx > 0) with d^2 <= n^2, sorted by d^2:
  // every mask here is symmetric, the SAC and its rotations are too, so half the pixels give
  // the same means and correlations.
  std::vector<std::int32_t> pixels;     // flat SAC index
  std::vector<int> d2;                  // dy^2 + dx^2
  size_t ring_lo = 0;                   // first pixel of every DeepMind ring
  std::array<size_t, kRings> ring_hi{}; // one past the last pixel of ring k
  std::vector<ImageRotation> cubic;     // deepmind_angles_deg, order 3
  std::vector<ImageRotation> linear;    // kBntAngles, order 1
  // Fourier radial profile: shell index (-1: unused) and weight of every half-spectrum point.
  int p = 0;
  int half = 0;
  int b_min = 0;
  int b_max = 0;
  std::vector<int> fourier_bin;
  std::vector<double> fourier_weight;

  Tables(int nbins, double box, int fft_size);
};

GridScorer::Tables::Tables(int nbins, double box, int fft_size)
    : n(nbins), s(2 * nbins - 1), box_m(box), p(fft_size), half(fft_size / 2 + 1) {
  const int c = n - 1;
  std::vector<std::pair<int, std::int32_t>> lags;
  for (int dy = 0; dy <= c; ++dy)
    for (int dx = -c; dx <= c; ++dx) {
      if (dy == 0 && dx <= 0) continue;
      const int r2 = dy * dy + dx * dx;
      if (r2 > n * n) continue;
      lags.emplace_back(r2, static_cast<std::int32_t>((c + dy) * s + (c + dx)));
    }
  std::stable_sort(lags.begin(), lags.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [r2, index] : lags) {
    d2.push_back(r2);
    pixels.push_back(index);
  }

  // DeepMind's ring masks with NumPy's arithmetic: disk(size, radius) is d^2 <= radius**2 on
  // integer offsets; radius = 0.2*nbins inside, linspace(0.4, 1.0, 10)[k]*nbins outside, where
  // linspace gives k*step + start (step = (stop-start)/9) and exactly stop for the last.
  const double inner = kRingInner * n;
  const double inner2 = inner * inner;
  ring_lo = sz(std::upper_bound(d2.begin(), d2.end(), inner2,
                                [](double v, int e) { return v < static_cast<double>(e); }) -
               d2.begin());
  const double step = (kRingOuterLast - kRingOuterFirst) / (kRings - 1);
  for (int k = 0; k < kRings; ++k) {
    // volatile: no fused multiply-add, so the product rounds before the sum as in NumPy (the
    // last bit decides boundary pixels, e.g. nbins = 15 puts pixels exactly on the radius)
    volatile double scaled = k * step;
    const double frac = k == kRings - 1 ? kRingOuterLast : scaled + kRingOuterFirst;
    const double outer = frac * n;
    const double outer2 = outer * outer;
    ring_hi[sz(k)] =
        sz(std::upper_bound(d2.begin(), d2.end(), outer2,
                            [](double v, int e) { return v < static_cast<double>(e); }) -
           d2.begin());
  }

  for (double a : deepmind_angles_deg)
    cubic.emplace_back(s, a, 3, pixels);
  for (double a : kBntAngles)
    linear.emplace_back(s, a, 1, pixels);

  // Radial profile of the half spectrum: total power in shells of |k| (frequency-index units,
  // rounded); points with 0 < kx < P/2 stand for themselves and their mirror (weight 2).
  b_max = p / 2;
  b_min = std::max(1, static_cast<int>(std::ceil(static_cast<double>(p) / n - 1e-9)));
  fourier_bin.assign(sz(p) * sz(half), -1);
  fourier_weight.assign(sz(p) * sz(half), 0.0);
  for (int i = 0; i < p; ++i)
    for (int j = 0; j < half; ++j) {
      const int fy = signed_frequency(i, p);
      const long b = std::lround(std::sqrt(static_cast<double>(fy * fy + j * j)));
      if (b > b_max + 1) continue;
      const double w = (j == 0 || 2 * j == p) ? 1.0 : 2.0;
      const size_t k = sz(i) * sz(half) + sz(j);
      fourier_bin[k] = static_cast<int>(b);
      fourier_weight[k] = w;
    }
}

GridScorer::GridScorer(int nbins, double box_m, SacMode mode)
    : sac_(std::max(nbins, 3), mode), cubic_(2 * std::max(nbins, 3) - 1, 3),
      linear_(2 * std::max(nbins, 3) - 1, 1) {
  if (nbins < 3) throw InternalError("GridScorer: nbins must be at least 3");
  if (!(box_m > 0.0) || !std::isfinite(box_m))
    throw InternalError("GridScorer: the box side must be finite and > 0");
  tables_ = std::make_shared<const Tables>(nbins, box_m, sac_.fft_size());
  const size_t s2 = sz(tables_->s) * sz(tables_->s);
  sac_raw_.assign(s2, 0.0);
  sac_zero_.assign(s2, 0.0);
  in_centre_.assign(s2, 0);
  stack_.reserve(s2);
  values_.assign(tables_->pixels.size(), 0.0);
  rotated_cubic_.assign(deepmind_angles_deg.size(), std::vector<double>(tables_->pixels.size()));
  rotated_linear_.assign(kBntAngles.size(), std::vector<double>(tables_->pixels.size()));
  candidates_.reserve(s2);
  chosen_.reserve(kMaxPeaks);
  // Strict local maxima with 8 neighbours are at least 2 bins apart: at most ceil(n / 2)^2.
  fields_.reserve(sz((nbins + 1) / 2) * sz((nbins + 1) / 2));
  gns_.assign(sz(nbins) + 1, 0.0);
  power_.assign(sz(tables_->b_max) + 2, 0.0);
  ring_corr_.assign(kRings, {});
  nfl_ = std::make_unique<NflPeriodEstimator>(nbins, box_m);
}

GridScorer::GridScorer(const GridScorer& other)
    : tables_(other.tables_), sac_(other.sac_.nbins(), other.sac_.mode()),
      cubic_(other.cubic_.size(), 3), linear_(other.linear_.size(), 1), sac_raw_(other.sac_raw_),
      sac_zero_(other.sac_zero_), values_(other.values_), rotated_cubic_(other.rotated_cubic_),
      rotated_linear_(other.rotated_linear_), in_centre_(other.in_centre_), stack_(), candidates_(),
      chosen_(other.chosen_), gns_(other.gns_), power_(other.power_), ring_corr_(other.ring_corr_),
      central_radius_(other.central_radius_) {
  stack_.reserve(sac_raw_.size());
  candidates_.reserve(sac_raw_.size());
  chosen_.reserve(kMaxPeaks);
  // Strict local maxima with 8 neighbours are at least 2 bins apart: at most ceil(n / 2)^2.
  fields_.reserve(sz((nbins() + 1) / 2) * sz((nbins() + 1) / 2));
  nfl_ = std::make_unique<NflPeriodEstimator>(other.nbins(), other.box_m());
}

GridScorer::~GridScorer() = default;

int GridScorer::nbins() const {
  return tables_->n;
}

double GridScorer::box_m() const {
  return tables_->box_m;
}

GridScores GridScorer::score(const double* ratemap) {
  GridScores out{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN,
                 kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
  chosen_.clear();
  fields_.clear();
  central_radius_ = 0;
  for (auto& r : ring_corr_)
    r.fill(kNaN);
  const bool ok = sac_.compute(ratemap, sac_raw_.data());
  for (size_t i = 0; i < sac_raw_.size(); ++i)
    sac_zero_[i] = std::isnan(sac_raw_[i]) ? 0.0 : sac_raw_[i];
  if (!ok) return out;
  rotational_scores(out);
  bnt_gridness(out); // also marks the central field used by the peak search
  spacing_orientation(out);
  fourier_spacing(out);
  const NflPeriod period = nfl_->estimate(ratemap);
  out.nfl_period_m = period.period_m;
  out.nfl_period_err_m = period.period_err_m;
  const LatticeStats lattice = sac_lattice_stats(chosen_, bin_m());
  out.ellipse_aspect = lattice.ellipse_aspect;
  out.ellipse_angle_deg = lattice.ellipse_angle_deg;
  out.spacing_1_m = lattice.spacing_m[0];
  out.spacing_2_m = lattice.spacing_m[1];
  out.spacing_3_m = lattice.spacing_m[2];
  out.orientation_1_deg = lattice.orientation_deg[0];
  out.orientation_2_deg = lattice.orientation_deg[1];
  out.orientation_3_deg = lattice.orientation_deg[2];
  field_centres(ratemap, nbins(), box_m(), fields_);
  out.field_count = static_cast<double>(fields_.size());
  return out;
}

void GridScorer::rotational_scores(GridScores& out) {
  const Tables& t = *tables_;
  cubic_.compute(sac_zero_.data());
  for (size_t a = 0; a < t.cubic.size(); ++a)
    t.cubic[a].apply(cubic_, rotated_cubic_[a].data());
  for (size_t k = 0; k < t.pixels.size(); ++k)
    values_[k] = sac_zero_[sz(t.pixels[k])];

  constexpr size_t angles = deepmind_angles_deg.size();
  double s1 = 0.0, s2 = 0.0;
  std::array<double, angles> sr{}, sx{};
  size_t k = t.ring_lo;
  double best60 = -std::numeric_limits<double>::infinity();
  double best60mm = best60, best90 = best60;
  for (int ring = 0; ring < kRings; ++ring) {
    const size_t end = t.ring_hi[sz(ring)];
    for (; k < end; ++k) {
      const double v = values_[k];
      s1 += v;
      s2 += v * v;
      for (size_t a = 0; a < angles; ++a) {
        const double r = rotated_cubic_[a][k];
        sr[a] += r;
        sx[a] += v * r;
      }
    }
    const double area = static_cast<double>(end - t.ring_lo);
    if (area <= 0.0) continue;
    const double mean = s1 / area;
    const double var = (s2 - 2.0 * mean * s1 + area * mean * mean) / area + kVarianceFloor;
    std::array<double, angles>& c = ring_corr_[sz(ring)];
    for (size_t a = 0; a < angles; ++a)
      c[a] = (sx[a] - mean * sr[a] - mean * s1 + area * mean * mean) / area / var;
    const double c30 = c[at(30)], c45 = c[at(45)], c60 = c[at(60)], c90 = c[at(90)],
                 c120 = c[at(120)], c135 = c[at(135)], c150 = c[at(150)];
    best60 = std::max(best60, (c60 + c120) / 2.0 - (c30 + c90 + c150) / 3.0);
    best60mm = std::max(best60mm, std::min(c60, c120) - std::max({c30, c90, c150}));
    best90 = std::max(best90, c90 - (c45 + c135) / 2.0);
  }
  if (std::isfinite(best60)) out.score_60 = best60;
  if (std::isfinite(best60mm)) out.score_60_minmax = best60mm;
  if (std::isfinite(best90)) out.score_90 = best90;
}

void GridScorer::bnt_gridness(GridScores& out) {
  const Tables& t = *tables_;
  const int s = t.s;
  const int n = t.n;
  // Central field: 4-connected SAC > 0 around the centre.
  std::fill(in_centre_.begin(), in_centre_.end(), 0);
  stack_.clear();
  const std::int32_t centre = (n - 1) * s + (n - 1);
  long long area = 0;
  if (sac_zero_[sz(centre)] > 0.0) {
    in_centre_[sz(centre)] = 1;
    stack_.push_back(centre);
  }
  while (!stack_.empty()) {
    const std::int32_t i = stack_.back();
    stack_.pop_back();
    ++area;
    const int y = i / s, x = i % s;
    const std::int32_t next[4] = {y > 0 ? i - s : -1, y < s - 1 ? i + s : -1, x > 0 ? i - 1 : -1,
                                  x < s - 1 ? i + 1 : -1};
    for (std::int32_t j : next)
      if (j >= 0 && !in_centre_[sz(j)] && sac_zero_[sz(j)] > 0.0) {
        in_centre_[sz(j)] = 1;
        stack_.push_back(j);
      }
  }
  const int rc =
      static_cast<int>(std::floor(std::sqrt(static_cast<double>(area) / std::numbers::pi)));
  central_radius_ = rc;
  if (rc < 2 || rc + 1 > n) return;

  linear_.compute(sac_zero_.data());
  for (size_t a = 0; a < t.linear.size(); ++a)
    t.linear[a].apply(linear_, rotated_linear_[a].data());

  constexpr size_t angles = kBntAngles.size();
  size_t k = sz(std::upper_bound(t.d2.begin(), t.d2.end(), rc * rc) - t.d2.begin());
  double sa = 0.0, saa = 0.0;
  std::array<double, angles> sb{}, sbb{}, sab{};
  double count = 0.0;
  int steps = 0;
  for (int r = rc + 1; r <= n; ++r, ++steps) {
    const size_t end = sz(std::lower_bound(t.d2.begin(), t.d2.end(), r * r) - t.d2.begin());
    for (; k < end; ++k) {
      const double v = values_[k];
      sa += v;
      saa += v * v;
      count += 1.0;
      for (size_t a = 0; a < angles; ++a) {
        const double b = rotated_linear_[a][k];
        sb[a] += b;
        sbb[a] += b * b;
        sab[a] += v * b;
      }
    }
    std::array<double, angles> c{};
    const double va = saa - sa * sa / count;
    for (size_t a = 0; a < angles; ++a) {
      const double vb = sbb[a] - sb[a] * sb[a] / count;
      const double cov = sab[a] - sa * sb[a] / count;
      const bool defined = count >= 2.0 && va > 1e-12 * saa && vb > 1e-12 * sbb[a];
      c[a] = defined ? cov / std::sqrt(va * vb) : kNaN;
    }
    // angles 30, 60, 90, 120, 150 -> indices 0..4
    gns_[sz(steps)] = std::min(c[1], c[3]) - std::max({c[0], c[2], c[4]});
    if (std::isnan(c[0]) || std::isnan(c[1]) || std::isnan(c[2]) || std::isnan(c[3]) ||
        std::isnan(c[4]))
      gns_[sz(steps)] = kNaN;
  }
  const int windows = std::max(steps - kBntWindow, 1);
  double best = kNaN;
  if (windows == 1) {
    best = nan_mean(gns_.data(), sz(steps));
  } else {
    for (int i = 0; i < windows; ++i) {
      const double m = nan_mean(gns_.data() + i, kBntWindow);
      if (!std::isnan(m) && (std::isnan(best) || m > best)) best = m;
    }
  }
  out.gridness_bnt = best;
}

void GridScorer::spacing_orientation(GridScores& out) {
  const Tables& t = *tables_;
  const int s = t.s;
  const int c = t.n - 1;
  const double* a = sac_zero_.data();
  candidates_.clear();
  for (int y = 1; y < s - 1; ++y)
    for (int x = 1; x < s - 1; ++x) {
      const size_t i = sz(y) * sz(s) + sz(x);
      const double v = a[i];
      if (!(v > kPeakThreshold) || in_centre_[i]) continue;
      // strict maximum over the neighbours before it in raster order, >= over those after
      const double* up = a + i - sz(s);
      const double* down = a + i + sz(s);
      if (!(v > up[-1] && v > up[0] && v > up[1] && v > a[i - 1])) continue;
      if (!(v >= a[i + 1] && v >= down[-1] && v >= down[0] && v >= down[1])) continue;
      const double dy = (y - c) + parabola_offset(up[0], v, down[0]);
      const double dx = (x - c) + parabola_offset(a[i - 1], v, a[i + 1]);
      candidates_.push_back({dy, dx, v});
    }
  auto distance2 = [](const Peak& p) { return p.dy * p.dy + p.dx * p.dx; };
  const size_t take = std::min(kMaxPeaks, candidates_.size());
  std::partial_sort(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(take),
                    candidates_.end(), [&](const Peak& p, const Peak& q) {
                      const double dp = distance2(p), dq = distance2(q);
                      if (dp != dq) return dp < dq;
                      return std::atan2(p.dy, p.dx) < std::atan2(q.dy, q.dx);
                    });
  chosen_.assign(candidates_.begin(), candidates_.begin() + static_cast<std::ptrdiff_t>(take));
  if (chosen_.size() < kMinPeaks) return;
  std::array<double, kMaxPeaks> dist{};
  double orientation = std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < chosen_.size(); ++k) {
    dist[k] = std::sqrt(distance2(chosen_[k]));
    double theta = std::atan2(chosen_[k].dy, chosen_[k].dx) * 180.0 / std::numbers::pi;
    if (theta < 0.0) theta += 360.0;
    theta = std::fmod(theta, 60.0);
    if (theta >= 60.0) theta = 0.0;
    orientation = std::min(orientation, theta);
  }
  const size_t m = chosen_.size();
  std::sort(dist.begin(), dist.begin() + static_cast<std::ptrdiff_t>(m));
  const double median = m % 2 ? dist[m / 2] : 0.5 * (dist[m / 2 - 1] + dist[m / 2]);
  out.grid_spacing_m = median * bin_m();
  out.orientation_deg = orientation;
}

void GridScorer::fourier_spacing(GridScores& out) {
  const Tables& t = *tables_;
  const std::complex<double>* spectrum = sac_.filled_spectrum();
  std::fill(power_.begin(), power_.end(), 0.0);
  const size_t points = t.fourier_bin.size();
  for (size_t k = 0; k < points; ++k) {
    const int b = t.fourier_bin[k];
    if (b >= 0) power_[sz(b)] += t.fourier_weight[k] * std::norm(spectrum[k]);
  }
  int best = -1;
  for (int b = t.b_min; b <= t.b_max; ++b)
    if (best < 0 || power_[sz(b)] > power_[sz(best)]) best = b;
  if (best < 0 || !(power_[sz(best)] > 0.0)) return;
  const double r =
      best + parabola_offset(power_[sz(best - 1)], power_[sz(best)], power_[sz(best + 1)]);
  const double k_peak = 2.0 * std::numbers::pi * r / (t.p * bin_m()); // rad/m
  out.fourier_spacing_m = 4.0 * std::numbers::pi / (std::sqrt(3.0) * k_peak);
  out.stripe_score = stripe_score(spectrum, r);
}

double GridScorer::stripe_score(const std::complex<double>* spectrum, double r) const {
  // In padded frequency units one index of the unpadded map is P / n: the width of a peak.
  const Tables& t = *tables_;
  const double width = static_cast<double>(t.p) / t.n;
  const auto in_ring = [&](int fy, int fx) { return std::abs(std::hypot(fy, fx) - r) <= width; };
  int peak_y = 0, peak_x = 0;
  double peak = -1.0;
  for (int i = 0; i < t.p; ++i)
    for (int j = 0; j < t.half; ++j) {
      const int fy = signed_frequency(i, t.p);
      if (!in_ring(fy, j)) continue;
      const double power = std::norm(spectrum[sz(i) * sz(t.half) + sz(j)]);
      if (power > peak) {
        peak = power;
        peak_y = fy;
        peak_x = j;
      }
    }
  // The ring's power, and the part within one peak width of +k1 or -k1. A stored point with
  // 0 < kx < P/2 stands for its mirror too (weight 2), which is as near -k1 as it is to +k1.
  double ring = 0.0, pair = 0.0;
  for (int i = 0; i < t.p; ++i)
    for (int j = 0; j < t.half; ++j) {
      const int fy = signed_frequency(i, t.p);
      if (!in_ring(fy, j)) continue;
      const double w = (j == 0 || 2 * j == t.p) ? 1.0 : 2.0;
      const double power = w * std::norm(spectrum[sz(i) * sz(t.half) + sz(j)]);
      ring += power;
      const double near =
          std::min(std::hypot(fy - peak_y, j - peak_x), std::hypot(fy + peak_y, j + peak_x));
      if (near <= width) pair += power;
    }
  return ring > 0.0 ? pair / ring : kNaN;
}

bool spacings_disagree(const GridScores& s) {
  return std::abs(s.grid_spacing_m - s.fourier_spacing_m) >
         kSpacingDisagreement * std::min(s.grid_spacing_m, s.fourier_spacing_m);
}

std::vector<GridScores> score_ratemaps(const double* maps, std::size_t count, int nbins,
                                       double box_m, SacMode mode, int threads) {
  if (threads < 1) throw InternalError("score_ratemaps: threads must be at least 1");
  std::vector<GridScores> results(count);
  if (count == 0) return results;
  const GridScorer prototype(nbins, box_m, mode);
  const size_t cells = sz(nbins) * sz(nbins);
  const int used = static_cast<int>(std::min<std::size_t>(sz(threads), count));
  // One scorer per thread, made before the parallel loop (so nothing there can throw while
  // the other threads wait); they share the prototype's tables.
  std::vector<std::unique_ptr<GridScorer>> scorers;
  for (int i = 0; i < used; ++i)
    scorers.push_back(std::make_unique<GridScorer>(prototype));
  const long long total = static_cast<long long>(count);
#pragma omp parallel for num_threads(used) schedule(dynamic, 8)
  for (long long i = 0; i < total; ++i)
    results[sz(i)] = scorers[sz(omp_get_thread_num())]->score(maps + sz(i) * cells);
  return results;
}

} // namespace gridtheory
