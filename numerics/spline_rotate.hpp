// Rotation of square images about their centre with B-spline interpolation, reproducing
// scipy.ndimage.rotate(image, angle_deg, reshape=False, order=3 (or 1), mode='constant',
// cval=0, prefilter=True) of SciPy 1.10 to rounding (tested against SciPy's own numbers).
//
// What SciPy does, and so what this does (size S, centre c = (S-1)/2, [row][col] layout):
//  - order 3: the image is first turned into cubic B-spline coefficients by the recursive
//    filter (pole sqrt(3)-2, gain 6) with *mirror* boundaries (x[-i] = x[i],
//    x[S-1+i] = x[S-1-i]): SciPy prefilters mode='constant' with the mirror rule. Order 1 needs
//    no prefilter (the coefficients are the pixels).
//  - output pixel (r, q) samples the spline at the source point
//        r' = cos(a) r + sin(a) q + o_r,   q' = -sin(a) r + cos(a) q + o_q,
//    with (o_r, o_q) chosen so the centre maps to itself; cos/sin of multiples of 90 degrees
//    are exact (SciPy uses cosdg/sindg). Displayed with row 0 at the top (imshow), positive
//    angles turn the picture counter-clockwise.
//  - a source point with r' or q' outside [0, S-1] gives cval = 0 (no extrapolation); inside,
//    spline taps that fall off the image read the mirror-extended coefficients.
//
// The map from image to rotated image is linear and fixed per (size, angle, order), so
// ImageRotation precomputes for every output pixel its tap block and separable weights once;
// apply() is then a sparse weighted sum (4 x 4 taps for order 3, 2 x 2 for order 1) over the
// coefficients that SplineCoefficients::compute() prepares once per image and shares among
// all angles.
#pragma once

#include <cstdint>
#include <vector>

namespace gridtheory {

// cos and sin of an angle in degrees, exact at multiples of 90 degrees (reduced to within 45
// degrees of the nearest multiple of 90 before converting to radians, like SciPy's cosdg/sindg).
void cos_sin_degrees(double angle_deg, double& c, double& s);

// The B-spline coefficients of one size x size image, stored with a mirror-extended border
// (one pixel before and two after each axis) so that every tap of an in-range sample is a
// plain read. One instance per thread; compute() allocates nothing.
class SplineCoefficients {
public:
  SplineCoefficients(int size, int order); // order 1 or 3; size >= 1
  // Prefilters (order 3) or copies (order 1) `image` (size*size values, row-major).
  void compute(const double* image);

  int size() const { return size_; }
  int order() const { return order_; }
  int stride() const { return size_ + 3; }
  // Coefficient (i, j), i and j in [-1, size+1], is padded()[(i+1)*stride() + (j+1)].
  const double* padded() const { return padded_.data(); }

private:
  int size_;
  int order_;
  std::vector<double> padded_;
  std::vector<double> work_;       // size x size coefficients before padding
  std::vector<double> transposed_; // scratch of the prefilter
  std::vector<double> start_;      // scratch of the prefilter
};

// Rotation by a fixed angle of size x size images, with every output pixel's taps and weights
// precomputed. Immutable after construction: share one instance among threads.
class ImageRotation {
public:
  // `pixels`: flat output indices (row * size + col) to compute, in the order apply() writes
  // them; empty means every pixel in raster order.
  ImageRotation(int size, double angle_deg, int order = 3, std::vector<std::int32_t> pixels = {});

  int size() const { return size_; }
  int order() const { return order_; }
  double angle_deg() const { return angle_deg_; }
  std::size_t count() const { return pixels_.size(); }
  const std::vector<std::int32_t>& pixels() const { return pixels_; }

  // out[k] = rotated image at pixels()[k]. `coefficients` must have this size and order.
  void apply(const SplineCoefficients& coefficients, double* out) const;

private:
  struct Tap {         // order 3: a 4 x 4 block of coefficients, separable weights
    std::int32_t base; // padded index of the block's first tap; -1: source outside, value 0
    double wy[4];      // weights along rows
    double wx[4];      // weights along columns
  };
  struct LinearTap { // order 1: a 2 x 2 block, weights (1 - ty, ty) x (1 - tx, tx)
    std::int32_t base;
    double ty;
    double tx;
  };
  int size_;
  int order_;
  double angle_deg_;
  std::vector<std::int32_t> pixels_;
  std::vector<Tap> taps_;              // order 3
  std::vector<LinearTap> linear_taps_; // order 1
};

// Convenience for one image (allocates): the whole rotated image, size*size values.
std::vector<double> rotate_image(const double* image, int size, double angle_deg, int order = 3);

} // namespace gridtheory
