// The lane FFT (numerics/lane_fft.hpp) against FFTW's complex 2-D DFT on random fields, for
// powers of two, the solver's sizes (55 = 5 x 11, its default; 88, README's 4.4 m run), mixed
// radices and primes without an unrolled butterfly, both directions, in place and not; and one
// case worked by hand.
#include "numerics/lane_fft.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstddef>
#include <fftw3.h>
#include <random>
#include <vector>

using namespace gridtheory;

namespace {

constexpr int kLanes = 4;

std::vector<LaneComplex> random_field(int n, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<LaneComplex> f(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
  for (LaneComplex& v : f)
    for (int l = 0; l < kLanes; ++l) {
      v.re[l] = u(gen);
      v.im[l] = u(gen);
    }
  return f;
}

// FFTW's unnormalised complex 2-D DFT of one lane of `f` (FFTW_FORWARD: exponent -1).
std::vector<std::complex<double>> fftw_lane(const std::vector<LaneComplex>& f, int n, int lane,
                                            int sign) {
  const std::size_t count = f.size();
  fftw_complex* in = fftw_alloc_complex(count);
  fftw_complex* out = fftw_alloc_complex(count);
  const fftw_plan plan = fftw_plan_dft_2d(n, n, in, out, sign, FFTW_ESTIMATE);
  for (std::size_t i = 0; i < count; ++i) {
    in[i][0] = f[i].re[lane];
    in[i][1] = f[i].im[lane];
  }
  fftw_execute(plan);
  std::vector<std::complex<double>> result(count);
  for (std::size_t i = 0; i < count; ++i)
    result[i] = {out[i][0], out[i][1]};
  fftw_destroy_plan(plan);
  fftw_free(in);
  fftw_free(out);
  return result;
}

// max |ours - FFTW| / max |FFTW| over every bin and lane.
double relative_error(const std::vector<LaneComplex>& ours, const std::vector<LaneComplex>& input,
                      int n, int sign) {
  double err = 0.0, scale = 0.0;
  for (int l = 0; l < kLanes; ++l) {
    const std::vector<std::complex<double>> want = fftw_lane(input, n, l, sign);
    for (std::size_t i = 0; i < want.size(); ++i) {
      err = std::max(err, std::abs(std::complex<double>(ours[i].re[l], ours[i].im[l]) - want[i]));
      scale = std::max(scale, std::abs(want[i]));
    }
  }
  return err / scale;
}

} // namespace

TEST_CASE("lane FFT equals FFTW's complex 2-D DFT in both directions", "[lane_fft]") {
  // 17, 19 and 34 = 2 x 17 use the direct p-point DFT; 12, 20, 96 and 210 = 2 x 3 x 5 x 7 mix
  // radices; 143 = 11 x 13 takes the two largest unrolled butterflies; 55 and 88 are sizes the
  // pattern solver runs.
  const int n = GENERATE(1, 2, 3, 8, 12, 17, 19, 20, 34, 55, 64, 88, 96, 128, 143, 210);
  const unsigned seed = static_cast<unsigned>(n);
  const LaneFft fft(n);
  REQUIRE(fft.size() == n);
  const std::vector<LaneComplex> input = random_field(n, seed);
  std::vector<LaneComplex> out(input.size()), scratch(input.size());
  INFO("n = " << n);

  fft.forward(input.data(), out.data(), scratch.data());
  CHECK(relative_error(out, input, n, FFTW_FORWARD) < 1e-12);
  fft.backward(input.data(), out.data(), scratch.data());
  CHECK(relative_error(out, input, n, FFTW_BACKWARD) < 1e-12);

  // In place gives the same bits, and backward(forward(f)) = n^2 f.
  std::vector<LaneComplex> forward_copy(input.size());
  fft.forward(input.data(), forward_copy.data(), scratch.data());
  std::vector<LaneComplex> in_place = input;
  fft.forward(in_place.data(), in_place.data(), scratch.data());
  bool same = true;
  for (std::size_t i = 0; i < input.size(); ++i)
    for (int l = 0; l < kLanes; ++l)
      same = same && in_place[i].re[l] == forward_copy[i].re[l] &&
             in_place[i].im[l] == forward_copy[i].im[l];
  CHECK(same);
  fft.backward(in_place.data(), in_place.data(), scratch.data());
  const double n2 = static_cast<double>(n) * static_cast<double>(n);
  double round_trip = 0.0;
  for (std::size_t i = 0; i < input.size(); ++i)
    for (int l = 0; l < kLanes; ++l)
      round_trip = std::max({round_trip, std::abs(in_place[i].re[l] / n2 - input[i].re[l]),
                             std::abs(in_place[i].im[l] / n2 - input[i].im[l])});
  CHECK(round_trip < 1e-13);
}

TEST_CASE("lane FFT of [1, 2, 3, 4] along one row and one column, worked by hand", "[lane_fft]") {
  // f[0][x] = c (1, 2, 3, 4), zero elsewhere: the y sum has one term, so every row of the
  // forward transform is c times the 1-D DFT of [1, 2, 3, 4], X_k = sum_x f_x (-i)^(k x):
  //   X_0 = 10, X_1 = 1 - 2i - 3 + 4i = -2 + 2i, X_2 = 1 - 2 + 3 - 4 = -2,
  //   X_3 = 1 + 2i - 3 - 4i = -2 - 2i.
  // Lane l carries c = (l + 1) + i (l - 1), so the lanes must stay apart. The backward
  // transform (exponent +1) conjugates the roots: X_1 = -2 - 2i, X_3 = -2 + 2i. The same
  // signal down column 0 puts the 1-D DFT down every column.
  const LaneFft fft(4);
  const std::complex<double> dft[4] = {{10, 0}, {-2, 2}, {-2, 0}, {-2, -2}};
  for (const bool along_x : {true, false})
    for (const int sign : {-1, 1}) {
      std::vector<LaneComplex> f(16), out(16), scratch(16);
      for (auto& v : f)
        for (int l = 0; l < kLanes; ++l)
          v.re[l] = v.im[l] = 0.0;
      for (int x = 0; x < 4; ++x) {
        LaneComplex& v = f[static_cast<std::size_t>(along_x ? x : 4 * x)];
        for (int l = 0; l < kLanes; ++l) {
          v.re[l] = (x + 1) * (l + 1.0);
          v.im[l] = (x + 1) * (l - 1.0);
        }
      }
      if (sign < 0)
        fft.forward(f.data(), out.data(), scratch.data());
      else
        fft.backward(f.data(), out.data(), scratch.data());
      INFO("along " << (along_x ? "x" : "y") << ", sign " << sign);
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
          const int k = along_x ? x : y;
          const std::complex<double> want1 = sign < 0 ? dft[k] : std::conj(dft[k]);
          for (int l = 0; l < kLanes; ++l) {
            const std::complex<double> c(l + 1.0, l - 1.0);
            const std::complex<double> want = c * want1;
            const LaneComplex& v = out[static_cast<std::size_t>(4 * y + x)];
            CHECK(v.re[l] == Approx(want.real()).epsilon(0.0).margin(1e-12));
            CHECK(v.im[l] == Approx(want.imag()).epsilon(0.0).margin(1e-12));
          }
        }
    }
}

TEST_CASE("lane FFT refuses a size below 1", "[lane_fft]") {
  CHECK_THROWS_AS(LaneFft(0), InternalError);
  CHECK_THROWS_AS(LaneFft(-4), InternalError);
}
