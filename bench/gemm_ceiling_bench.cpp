// What limits the training step: the throughput one core gets from an ideal single-precision
// GEMM inner loop on this CPU, against OpenBLAS's sgemm at the trainer's shapes.
// - kernel: a 6 x 16 register-blocked FMA loop (12 accumulators, two 8-float loads of B and six
//   broadcasts of A per k), its panels resident in L1: no packing, no cache misses. No real
//   GEMM is faster per core than this loop.
// - sgemm: OpenBLAS (the library src/train/gemm.cpp calls), single thread, at 2048^3 and at the
//   recurrence's per-thread shape (100 x 1024 x 1024, B transposed).
// Usage: bench_gemm_ceiling [--reps N]   (run by bench/rnn_step.sh, which needs AVX2 + FMA)
#include <algorithm>
#include <cblas.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <immintrin.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// C (6 x 16, summed into `c`) += A panel (k x 6) times B panel (k x 16).
__attribute__((noinline)) void kernel_6x16(int k, const float* a, const float* b, float* c) {
  __m256 acc[6][2];
  for (auto& row : acc)
    row[0] = row[1] = _mm256_setzero_ps();
  for (int p = 0; p < k; ++p) {
    const __m256 b0 = _mm256_load_ps(b + 16 * p), b1 = _mm256_load_ps(b + 16 * p + 8);
    for (int r = 0; r < 6; ++r) {
      const __m256 ar = _mm256_broadcast_ss(a + 6 * p + r);
      acc[r][0] = _mm256_fmadd_ps(ar, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(ar, b1, acc[r][1]);
    }
  }
  __m256 sum = _mm256_setzero_ps();
  for (auto& row : acc)
    sum = _mm256_add_ps(sum, _mm256_add_ps(row[0], row[1]));
  _mm256_storeu_ps(c, _mm256_add_ps(_mm256_loadu_ps(c), sum));
}

double kernel_gflops(int reps) {
  constexpr int k = 256; // 6 + 16 floats x 256 = 22 KiB: both panels stay in L1
  alignas(64) static float a[6 * k], b[16 * k];
  float c[8] = {};
  std::fill(a, a + 6 * k, 1e-3f);
  std::fill(b, b + 16 * k, 1e-3f);
  const long calls = 200000;
  double best = 0;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    for (long i = 0; i < calls; ++i)
      kernel_6x16(k, a, b, c);
    best = std::max(best, 2.0 * 6 * 16 * k * static_cast<double>(calls) / seconds_since(t0) / 1e9);
  }
  if (!(c[0] > 0)) std::abort(); // keeps the loop from being optimised away
  return best;
}

double sgemm_gflops(int m, int n, int k, bool trans_b, int reps) {
  std::vector<float> a(static_cast<size_t>(m) * k, 0.5f), b(static_cast<size_t>(k) * n, 0.25f),
      c(static_cast<size_t>(m) * n);
  const auto call = [&] {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, m, n, k, 1.0f,
                a.data(), k, b.data(), trans_b ? k : n, 0.0f, c.data(), n);
  };
  call();
  double best = 0;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    call();
    best = std::max(best, 2.0 * m * n * static_cast<double>(k) / seconds_since(t0) / 1e9);
  }
  return best;
}

} // namespace

int main(int argc, char** argv) {
  int reps = 5;
  for (int i = 1; i + 1 < argc; i += 2)
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));
  std::printf("gemm ceiling (1 core, best of %d): ideal 6x16 L1 kernel %.1f GFLOP/s\n", reps,
              kernel_gflops(reps));
  std::printf("gemm ceiling (1 core, best of %d): OpenBLAS sgemm 2048^3 %.1f GFLOP/s, "
              "100x1024x1024 (B^T) %.1f GFLOP/s\n",
              reps, sgemm_gflops(2048, 2048, 2048, false, reps),
              sgemm_gflops(100, 1024, 1024, true, 3 * reps));
}
