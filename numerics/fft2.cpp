#include "numerics/fft2.hpp"

#include "theory/errors.hpp"

#include <algorithm>
#include <cstring>
#include <fftw3.h>
#include <mutex>

namespace gridtheory {

namespace {
std::mutex& planner_mutex() {
  static std::mutex m; // FFTW's planner is not thread safe
  return m;
}
} // namespace

RealFft2::RealFft2(int n) : n_(n) {
  if (n < 2) throw InternalError("RealFft2: size must be at least 2");
  const size_t real_count = static_cast<size_t>(n) * static_cast<size_t>(n);
  const size_t complex_count = static_cast<size_t>(n) * static_cast<size_t>(half());
  in_ = fftw_alloc_real(real_count);
  out_ = reinterpret_cast<std::complex<double>*>(fftw_alloc_complex(complex_count));
  std::lock_guard<std::mutex> lock(planner_mutex());
  plan_ = fftw_plan_dft_r2c_2d(n, n, in_, reinterpret_cast<fftw_complex*>(out_), FFTW_ESTIMATE);
  // c2r destroys its input; plan it on the same buffers (forward and inverse copy in and out).
  inverse_plan_ =
      fftw_plan_dft_c2r_2d(n, n, reinterpret_cast<fftw_complex*>(out_), in_, FFTW_ESTIMATE);
  if (!plan_ || !inverse_plan_) {
    if (plan_) fftw_destroy_plan(static_cast<fftw_plan>(plan_));
    if (inverse_plan_) fftw_destroy_plan(static_cast<fftw_plan>(inverse_plan_));
    fftw_free(in_);
    fftw_free(out_);
    throw InternalError("RealFft2: FFTW could not plan the transform");
  }
}

RealFft2::~RealFft2() {
  {
    std::lock_guard<std::mutex> lock(planner_mutex());
    fftw_destroy_plan(static_cast<fftw_plan>(plan_));
    fftw_destroy_plan(static_cast<fftw_plan>(inverse_plan_));
  }
  fftw_free(in_);
  fftw_free(out_);
}

void RealFft2::forward(const double* in, std::complex<double>* out) {
  const size_t real_count = static_cast<size_t>(n_) * static_cast<size_t>(n_);
  std::memcpy(in_, in, real_count * sizeof(double));
  fftw_execute(static_cast<fftw_plan>(plan_));
  std::copy_n(out_, static_cast<size_t>(n_) * static_cast<size_t>(half()), out);
}

void RealFft2::inverse(const std::complex<double>* in, double* out) {
  const size_t complex_count = static_cast<size_t>(n_) * static_cast<size_t>(half());
  std::copy_n(in, complex_count, out_);
  fftw_execute(static_cast<fftw_plan>(inverse_plan_));
  std::memcpy(out, in_, static_cast<size_t>(n_) * static_cast<size_t>(n_) * sizeof(double));
}

} // namespace gridtheory
