// The lane FFT (numerics/lane_fft.hpp): planning, the butterflies and the Stockham passes.
#include "numerics/lane_fft.hpp"

#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>

namespace gridtheory {

struct LaneFftStage {
  int radix = 0;
  int sign = -1;               // exponent sign: -1 forward, +1 backward
  size_t m = 0;                // len / radix, len the length this stage splits
  size_t s = 0;                // stride: product of the earlier radices
  std::vector<double> wr, wi;  // twiddles exp(sign 2 pi i pp t / len), [pp * radix + t]
  std::vector<double> root_re; // generic radix: exp(sign 2 pi i j / radix), j < radix
  std::vector<double> root_im;
};

namespace {

using std::size_t;

// cos and sin of 2 pi j k / P for the odd-radix butterflies.
template <int P> struct OddRoots {
  static constexpr int H = (P - 1) / 2;
  double c[H + 1][H + 1];
  double s[H + 1][H + 1];
  OddRoots() {
    for (int k = 1; k <= H; ++k)
      for (int j = 1; j <= H; ++j) {
        const double angle = 2.0 * std::numbers::pi * ((j * k) % P) / P;
        c[k][j] = std::cos(angle);
        s[k][j] = std::sin(angle);
      }
  }
};
template <int P> const OddRoots<P>& odd_roots() {
  static const OddRoots<P> roots;
  return roots;
}

// b = DFT_P(a) with exponent sign Sign: b_t = sum_r a_r exp(Sign 2 pi i r t / P).
template <int P, int Sign>
inline void butterfly(const Lanes* ar, const Lanes* ai, Lanes* br, Lanes* bi) {
  if constexpr (P == 2) {
    br[0] = ar[0] + ar[1];
    bi[0] = ai[0] + ai[1];
    br[1] = ar[0] - ar[1];
    bi[1] = ai[0] - ai[1];
  } else if constexpr (P == 4) {
    const Lanes t0r = ar[0] + ar[2], t0i = ai[0] + ai[2];
    const Lanes t1r = ar[0] - ar[2], t1i = ai[0] - ai[2];
    const Lanes t2r = ar[1] + ar[3], t2i = ai[1] + ai[3];
    const Lanes t3r = ar[1] - ar[3], t3i = ai[1] - ai[3];
    br[0] = t0r + t2r;
    bi[0] = t0i + t2i;
    br[2] = t0r - t2r;
    bi[2] = t0i - t2i;
    // b_1 = t1 + Sign i t3, b_3 = t1 - Sign i t3
    if constexpr (Sign < 0) {
      br[1] = t1r + t3i;
      bi[1] = t1i - t3r;
      br[3] = t1r - t3i;
      bi[3] = t1i + t3r;
    } else {
      br[1] = t1r - t3i;
      bi[1] = t1i + t3r;
      br[3] = t1r + t3i;
      bi[3] = t1i - t3r;
    }
  } else {
    // Odd P: with s_j = a_j + a_{P-j}, d_j = a_j - a_{P-j} (j = 1..H),
    // b_k = a_0 + sum_j s_j cos(2 pi jk/P) + Sign i sum_j d_j sin(2 pi jk/P), b_{P-k} likewise
    // with -Sign.
    constexpr int H = (P - 1) / 2;
    const OddRoots<P>& roots = odd_roots<P>();
    Lanes sr[H], si[H], dr[H], di[H];
    Lanes total_r = ar[0], total_i = ai[0];
    for (int j = 1; j <= H; ++j) {
      sr[j - 1] = ar[j] + ar[P - j];
      si[j - 1] = ai[j] + ai[P - j];
      dr[j - 1] = ar[j] - ar[P - j];
      di[j - 1] = ai[j] - ai[P - j];
      total_r += sr[j - 1];
      total_i += si[j - 1];
    }
    br[0] = total_r;
    bi[0] = total_i;
    for (int k = 1; k <= H; ++k) {
      Lanes cr = ar[0], ci = ai[0], sinr = {0, 0, 0, 0}, sini = {0, 0, 0, 0};
      for (int j = 1; j <= H; ++j) {
        cr += sr[j - 1] * roots.c[k][j];
        ci += si[j - 1] * roots.c[k][j];
        sinr += dr[j - 1] * roots.s[k][j];
        sini += di[j - 1] * roots.s[k][j];
      }
      if constexpr (Sign < 0) { // b_k = c - i sin
        br[k] = cr + sini;
        bi[k] = ci - sinr;
        br[P - k] = cr - sini;
        bi[P - k] = ci + sinr;
      } else {
        br[k] = cr - sini;
        bi[k] = ci + sinr;
        br[P - k] = cr + sini;
        bi[P - k] = ci - sinr;
      }
    }
  }
}

// One Stockham pass x -> y. An "element" of the 1-D transform is `batch` consecutive values
// (the y-pass transforms whole rows at once, so its inner loop runs along x).
template <int P, int Sign>
void run_stage(const LaneFftStage& st, const LaneComplex* x, LaneComplex* y, size_t batch) {
  const size_t m = st.m, s = st.s;
  const bool twiddle = m > 1;
  for (size_t pp = 0; pp < m; ++pp) {
    const double* wr = st.wr.data() + pp * P;
    const double* wi = st.wi.data() + pp * P;
    for (size_t q = 0; q < s; ++q) {
      const LaneComplex* in = x + (q + s * pp) * batch;
      LaneComplex* out = y + (q + s * P * pp) * batch;
      for (size_t b = 0; b < batch; ++b) {
        Lanes ar[P], ai[P], br[P], bi[P];
        for (int r = 0; r < P; ++r) {
          const LaneComplex& e = in[static_cast<size_t>(r) * s * m * batch + b];
          ar[r] = e.re;
          ai[r] = e.im;
        }
        butterfly<P, Sign>(ar, ai, br, bi);
        out[b].re = br[0];
        out[b].im = bi[0];
        for (int t = 1; t < P; ++t) {
          LaneComplex& o = out[static_cast<size_t>(t) * s * batch + b];
          if (twiddle) {
            o.re = br[t] * wr[t] - bi[t] * wi[t];
            o.im = br[t] * wi[t] + bi[t] * wr[t];
          } else {
            o.re = br[t];
            o.im = bi[t];
          }
        }
      }
    }
  }
}

// Any radix: a direct DFT per butterfly, inputs read from memory.
void run_stage_generic(const LaneFftStage& st, const LaneComplex* x, LaneComplex* y, size_t batch) {
  const size_t m = st.m, s = st.s;
  const size_t P = static_cast<size_t>(st.radix);
  for (size_t pp = 0; pp < m; ++pp)
    for (size_t q = 0; q < s; ++q) {
      const LaneComplex* in = x + (q + s * pp) * batch;
      LaneComplex* out = y + (q + s * P * pp) * batch;
      for (size_t b = 0; b < batch; ++b)
        for (size_t t = 0; t < P; ++t) {
          Lanes accr = {0, 0, 0, 0}, acci = {0, 0, 0, 0};
          for (size_t r = 0; r < P; ++r) {
            const LaneComplex& e = in[r * s * m * batch + b];
            const double c = st.root_re[(r * t) % P], sn = st.root_im[(r * t) % P];
            accr += e.re * c - e.im * sn;
            acci += e.re * sn + e.im * c;
          }
          const double wr = st.wr[pp * P + t], wi = st.wi[pp * P + t];
          LaneComplex& o = out[t * s * batch + b];
          o.re = accr * wr - acci * wi;
          o.im = accr * wi + acci * wr;
        }
    }
}

std::vector<LaneFftStage> plan(int n, int sign) {
  std::vector<LaneFftStage> stages;
  size_t len = static_cast<size_t>(n), s = 1;
  while (len > 1) {
    size_t radix = 0;
    for (size_t c : {4, 2, 3, 5, 7, 11, 13})
      if (len % c == 0) {
        radix = c;
        break;
      }
    for (size_t c = 17; radix == 0; c += 2)
      if (len % c == 0) radix = c;
    LaneFftStage st;
    st.radix = static_cast<int>(radix);
    st.sign = sign;
    st.m = len / radix;
    st.s = s;
    st.wr.resize(st.m * radix);
    st.wi.resize(st.m * radix);
    for (size_t pp = 0; pp < st.m; ++pp)
      for (size_t t = 0; t < radix; ++t) {
        const double angle = sign * 2.0 * std::numbers::pi * static_cast<double>((pp * t) % len) /
                             static_cast<double>(len);
        st.wr[pp * radix + t] = std::cos(angle);
        st.wi[pp * radix + t] = std::sin(angle);
      }
    for (size_t j = 0; j < radix; ++j) {
      const double angle =
          sign * 2.0 * std::numbers::pi * static_cast<double>(j) / static_cast<double>(radix);
      st.root_re.push_back(std::cos(angle));
      st.root_im.push_back(std::sin(angle));
    }
    stages.push_back(std::move(st));
    len /= radix;
    s *= radix;
  }
  return stages;
}

template <int Sign>
void run_pass(const LaneFftStage& st, const LaneComplex* x, LaneComplex* y, size_t batch) {
  switch (st.radix) {
  case 2:
    run_stage<2, Sign>(st, x, y, batch);
    break;
  case 3:
    run_stage<3, Sign>(st, x, y, batch);
    break;
  case 4:
    run_stage<4, Sign>(st, x, y, batch);
    break;
  case 5:
    run_stage<5, Sign>(st, x, y, batch);
    break;
  case 7:
    run_stage<7, Sign>(st, x, y, batch);
    break;
  case 11:
    run_stage<11, Sign>(st, x, y, batch);
    break;
  case 13:
    run_stage<13, Sign>(st, x, y, batch);
    break;
  default:
    run_stage_generic(st, x, y, batch);
    break;
  }
}

// The 1-D transform of n elements of `batch` values each, src -> dst (dst may be src), the
// stages alternating between dst and scratch so that the last one lands in dst.
void run1d(const std::vector<LaneFftStage>& stages, size_t n, const LaneComplex* src,
           LaneComplex* dst, LaneComplex* scratch, size_t batch) {
  const size_t k = stages.size();
  const LaneComplex* in = src;
  for (size_t i = 0; i < k; ++i) {
    LaneComplex* out = (k - 1 - i) % 2 == 0 ? dst : scratch;
    if (out == in) out = out == dst ? scratch : dst; // only when src == dst
    if (stages[i].sign < 0)
      run_pass<-1>(stages[i], in, out, batch);
    else
      run_pass<1>(stages[i], in, out, batch);
    in = out;
  }
  if (in != dst) std::copy_n(in, n * batch, dst);
}

void transform2d(const std::vector<LaneFftStage>& stages, size_t n, const LaneComplex* src,
                 LaneComplex* dst, LaneComplex* scratch) {
  for (size_t y = 0; y < n; ++y) // along x, row by row
    run1d(stages, n, src + y * n, dst + y * n, scratch, 1);
  run1d(stages, n, dst, dst, scratch, n); // along y, whole rows at once
}

} // namespace

LaneFft::LaneFft(int n) : n_(static_cast<size_t>(n)) {
  if (n < 1) throw InternalError("LaneFft: the size must be at least 1, not " + std::to_string(n));
  forward_ = plan(n, -1);
  backward_ = plan(n, 1);
  (void)odd_roots<3>(), (void)odd_roots<5>(), (void)odd_roots<7>(), (void)odd_roots<11>(),
      (void)odd_roots<13>(); // build the constant tables now, not inside the solver's step loop
}

LaneFft::~LaneFft() = default;

void LaneFft::forward(const LaneComplex* src, LaneComplex* dst, LaneComplex* scratch) const {
  transform2d(forward_, n_, src, dst, scratch);
}

void LaneFft::backward(const LaneComplex* src, LaneComplex* dst, LaneComplex* scratch) const {
  transform2d(backward_, n_, src, dst, scratch);
}

} // namespace gridtheory
