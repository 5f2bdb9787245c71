// Complex 2-D DFTs of four independent n x n fields at once, one per SIMD lane: the transform
// behind the pattern solver's convolutions (numerics/pattern_dynamics.hpp).
//
// Layout. A field of LaneComplex values, row-major `[y][x]` (docs/CONVENTIONS.md, "Ratemaps");
// lane l of every value belongs to field l, so the four transforms never mix.
//
// Definition. With s = -1 (forward) or +1 (backward), unnormalised, as FFTW's FFTW_FORWARD and
// FFTW_BACKWARD:
//     out[ky][kx] = sum_{y, x} in[y][x] exp(s 2 pi i (ky y + kx x) / n)
// so backward(forward(f)) = n^2 f.
//
// Algorithm. Stockham autosort (self-sorting, natural order in and out), mixed radix: radices
// 2, 3, 4, 5, 7, 11 and 13 have unrolled butterflies (odd ones by the symmetric-pair formula),
// any other prime factor p a direct p-point DFT (O(p) work per point and pass). Vectorising
// across lanes (independent transforms) rather than within one transform needs no shuffles for
// any n, so odd sizes (the peer's 55 = 5 x 11) run as fast as powers of two. Rows are
// transformed one by one, then the columns with whole rows as the unit (the inner loop runs
// along x). Twiddles are computed once, in the constructor; a transform allocates nothing.
#pragma once

#include <cstddef>
#include <vector>

namespace gridtheory {

// Four doubles, one per SIMD lane (GCC/Clang vector extension; AVX2: one register).
typedef double Lanes __attribute__((vector_size(32)));

// Four complex numbers: lane l is re[l] + i im[l].
struct LaneComplex {
  Lanes re, im;
};

struct LaneFftStage; // one Stockham pass: a radix and its twiddles (lane_fft.cpp)

class LaneFft {
public:
  // Plans both directions for n x n fields, n >= 1 (InternalError otherwise).
  explicit LaneFft(int n);
  ~LaneFft();
  LaneFft(const LaneFft&) = delete;
  LaneFft& operator=(const LaneFft&) = delete;

  int size() const { return static_cast<int>(n_); }

  // The 2-D DFT of the n x n values at `src` into `dst`, which may be `src` (in place);
  // `scratch` holds n * n values and must not overlap either. Exponent sign -1 (forward) or +1
  // (backward), unnormalised.
  void forward(const LaneComplex* src, LaneComplex* dst, LaneComplex* scratch) const;
  void backward(const LaneComplex* src, LaneComplex* dst, LaneComplex* scratch) const;

private:
  std::size_t n_;
  std::vector<LaneFftStage> forward_;
  std::vector<LaneFftStage> backward_;
};

} // namespace gridtheory
