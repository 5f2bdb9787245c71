// Matrix products of the trainer: C = alpha op(A) op(B) + beta C on row-major Eigen storage,
// computed by OpenBLAS's single-threaded kernels with the rows of C split evenly over the OpenMP
// threads (one contiguous block each).
//
// Why not Eigen's products: on this project's 2-core reference machine (AVX2, no AVX-512)
// Eigen's float GEMM reaches ~60 GFLOP/s a core and does not scale to a second core at the
// trainer's shapes (B x n_g x n_g per time step, T*B x n_g x n_p for the decoder), while
// OpenBLAS's Haswell kernel reaches ~85 a core. Splitting C by rows ourselves gives each core
// the whole of its block (OpenBLAS's own threading does not scale at these sizes either).
// Each element of C is computed by one thread in a fixed order: results are deterministic for a
// given thread count (bench/rnn_step.sh measures the gain).
#pragma once

#include "theory/eigen.hpp"

namespace gridtheory::train {

// C (m x n, row stride ldc) = alpha op(A) op(B) + beta C; op(A) is m x k, op(B) is k x n;
// A and B are row-major with row strides lda and ldb, transposed when trans_* is set.
void gemm(bool trans_a, bool trans_b, Eigen::Index m, Eigen::Index n, Eigen::Index k, float alpha,
          const float* a, Eigen::Index lda, const float* b, Eigen::Index ldb, float beta, float* c,
          Eigen::Index ldc);
void gemm(bool trans_a, bool trans_b, Eigen::Index m, Eigen::Index n, Eigen::Index k, double alpha,
          const double* a, Eigen::Index lda, const double* b, Eigen::Index ldb, double beta,
          double* c, Eigen::Index ldc);

// The same on Eigen row-major matrices, blocks or maps: c = alpha op(a) op(b) + beta c.
template <typename A, typename B, typename C>
void gemm(const A& a, bool trans_a, const B& b, bool trans_b, C&& c,
          typename std::decay_t<C>::Scalar beta = 0, typename std::decay_t<C>::Scalar alpha = 1) {
  static_assert(A::IsRowMajor && B::IsRowMajor && std::decay_t<C>::IsRowMajor,
                "gemm takes row-major storage");
  const Eigen::Index m = c.rows(), n = c.cols(), k = trans_a ? a.rows() : a.cols();
  eigen_assert((trans_a ? a.cols() : a.rows()) == m);
  eigen_assert((trans_b ? b.cols() : b.rows()) == k && (trans_b ? b.rows() : b.cols()) == n);
  gemm(trans_a, trans_b, m, n, k, alpha, a.data(), a.outerStride(), b.data(), b.outerStride(), beta,
       c.data(), c.outerStride());
}

} // namespace gridtheory::train
