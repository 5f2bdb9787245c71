// Grid scores of square ratemaps: DeepMind's rotational scores, the BNT/opexebo gridness, grid
// spacing and orientation from the autocorrelogram's peaks, and a Fourier spacing.
//
// Conventions (docs/CONVENTIONS.md, "Ratemaps" and "Grid scores"). A ratemap is nbins x nbins,
// row-major [row][col] = [y][x], over a square box of side L metres (bin size L/nbins);
// non-finite bins are unvisited.
// Distances and angles on the SAC are measured from its centre pixel in bins, dx along columns
// (+x) and dy along rows (+y = increasing row index).
//
// - SAC: numerics/sac.hpp, in the scorer's SacMode (deepmind: unvisited bins are rate 0;
//   nan_aware: they are left out). Lags without a correlation (NaN in nan_aware mode) are
//   treated as 0 by everything below (rotation, rings, peaks).
// - score_60, score_90, score_60_minmax (DeepMind's scores.py; the peer numpy_gridscore.py):
//   the SAC rotated by 30, 45, 60, 90, 120, 135, 150 degrees as scipy.ndimage.rotate(sac, a,
//   reshape=False) does (cubic B-spline, zeros outside; numerics/spline_rotate.hpp). Ten ring
//   masks in SAC pixels: (0.2 n)^2 < d^2 <= (r_k n)^2 with r_k = linspace(0.4, 1.0, 10)
//   (NumPy's linspace arithmetic, so the boundary pixels are NumPy's). Per ring, with A the
//   ring's pixel count, mu = sum(S)/A, var = sum((S - mu)^2)/A + 1e-5, the correlation at angle a
//   is c_a = sum((S - mu)(R_a - mu))/A / var (R_a the rotated SAC; DeepMind's formula, not a
//   Pearson of R_a with its own mean). Per ring: score_60 = mean(c60, c120) - mean(c30, c90,
//   c150); score_90 = c90 - mean(c45, c135); score_60_minmax = min(c60, c120) - max(c30, c90,
//   c150) (NFL). Each score is its maximum over the ten rings.
// - gridness_bnt (BNT analyses.gridnessScore / opexebo grid_score): the central field is the
//   4-connected region of SAC > 0 around the centre pixel; its radius r_c = floor(sqrt(area /
//   pi)) with area its pixel count (BNT: the area inside the SAC's zero contour). r_c < 2: NaN.
//   For each radius r = r_c+1, ..., n the disc r_c < d < r gives g(r) = min(c60, c120) -
//   max(c30, c90, c150), where c_a is the Pearson correlation over the disc between the SAC and
//   the SAC rotated by a with bilinear interpolation (order 1, zeros outside, as BNT's
//   imrotate(..., 'bilinear', 'crop')). With N radii and M = max(N - 3, 1): M == 1 gives the
//   nan-mean of all g; otherwise the largest nan-mean of g over the windows of 3 consecutive
//   radii starting at the first M radii (BNT's loop, which leaves out the window ending at the
//   largest radius). This follows BNT's MATLAB; opexebo's port differs in details (radii
//   max(3, r_c+1) .. n-1, only r_c = 0 invalid, the central field from its place-field search).
// - grid_spacing_m, orientation_deg: the SAC's local maxima (strict 8-neighbour maxima, plateau
//   ties to the first in raster order) above 0.1, outside the central field, each refined to
//   sub-pixel by a parabola through its row and its column neighbours; the six nearest the
//   centre (at least 3 are needed, else NaN). grid_spacing_m = median distance x L/nbins.
//   orientation_deg = the smallest of the peaks' angles atan2(dy, dx) taken modulo 60, in
//   [0, 60): 0 means a peak along +x (the columns); positive angles turn from +x towards +y
//   (down the rows as displayed with row 0 on top).
// - fourier_spacing_m: the power spectrum of the ratemap (unvisited bins set to the mean of the
//   visited ones, mean subtracted), zero-padded to the SAC's FFT size P; its radial profile
//   (the total power in shells of width one frequency index, |k| rounded: the 1-D spectrum
//   E(k)) has its largest value between one cycle per box and the Nyquist frequency at index b,
//   refined by a parabola through b-1, b, b+1 to r; k_peak = 2 pi r / (P L/nbins) rad/m and the
//   spacing is 4 pi / (sqrt(3) k_peak) metres (docs/CONVENTIONS.md, "Wavelength and grid
//   spacing": spacing = 1.155 x wavelength). The shell total, not the shell mean: a lattice's
//   power sits in six blobs as wide as the box's window, and dividing by the shell's
//   circumference (~k) would pull their peak to lower k (+2.5% spacing on average on ideal
//   lattices at 20-44 bins in a 2.2 m box; the total: +0.3%, at most ~5% with under 3 periods
//   per box). The SAC spacing is the accurate one (< 1%).
// - stripe_score: on the ratemap's power spectrum as above, the ring of points within one peak
//   width (P/n padded indices, one frequency index of the map) of the peak radius r; k1 its
//   strongest point. The share of the ring's power within one peak width of +k1 or -k1: 1 for
//   stripes (one plane wave), ~1/2 for a square lattice (two), ~1/3 for a hexagonal one (three),
//   small for maps without a periodic pattern. NaN when the spectrum has no peak.
// - nfl_period_m, nfl_period_err_m: NFL's period estimator, exactly (numerics/nfl_period.hpp).
// - ellipse_aspect, ellipse_angle_deg, spacing_1_m..spacing_3_m, orientation_1_deg..
//   orientation_3_deg, field_count: numerics/lattice_stats.hpp, from the six peaks above and the
//   ratemap's field centres (field_count 0 when no bin qualifies).
// spacings_disagree(): the SAC and Fourier spacings differ by more than 15% of the smaller, the
// sign of a peak picker that took the outer ring of SAC peaks (or of a map that is no lattice).
// A map with fewer than 2 valid bins, or whose valid bins all hold one value, gets NaN for all.
#pragma once

#include "numerics/nfl_period.hpp"
#include "numerics/sac.hpp"
#include "numerics/spline_rotate.hpp"

#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace gridtheory {

struct FieldCentre; // numerics/lattice_stats.hpp

// The scores of one ratemap; NaN where undefined.
struct GridScores {
  double score_60;
  double score_60_minmax;
  double score_90;
  double gridness_bnt;
  double grid_spacing_m;
  double orientation_deg;
  double fourier_spacing_m;
  double stripe_score;
  double nfl_period_m;
  double nfl_period_err_m;
  // Lattice statistics (numerics/lattice_stats.hpp): the ellipse through the six inner SAC
  // peaks, the three axes' spacings and orientations (by orientation), the ratemap's fields.
  double ellipse_aspect;
  double ellipse_angle_deg;
  double spacing_1_m;
  double spacing_2_m;
  double spacing_3_m;
  double orientation_1_deg;
  double orientation_2_deg;
  double orientation_3_deg;
  double field_count;
};

// Vertex of the parabola through (-1, fm), (0, f0), (1, fp), clamped to [-0.5, 0.5]; 0 when the
// three points do not bend downwards: the sub-bin refinement of SAC peaks and field centres.
double parabola_offset(double fm, double f0, double fp);

// The relative difference of the SAC and Fourier spacings above which a unit is flagged.
inline constexpr double kSpacingDisagreement = 0.15;
// True when both spacings exist and differ by more than kSpacingDisagreement of the smaller.
bool spacings_disagree(const GridScores& s);

// The rotation angles of DeepMind's scorer, degrees.
inline constexpr std::array<double, 7> deepmind_angles_deg{30, 45, 60, 90, 120, 135, 150};

// Scores nbins x nbins ratemaps. Construction allocates every mask, rotation table, FFT plan
// and buffer; score() allocates nothing. One instance per thread: a copy shares the immutable
// tables and gets its own buffers.
class GridScorer {
public:
  // nbins >= 3, box_m > 0 and finite (throws InternalError otherwise).
  GridScorer(int nbins, double box_m, SacMode mode);
  GridScorer(const GridScorer& other);
  GridScorer& operator=(const GridScorer&) = delete;
  ~GridScorer();

  int nbins() const;
  double box_m() const;
  double bin_m() const { return box_m() / nbins(); }
  SacMode mode() const { return sac_.mode(); }

  // `ratemap`: nbins*nbins values, row-major [y][x].
  GridScores score(const double* ratemap);

  // Diagnostics of the last score() call.
  struct Peak {
    double dy; // rows from the SAC centre, sub-pixel (bins)
    double dx; // columns from the SAC centre, sub-pixel (bins)
    double value;
  };
  // The SAC as scored ((2n-1)^2, lags without a correlation as 0).
  const std::vector<double>& sac() const { return sac_zero_; }
  // The peaks used for spacing and orientation, nearest first (at most 6).
  const std::vector<Peak>& peaks() const { return chosen_; }
  // Per ring (10): the DeepMind correlations c_a in the order of deepmind_angles_deg.
  const std::vector<std::array<double, 7>>& ring_correlations() const { return ring_corr_; }
  // The ratemap's field centres (numerics/lattice_stats.hpp), in raster order.
  const std::vector<struct FieldCentre>& fields() const { return fields_; }
  // The BNT central field radius in bins (0 when the SAC had none).
  int central_radius() const { return central_radius_; }

private:
  struct Tables;
  std::shared_ptr<const Tables> tables_;
  Autocorrelogram sac_;
  SplineCoefficients cubic_;
  SplineCoefficients linear_;
  std::vector<double> sac_raw_, sac_zero_, values_;
  std::vector<std::vector<double>> rotated_cubic_, rotated_linear_;
  std::vector<unsigned char> in_centre_;
  std::vector<std::int32_t> stack_;
  std::vector<Peak> candidates_, chosen_;
  std::vector<double> gns_, power_;
  std::vector<std::array<double, 7>> ring_corr_;
  std::vector<struct FieldCentre> fields_;
  std::unique_ptr<NflPeriodEstimator> nfl_;
  int central_radius_ = 0;

  void rotational_scores(GridScores& out);
  void bnt_gridness(GridScores& out);
  void spacing_orientation(GridScores& out);
  void fourier_spacing(GridScores& out);
  double stripe_score(const std::complex<double>* spectrum, double r) const;
};

// Scores `count` maps stored one after another (count x nbins x nbins) with `threads` threads
// (one GridScorer each, sharing the tables); results in input order.
std::vector<GridScores> score_ratemaps(const double* maps, std::size_t count, int nbins,
                                       double box_m, SacMode mode, int threads);

} // namespace gridtheory
