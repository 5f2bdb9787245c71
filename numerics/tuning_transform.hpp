// The 2-D Fourier transform of one tuning curve computed on a grid with the FFT: an
// independent check of theory/spectrum's closed forms, and the spectrum of tuning shapes
// that have none.
#pragma once

#include "theory/encoding.hpp"

#include <vector>

namespace gridtheory {

struct GriddedTransformPoint {
  double k_per_m;   // |k| of the DFT bin
  double amplitude; // real part of p~(k) (the tuning curves are even, so it is real)
};

// Samples the tuning curve (fixed sigma, surround ratio) centred on an n x n grid spanning
// `extent_m` per side, and returns p~ along the +kx axis: k = 2 pi m / extent_m, m = 0..n/2.
// The grid spacing must resolve the field and the extent must hold it (caller's choice).
std::vector<GriddedTransformPoint> gridded_transform_along_kx(const Encoding& enc, double sigma_m,
                                                              double surround_ratio,
                                                              double extent_m, int n);

} // namespace gridtheory
