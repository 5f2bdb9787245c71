#include "numerics/pattern_dynamics.hpp"

#include "numerics/fft2.hpp"
#include "numerics/lane_fft.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <new>
#include <numbers>
#include <omp.h>
#include <optional>
#include <random>
#include <string>
#include <utility>

namespace gridtheory {

namespace {

using std::size_t;

// ------------------------------------------------------------------ storage
// Lanes (four doubles, one per SIMD lane) and the lane FFT: numerics/lane_fft.hpp.
typedef long long LaneMask __attribute__((vector_size(32)));

// The values of a group of 8 maps at one position: maps 8g + 0..3 in `re`, 8g + 4..7 in `im`,
// so its 8 doubles are the maps in order. For the FFT, lane l is the complex number
// (map 8g + l) + i (map 8g + 4 + l): Sigma is real, so the transforms of the two maps share
// one complex transform and come back as its real and imaginary parts.
using Element = LaneComplex;
constexpr size_t kGroup = 8;

// Makes the compiler hold both values in registers: GCC otherwise folds every use of a loaded
// vector into its own memory operand, and the map-map products become bound by loads.
inline void keep_in_registers(Lanes& a, Lanes& b) {
#if defined(__GNUC__) && defined(__AVX__)
  asm("" : "+x"(a), "+x"(b));
#else
  (void)a, (void)b;
#endif
}

// A 64-byte aligned, zero-initialised array, allocated once.
template <class T> class AlignedArray {
public:
  explicit AlignedArray(size_t count)
      : data_(static_cast<T*>(
            ::operator new (std::max<size_t>(count, 1) * sizeof(T), std::align_val_t{64}))),
        size_(count) {
    std::fill_n(reinterpret_cast<unsigned char*>(data_), std::max<size_t>(count, 1) * sizeof(T),
                static_cast<unsigned char>(0));
  }
  ~AlignedArray() {
    if (data_) ::operator delete (data_, std::align_val_t{64});
  }
  AlignedArray(AlignedArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  AlignedArray(const AlignedArray&) = delete;
  AlignedArray& operator=(const AlignedArray&) = delete;
  AlignedArray& operator=(AlignedArray&&) = delete;

  T* data() const { return data_; }
  size_t size() const { return size_; }

private:
  T* data_;
  size_t size_;
};

// ------------------------------------------------------------------ layout
struct Layout {
  size_t n = 0;
  size_t positions = 0; // n * n
  size_t stride = 0;    // Elements per group: positions rounded up to 4; pads stay 0
  int maps = 0;
  int groups = 0; // groups of kGroup maps; pad maps stay 0
  size_t maps8 = 0;
};

Layout make_layout(int n, int maps) {
  Layout l;
  l.n = static_cast<size_t>(n);
  l.positions = l.n * l.n;
  l.stride = (l.positions + 3) / 4 * 4;
  l.maps = maps;
  l.groups = (maps + 7) / 8;
  l.maps8 = static_cast<size_t>(l.groups) * kGroup;
  return l;
}

// Index of map m's value at position p in the group storage, as doubles.
size_t slot(const Layout& l, int m, size_t p) {
  const size_t um = static_cast<size_t>(m);
  return ((um / kGroup) * l.stride + p) * kGroup + um % kGroup;
}

// Lane masks of every group: all bits set for real maps, 0 for pad maps.
AlignedArray<LaneMask> map_masks(const Layout& l) {
  AlignedArray<LaneMask> masks(2 * static_cast<size_t>(l.groups));
  for (int g = 0; g < l.groups; ++g)
    for (int k = 0; k < 4; ++k) {
      masks.data()[2 * g][k] = 8 * g + k < l.maps ? -1 : 0;
      masks.data()[2 * g + 1][k] = 8 * g + 4 + k < l.maps ? -1 : 0;
    }
  return masks;
}

template <Activation A> inline void activate(Lanes& v) {
  if constexpr (A == Activation::relu) {
    const Lanes zero = {0, 0, 0, 0};
    v = ((v > zero) | (v != v)) ? v : zero; // NaN stays NaN, as numpy.maximum(g, 0)
  } else if constexpr (A == Activation::tanh) {
    for (int k = 0; k < 4; ++k)
      v[k] = std::tanh(v[k]);
  } else if constexpr (A == Activation::sigmoid) {
    for (int k = 0; k < 4; ++k)
      v[k] = 1.0 / (1.0 + std::exp(-v[k]));
  }
}

// g <- g .* multiplier over the n x n spectrum.
void multiply(const Layout& l, const double* multiplier, Element* g) {
  for (size_t k = 0; k < l.positions; ++k) {
    g[k].re *= multiplier[k];
    g[k].im *= multiplier[k];
  }
}

// ------------------------------------------------------------------ single maps
// One step of one group, in place: u = inverse(multiplier .* forward(g)), then g = f(scale u).
template <Activation A>
void single_step(const Layout& l, const LaneFft& fft, const double* multiplier, bool normalise,
                 const LaneMask* mask, Element* g, Element* scratch) {
  fft.forward(g, g, scratch);
  multiply(l, multiplier, g);
  fft.backward(g, g, scratch);
  Lanes scale_re = {1, 1, 1, 1}, scale_im = {1, 1, 1, 1};
  if (normalise) {
    Lanes sum_re = {0, 0, 0, 0}, sum_im = {0, 0, 0, 0};
    for (size_t p = 0; p < l.positions; ++p) {
      sum_re += g[p].re * g[p].re;
      sum_im += g[p].im * g[p].im;
    }
    for (int k = 0; k < 4; ++k) {
      const double rms_re = std::sqrt(sum_re[k] / static_cast<double>(l.positions));
      const double rms_im = std::sqrt(sum_im[k] / static_cast<double>(l.positions));
      if (rms_re > 0.0 && std::isfinite(rms_re))
        scale_re[k] = pattern_defaults::normalised_rms / rms_re;
      if (rms_im > 0.0 && std::isfinite(rms_im))
        scale_im[k] = pattern_defaults::normalised_rms / rms_im;
    }
  }
  const Lanes zero = {0, 0, 0, 0};
  for (size_t p = 0; p < l.positions; ++p) {
    Lanes re = g[p].re * scale_re, im = g[p].im * scale_im;
    activate<A>(re);
    activate<A>(im);
    g[p].re = mask[0] ? re : zero;
    g[p].im = mask[1] ? im : zero;
  }
}

template <Activation A>
void run_single(const Layout& l, const LaneFft& fft, const double* multiplier,
                const LaneMask* masks, Element* g, Element* scratches, const PatternOptions& o) {
  // Groups are independent: each runs all its steps without meeting the other threads.
  std::atomic<long long> done{0};
  const long long total = static_cast<long long>(l.groups) * o.steps;
#pragma omp parallel num_threads(o.threads)
  {
    Element* scratch = scratches + static_cast<size_t>(omp_get_thread_num()) * l.positions;
#pragma omp for schedule(dynamic, 1)
    for (int gi = 0; gi < l.groups; ++gi)
      for (int t = 0; t < o.steps; ++t) {
        single_step<A>(l, fft, multiplier, o.normalise, masks + 2 * gi,
                       g + static_cast<size_t>(gi) * l.stride, scratch);
        if (o.progress) o.progress(done.fetch_add(1, std::memory_order_relaxed) + 1, total);
      }
  }
}

// ------------------------------------------------------------------ multi maps
constexpr size_t kBlock = 256; // positions per block of the map-map sums (a multiple of 4)

// out[i * maps8 + j] = sum over the block's positions of g_i h_j, for the 8 x 8 tiles on and
// below the diagonal, 0 above the diagonal inside diagonal tiles; tiles above the diagonal are
// left untouched (0).
void gram_block(const Layout& l, const Element* g, const Element* h, size_t p0, size_t len,
                double* out) {
  const size_t m8 = l.maps8;
  const size_t groups = static_cast<size_t>(l.groups);
  for (size_t b = 0; b < groups; ++b) {
    const double* hb = reinterpret_cast<const double*>(h + b * l.stride + p0);
    for (size_t a = b; a < groups; ++a) {
      const Element* ga = g + a * l.stride + p0;
      for (size_t half = 0; half < 2; ++half) {
        const Lanes zero = {0, 0, 0, 0};
        Lanes acc_re[4] = {zero, zero, zero, zero}, acc_im[4] = {zero, zero, zero, zero};
        for (size_t p = 0; p < len; ++p) {
          Lanes xr = ga[p].re, xi = ga[p].im;
          keep_in_registers(xr, xi);
          const double* hp = hb + p * kGroup + 4 * half;
          for (size_t jj = 0; jj < 4; ++jj) {
            acc_re[jj] += xr * hp[jj];
            acc_im[jj] += xi * hp[jj];
          }
        }
        for (size_t jj = 0; jj < 4; ++jj) {
          const size_t j = kGroup * b + 4 * half + jj;
          for (size_t k = 0; k < 4; ++k) {
            const size_t i_re = kGroup * a + k, i_im = kGroup * a + 4 + k;
            out[i_re * m8 + j] = i_re >= j ? acc_re[jj][k] : 0.0;
            out[i_im * m8 + j] = i_im >= j ? acc_im[jj][k] : 0.0;
          }
        }
      }
    }
  }
}

// lower = sum over blocks, in block order, of the partial sums: tril(M) by rows.
void reduce_blocks(const Layout& l, const double* partial, size_t blocks, double* lower) {
  const size_t count = l.maps8 * l.maps8;
  std::copy_n(partial, count, lower);
  for (size_t b = 1; b < blocks; ++b) {
    const double* pb = partial + b * count;
    for (size_t k = 0; k < count; ++k)
      lower[k] += pb[k];
  }
}

// Group b of G_next = G + lr (H - G tril(M) + f(gain G)), four positions at a time. Map j of
// the group needs the maps i >= j, i.e. groups a >= b of G; lower holds tril(M) by rows,
// Element (i, b) = M(i, 8b .. 8b + 7), zero above the diagonal and for pad maps.
template <Activation A>
void update_group(const Layout& l, const Element* g, Element* g_next, const Element* h,
                  const Element* lower, const LaneMask* mask, size_t b, double lr, double gain) {
  const double* gd = reinterpret_cast<const double*>(g);
  const size_t groups = static_cast<size_t>(l.groups);
  const Lanes zero = {0, 0, 0, 0};
  for (size_t p = 0; p < l.positions; p += 4) {
    Lanes o_re[4] = {zero, zero, zero, zero}, o_im[4] = {zero, zero, zero, zero};
    for (size_t a = b; a < groups; ++a) {
      const double* ga = gd + (a * l.stride + p) * kGroup; // 4 positions x 8 maps
      const Element* rows = lower + a * kGroup * groups + b;
      for (size_t k = 0; k < kGroup; ++k) {
        Lanes row_re = rows[k * groups].re, row_im = rows[k * groups].im;
        keep_in_registers(row_re, row_im);
        for (size_t q = 0; q < 4; ++q) {
          o_re[q] += ga[q * kGroup + k] * row_re;
          o_im[q] += ga[q * kGroup + k] * row_im;
        }
      }
    }
    for (size_t q = 0; q < 4; ++q) {
      if (p + q >= l.positions) break;
      const size_t at = b * l.stride + p + q;
      const Element& e = g[at];
      Lanes f_re = gain * e.re, f_im = gain * e.im;
      activate<A>(f_re);
      activate<A>(f_im);
      const Lanes new_re = e.re + lr * (h[at].re - o_re[q] + f_re);
      const Lanes new_im = e.im + lr * (h[at].im - o_im[q] + f_im);
      g_next[at].re = mask[0] ? new_re : zero;
      g_next[at].im = mask[1] ? new_im : zero;
    }
  }
}

// H = Sigma G for group b.
void convolve_group(const Layout& l, const LaneFft& fft, const double* multiplier, const Element* g,
                    Element* h, Element* scratch) {
  fft.forward(g, h, scratch);
  multiply(l, multiplier, h);
  fft.backward(h, h, scratch);
}

// Tasks handed out dynamically through a counter, then a barrier. std::barrier waits by
// spinning briefly and then sleeping (futex), unlike OpenMP's long spin, so a thread that
// waits gives its core back to a thread that still works: on a loaded machine this keeps the
// two-barrier step from stalling for whole scheduler time slices.
struct ResetCounters {
  std::atomic<int>* a;
  std::atomic<int>* b;
  void operator()() noexcept {
    a->store(0, std::memory_order_relaxed);
    b->store(0, std::memory_order_relaxed);
  }
};

// Two barriers per step: [update group b into the other buffer, then its convolution] and
// [the partial sums of M over blocks of positions]. Each thread sums the blocks itself, in
// block order (the same bits on every thread). Which thread runs a task changes no result.
template <Activation A>
void run_multi(const Layout& l, const LaneFft& fft, const double* multiplier, const LaneMask* masks,
               Element* g, Element* scratches, const PatternOptions& o) {
  if (o.steps == 0) return;
  const size_t m8 = l.maps8;
  const size_t blocks = (l.stride + kBlock - 1) / kBlock;
  AlignedArray<Element> h(static_cast<size_t>(l.groups) * l.stride);
  AlignedArray<Element> other(static_cast<size_t>(l.groups) * l.stride);
  AlignedArray<double> partial(blocks * m8 * m8);
  AlignedArray<double> lowers(static_cast<size_t>(o.threads) * m8 * m8);
  const int nblocks = static_cast<int>(blocks);
  std::atomic<int> group_tasks{0}, block_tasks{0};
  std::optional<std::barrier<ResetCounters>> sync;
#pragma omp parallel num_threads(o.threads)
  {
#pragma omp single
    sync.emplace(omp_get_num_threads(), ResetCounters{&group_tasks, &block_tasks});
    const size_t tid = static_cast<size_t>(omp_get_thread_num());
    Element* scratch = scratches + tid * l.positions;
    double* lower = lowers.data() + tid * m8 * m8;
    Element* cur = g;
    Element* next = other.data();
    const auto gram = [&] {
      for (int blk; (blk = block_tasks.fetch_add(1, std::memory_order_relaxed)) < nblocks;) {
        const size_t p0 = static_cast<size_t>(blk) * kBlock;
        gram_block(l, cur, h.data(), p0, std::min(kBlock, l.stride - p0),
                   partial.data() + static_cast<size_t>(blk) * m8 * m8);
      }
      sync->arrive_and_wait();
    };
    for (int b; (b = group_tasks.fetch_add(1, std::memory_order_relaxed)) < l.groups;)
      convolve_group(l, fft, multiplier, cur + static_cast<size_t>(b) * l.stride,
                     h.data() + static_cast<size_t>(b) * l.stride, scratch);
    sync->arrive_and_wait();
    gram();
    for (int t = 0; t < o.steps; ++t) {
      reduce_blocks(l, partial.data(), blocks, lower);
      // groups in order of decreasing work (group b reads the groups >= b)
      for (int b; (b = group_tasks.fetch_add(1, std::memory_order_relaxed)) < l.groups;) {
        const size_t ub = static_cast<size_t>(b);
        update_group<A>(l, cur, next, h.data(), reinterpret_cast<const Element*>(lower),
                        masks + 2 * ub, ub, o.lr, o.gain);
        if (t + 1 < o.steps)
          convolve_group(l, fft, multiplier, next + ub * l.stride, h.data() + ub * l.stride,
                         scratch);
      }
      sync->arrive_and_wait();
      if (tid == 0 && o.progress) o.progress(t + 1, o.steps);
      std::swap(cur, next);
      if (t + 1 < o.steps) gram();
    }
  }
  if (o.steps % 2 == 1) std::copy_n(other.data(), other.size(), g);
}

// ------------------------------------------------------------------ validation
std::string text(double v) {
  char buf[64];
  const int len = std::snprintf(buf, sizeof buf, "%.17g", v);
  return std::string(buf, len > 0 ? static_cast<size_t>(len) : 0);
}

// `name`: the parameter in the library's spelling (errors.hpp).
void check_int(const char* name, long long v, long long lo, long long hi) {
  if (v < lo || v > hi)
    throw UserError(param(name), std::to_string(v), "is out of range",
                    std::to_string(lo) + " to " + std::to_string(hi));
}

void check_sigma_hat(std::span<const double> sigma_hat, int n) {
  const size_t half = static_cast<size_t>(n / 2 + 1);
  const size_t un = static_cast<size_t>(n);
  if (sigma_hat.size() != un * half)
    throw InternalError("pattern dynamics: sigma_hat holds " + std::to_string(sigma_hat.size()) +
                        " values, the " + std::to_string(n) + " x " + std::to_string(n) +
                        " half spectrum needs " + std::to_string(un * half));
  double peak = 0.0;
  for (double v : sigma_hat) {
    if (!std::isfinite(v) || v < 0.0)
      throw InternalError("pattern dynamics: sigma_hat must be finite and non-negative");
    peak = std::max(peak, v);
  }
  // Evenness where the half spectrum holds both k and -k: columns kx = 0 and (n even) n/2.
  const double tol = 1e-9 * peak;
  for (size_t kx : {size_t{0}, n % 2 == 0 ? half - 1 : size_t{0}})
    for (size_t ky = 1; ky < un; ++ky)
      if (std::abs(sigma_hat[ky * half + kx] - sigma_hat[(un - ky) * half + kx]) > tol)
        throw InternalError("pattern dynamics: sigma_hat is not even, sigma(k) != sigma(-k)");
}

// The real multiplier on the full n x n spectrum: sigma(k) * factor + offset, divided by n^2
// (the unnormalised inverse transform).
std::vector<double> full_multiplier(std::span<const double> sigma_hat, int n, double factor,
                                    double offset) {
  const size_t un = static_cast<size_t>(n);
  const size_t half = un / 2 + 1;
  const double inv = 1.0 / static_cast<double>(un * un);
  std::vector<double> out(un * un);
  for (size_t ky = 0; ky < un; ++ky)
    for (size_t kx = 0; kx < un; ++kx) {
      const double sigma =
          kx < half ? sigma_hat[ky * half + kx] : sigma_hat[((un - ky) % un) * half + (un - kx)];
      out[ky * un + kx] = (offset + factor * sigma) * inv;
    }
  return out;
}

} // namespace

// ------------------------------------------------------------------ public
std::vector<double> isotropic_kernel_spectrum(int n, double box_m,
                                              const std::function<double(double)>& power,
                                              KernelScale scale) {
  check_int("res", n, pattern_defaults::min_res, pattern_defaults::max_res);
  if (!std::isfinite(box_m) || box_m <= 0.0)
    throw UserError(param("box"), text(box_m), "must be a positive number of metres", "> 0");
  const int half = n / 2 + 1;
  const double dk = 2.0 * std::numbers::pi / box_m;
  // power depends on fx^2 + fy^2 only: evaluate it once per distinct value.
  const int max_r2 = 2 * (n / 2) * (n / 2);
  std::vector<double> cache(static_cast<size_t>(max_r2) + 1,
                            std::numeric_limits<double>::quiet_NaN());
  std::vector<double> out(static_cast<size_t>(n) * static_cast<size_t>(half));
  double peak = 0.0;
  for (int ky = 0; ky < n; ++ky)
    for (int kx = 0; kx < half; ++kx) {
      const int fy = signed_frequency(ky, n);
      const int r2 = kx * kx + fy * fy;
      double& v = cache[static_cast<size_t>(r2)];
      if (std::isnan(v)) {
        v = power(dk * std::sqrt(static_cast<double>(r2)));
        if (!std::isfinite(v) || v < 0.0)
          throw InternalError("isotropic_kernel_spectrum: power(" +
                              text(dk * std::sqrt(static_cast<double>(r2))) +
                              " rad/m) = " + text(v) + " is not a finite non-negative number");
      }
      out[static_cast<size_t>(ky) * static_cast<size_t>(half) + static_cast<size_t>(kx)] = v;
      peak = std::max(peak, v);
    }
  if (scale == KernelScale::unit_peak) {
    if (!(peak > 0.0))
      throw InternalError("isotropic_kernel_spectrum: the power is zero at every grid wavevector");
    for (double& v : out)
      v /= peak;
  }
  return out;
}

PatternOptions PatternOptions::peer_single() {
  PatternOptions o;
  o.maps = pattern_defaults::single_maps;
  o.steps = pattern_defaults::single_steps;
  o.lr = pattern_defaults::single_lr;
  o.activation = Activation::relu;
  o.multi = false;
  o.normalise = false;
  return o;
}

PatternOptions PatternOptions::peer_multi() {
  PatternOptions o;
  o.maps = pattern_defaults::multi_maps;
  o.steps = pattern_defaults::multi_steps;
  o.lr = pattern_defaults::multi_lr;
  o.activation = Activation::relu;
  o.multi = true;
  o.gain = pattern_defaults::multi_gain;
  return o;
}

std::span<const double> PatternResult::map(int m) const {
  if (m < 0 || m >= maps) throw InternalError("PatternResult::map: no map " + std::to_string(m));
  const size_t count = static_cast<size_t>(res) * static_cast<size_t>(res);
  return std::span<const double>(maps_data).subspan(static_cast<size_t>(m) * count, count);
}

void validate_pattern_options(const PatternOptions& o) {
  check_int("res", o.res, pattern_defaults::min_res, pattern_defaults::max_res);
  check_int("maps", o.maps, 1, pattern_defaults::max_maps);
  if (o.multi && static_cast<long long>(o.maps) > static_cast<long long>(o.res) * o.res)
    throw UserError(param("maps"), std::to_string(o.maps),
                    "is more than the grid has positions (maps cannot be orthonormal)",
                    "1 to res^2 = " + std::to_string(o.res * o.res));
  check_int("steps", o.steps, 0, pattern_defaults::max_steps);
  check_int("threads", o.threads, 1, pattern_defaults::max_threads);
  if (!std::isfinite(o.lr) || o.lr <= 0.0 || o.lr > 1.0)
    throw UserError(param("lr"), text(o.lr), "is out of range", "0 < lr <= 1");
  if (!std::isfinite(o.gain) || o.gain < 0.0)
    throw UserError(param("gain"), text(o.gain), "is out of range", ">= 0");
  if (!std::isfinite(o.init_scale) || o.init_scale <= 0.0)
    throw UserError(param("init_scale"), text(o.init_scale), "is out of range", "> 0");
}

std::vector<double> initial_maps(const PatternOptions& o) {
  validate_pattern_options(o);
  const size_t count =
      static_cast<size_t>(o.maps) * static_cast<size_t>(o.res) * static_cast<size_t>(o.res);
  std::vector<double> out(count);
  std::mt19937_64 gen(o.seed);
  constexpr double two53 = 9007199254740992.0; // 2^53
  for (size_t i = 0; i < count; i += 2) {
    const double u1 = 1.0 - static_cast<double>(gen() >> 11) / two53; // (0, 1]
    const double u2 = static_cast<double>(gen() >> 11) / two53;       // [0, 1)
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    out[i] = o.init_scale * r * std::cos(angle);
    if (i + 1 < count) out[i + 1] = o.init_scale * r * std::sin(angle);
  }
  return out;
}

PatternResult run_pattern_dynamics(std::span<const double> sigma_hat, const PatternOptions& o) {
  validate_pattern_options(o);
  const std::vector<double> init = initial_maps(o);
  return run_pattern_dynamics(sigma_hat, o, init);
}

PatternResult run_pattern_dynamics(std::span<const double> sigma_hat, const PatternOptions& o,
                                   std::span<const double> initial) {
  validate_pattern_options(o);
  check_sigma_hat(sigma_hat, o.res);
  const Layout l = make_layout(o.res, o.maps);
  if (initial.size() != static_cast<size_t>(o.maps) * l.positions)
    throw InternalError("pattern dynamics: the initial maps hold " +
                        std::to_string(initial.size()) + " values, expected maps x res x res = " +
                        std::to_string(static_cast<size_t>(o.maps) * l.positions));
  for (double v : initial)
    if (!std::isfinite(v)) throw InternalError("pattern dynamics: initial maps must be finite");

  // Every buffer of the step loop, allocated here.
  const std::vector<double> multiplier =
      o.multi ? full_multiplier(sigma_hat, o.res, 1.0, 0.0)
              : full_multiplier(sigma_hat, o.res, o.lr, 1.0 - o.lr); // g + lr (-g + Sigma g)
  AlignedArray<Element> g(static_cast<size_t>(l.groups) * l.stride);
  double* gd = reinterpret_cast<double*>(g.data());
  for (int m = 0; m < o.maps; ++m)
    for (size_t p = 0; p < l.positions; ++p)
      gd[slot(l, m, p)] = initial[static_cast<size_t>(m) * l.positions + p];
  const AlignedArray<LaneMask> masks = map_masks(l);
  const LaneFft fft(o.res);
  AlignedArray<Element> scratches(static_cast<size_t>(o.threads) * l.positions);

  auto dispatch = [&]<Activation A>() {
    if (o.multi)
      run_multi<A>(l, fft, multiplier.data(), masks.data(), g.data(), scratches.data(), o);
    else
      run_single<A>(l, fft, multiplier.data(), masks.data(), g.data(), scratches.data(), o);
  };
  switch (o.activation) {
  case Activation::relu:
    dispatch.template operator()<Activation::relu>();
    break;
  case Activation::tanh:
    dispatch.template operator()<Activation::tanh>();
    break;
  case Activation::sigmoid:
    dispatch.template operator()<Activation::sigmoid>();
    break;
  case Activation::linear:
    dispatch.template operator()<Activation::linear>();
    break;
  }

  PatternResult result;
  result.res = o.res;
  result.maps = o.maps;
  result.maps_data.resize(static_cast<size_t>(o.maps) * l.positions);
  for (int m = 0; m < o.maps; ++m)
    for (size_t p = 0; p < l.positions; ++p)
      result.maps_data[static_cast<size_t>(m) * l.positions + p] = gd[slot(l, m, p)];
  result.finite = std::all_of(result.maps_data.begin(), result.maps_data.end(),
                              [](double v) { return std::isfinite(v); });
  return result;
}

} // namespace gridtheory
