// Eigen for the whole project: every translation unit gets Eigen through this header, so the one
// compiler workaround below covers all of them.
#pragma once

// GCC 12 at -O3 with -march=x86-64-v4 (AVX-512) reports a false -Wmaybe-uninitialized inside
// avx512fintrin.h (its `__m512 __Y = __Y;` idiom) wherever Eigen's AVX-512 packets are inlined.
// Silenced for these system headers only; the project's own code keeps the warning.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Core>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
