#include "src/train/gemm.hpp"

#include <algorithm>
#include <cblas.h>
#include <omp.h>

namespace gridtheory::train {

namespace {

// OpenBLAS's OpenMP build runs single-threaded inside an OpenMP parallel region, so each thread
// below gets a serial kernel. (Do not call openblas_set_num_threads: in that build it sets
// OpenMP's own thread count for the whole process.)

template <typename Scalar, typename Kernel>
void split_rows(bool trans_a, Eigen::Index m, Eigen::Index n, Eigen::Index k, const Scalar* a,
                Eigen::Index lda, Scalar* c, Eigen::Index ldc, Kernel kernel) {
  if (m <= 0 || n <= 0) return;
  const auto rows_of = [&](int part, int parts) {
    const Eigen::Index base = m / parts, extra = m % parts;
    const Eigen::Index begin = part * base + std::min<Eigen::Index>(part, extra);
    return std::pair{begin, begin + base + (part < extra ? 1 : 0)};
  };
  const auto block = [&](int part, int parts) {
    const auto [r0, r1] = rows_of(part, parts);
    if (r1 <= r0) return;
    // Rows r0.. of op(A): rows of A, or columns of A when it is transposed.
    const Scalar* a0 = trans_a ? a + r0 : a + r0 * lda;
    kernel(r1 - r0, a0, c + r0 * ldc);
  };
  const int threads = omp_in_parallel() ? 1 : std::max(1, omp_get_max_threads());
  // Below ~64k multiply-adds a team costs more than it saves.
  if (threads == 1 || m < 2 * threads || m * n * k < 65536) {
    block(0, 1);
    return;
  }
#pragma omp parallel num_threads(threads)
  block(omp_get_thread_num(), omp_get_num_threads());
}

} // namespace

void gemm(bool trans_a, bool trans_b, Eigen::Index m, Eigen::Index n, Eigen::Index k, float alpha,
          const float* a, Eigen::Index lda, const float* b, Eigen::Index ldb, float beta, float* c,
          Eigen::Index ldc) {
  split_rows(trans_a, m, n, k, a, lda, c, ldc, [&](Eigen::Index rows, const float* a0, float* c0) {
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(rows), static_cast<int>(n),
                static_cast<int>(k), alpha, a0, static_cast<int>(lda), b, static_cast<int>(ldb),
                beta, c0, static_cast<int>(ldc));
  });
}

void gemm(bool trans_a, bool trans_b, Eigen::Index m, Eigen::Index n, Eigen::Index k, double alpha,
          const double* a, Eigen::Index lda, const double* b, Eigen::Index ldb, double beta,
          double* c, Eigen::Index ldc) {
  split_rows(
      trans_a, m, n, k, a, lda, c, ldc, [&](Eigen::Index rows, const double* a0, double* c0) {
        cblas_dgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                    trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(rows),
                    static_cast<int>(n), static_cast<int>(k), alpha, a0, static_cast<int>(lda), b,
                    static_cast<int>(ldb), beta, c0, static_cast<int>(ldc));
      });
}

} // namespace gridtheory::train
