// Real-to-complex 2-D FFT of square fields, planned once and reused (FFTW3). One instance per
// thread: forward/inverse use the instance's own buffers.
// Layout convention for every field in the project: row-major, index [row][col] = [y][x].
#pragma once

#include <complex>
#include <vector>

namespace gridtheory {

class RealFft2 {
public:
  // Plans an n x n transform (FFTW_ESTIMATE; planning is serialised, execution is not).
  explicit RealFft2(int n);
  ~RealFft2();
  RealFft2(const RealFft2&) = delete;
  RealFft2& operator=(const RealFft2&) = delete;

  int n() const { return n_; }
  int half() const { return n_ / 2 + 1; } // columns of the half spectrum

  // Unnormalised forward DFT: out[ky * half() + kx] = sum_{y,x} f[y][x] e^{-2 pi i (ky y + kx
  // x)/n}. `in` holds n*n values, `out` n*half(); neither is modified beyond `out`.
  void forward(const double* in, std::complex<double>* out);

  // Unnormalised inverse of forward(): out[y][x] = sum_{ky,kx} in[ky][kx] e^{+2 pi i (...)/n},
  // so inverse(forward(f)) = n*n*f. `in` holds n*half() values (Hermitian half spectrum).
  void inverse(const std::complex<double>* in, double* out);

private:
  int n_;
  double* in_;
  std::complex<double>* out_;
  void* plan_;
  void* inverse_plan_;
};

// Signed frequency index of DFT bin i of an n-point transform: 0..n/2 then -(n/2-1)..-1.
inline int signed_frequency(int i, int n) {
  return i <= n / 2 ? i : i - n;
}

} // namespace gridtheory
