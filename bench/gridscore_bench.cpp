// Benchmark: grid scores per ratemap (numerics/grid_scores.hpp), the work the NumPy/SciPy peer
// ../shared/peers/numpy_gridscore.py times, on the same kinds of maps:
//   random  uniform [0, 1) per bin
//   hex     max(three-cosine lattice, 0) + 0.1 uniform, spacing U(0.4, 0.9) m, orientation
//           U(0, 60) degrees, phase U(-0.5, 0.5)^2 m, box 2.2 m, bins centred (the peer's
//           random_hex_maps)
// drawn from a fixed 32-bit LCG (not NumPy's generator: the numbers differ, the work does not).
// Single thread, one GridScorer per size made before timing (as the peer makes its scorer),
// each map timed alone after --warmup maps; lines give the median (min max) ms per map. Our
// scorer computes more than the peer's (also BNT gridness, spacing, orientation, Fourier
// spacing). Then the batch: --units maps of every size scored by score_ratemaps with --threads
// threads, wall time including the scorers' set-up. bench/gridscore.sh runs this and the peer.
//
// Usage: bench_gridscore [--sizes 20,32,44] [--maps 200] [--warmup 5] [--units 4096]
//                        [--threads 2] [--sac deepmind|nan-aware]
#include "numerics/grid_scores.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>
#include <vector>

using namespace gridtheory;

namespace {

constexpr double kBox = 2.2;

struct Lcg {
  std::uint32_t state;
  double operator()() {
    state = 1664525u * state + 1013904223u;
    return state / 4294967296.0;
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * (*this)(); }
};

void random_map(int n, Lcg& rng, double* out) {
  for (int i = 0; i < n * n; ++i)
    out[i] = rng();
}

void hex_map(int n, Lcg& rng, double* out) {
  const double spacing = rng.uniform(0.4, 0.9);
  const double k = 4 * std::numbers::pi / (std::sqrt(3.0) * spacing);
  const double angle = rng.uniform(0, std::numbers::pi / 3);
  const double px = rng.uniform(-0.5, 0.5), py = rng.uniform(-0.5, 0.5);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const double x = -kBox / 2 + (j + 0.5) * kBox / n, y = -kBox / 2 + (i + 0.5) * kBox / n;
      double v = 0.0;
      for (int m = 0; m < 3; ++m) {
        const double th = angle + m * std::numbers::pi / 3;
        v += std::cos(k * (std::cos(th) * (x - px) + std::sin(th) * (y - py)));
      }
      out[i * n + j] = std::max(v, 0.0) + 0.1 * rng();
    }
}

std::vector<double> make_maps(const std::string& kind, int n, int count, std::uint32_t seed) {
  Lcg rng{seed};
  std::vector<double> maps(static_cast<size_t>(count) * static_cast<size_t>(n * n));
  for (int c = 0; c < count; ++c) {
    double* m = maps.data() + static_cast<size_t>(c) * static_cast<size_t>(n * n);
    if (kind == "random")
      random_map(n, rng, m);
    else
      hex_map(n, rng, m);
  }
  return maps;
}

std::vector<int> parse_sizes(const std::string& text) {
  std::vector<int> sizes;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find(',', start);
    sizes.push_back(std::atoi(text.substr(start, end - start).c_str()));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return sizes;
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "bench_gridscore: %s\nusage: bench_gridscore [--sizes 20,32,44] [--maps 200] "
               "[--warmup 5] [--units 4096] [--threads 2] [--sac deepmind|nan-aware]\n",
               why);
  std::exit(2);
}

} // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes{20, 32, 44};
  int maps = 200, warmup = 5, units = 4096, threads = 2;
  SacMode mode = SacMode::deepmind;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(("missing value after " + a).c_str());
    const std::string v = argv[++i];
    if (a == "--sizes")
      sizes = parse_sizes(v);
    else if (a == "--maps")
      maps = std::atoi(v.c_str());
    else if (a == "--warmup")
      warmup = std::atoi(v.c_str());
    else if (a == "--units")
      units = std::atoi(v.c_str());
    else if (a == "--threads")
      threads = std::atoi(v.c_str());
    else if (a == "--sac" && (v == "deepmind" || v == "nan-aware"))
      mode = v == "deepmind" ? SacMode::deepmind : SacMode::nan_aware;
    else
      usage(("unknown option or value " + a + " " + v).c_str());
  }
  for (int n : sizes)
    if (n < 3) usage("sizes must be at least 3");
  if (maps < 1 || warmup < 0 || units < 0 || threads < 1) usage("counts must be positive");

  using clock = std::chrono::steady_clock;
  std::printf("# gridtheory grid scores, SAC %s, single thread per map; all 7 scores per map\n",
              std::string(sac_mode_name(mode)).c_str());
  for (int n : sizes) {
    GridScorer scorer(n, kBox, mode);
    const size_t cells = static_cast<size_t>(n * n);
    for (const std::string kind : {"random", "hex"}) {
      const auto data = make_maps(kind, n, maps + warmup, kind == "random" ? 1u : 2u);
      double sink = 0.0;
      for (int w = 0; w < warmup; ++w)
        sink += scorer.score(data.data() + static_cast<size_t>(w) * cells).score_60;
      std::vector<double> ms;
      for (int m = warmup; m < warmup + maps; ++m) {
        const auto t0 = clock::now();
        sink += scorer.score(data.data() + static_cast<size_t>(m) * cells).score_60;
        ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
      }
      std::sort(ms.begin(), ms.end());
      std::printf("ours time n=%d %-6s: %8.4f ms/map (min %.4f max %.4f, n=%d)  [check %.3f]\n", n,
                  kind.c_str(), ms[ms.size() / 2], ms.front(), ms.back(), maps,
                  sink / (warmup + maps));
    }
  }
  if (units > 0) {
    std::vector<std::vector<double>> batches;
    for (int n : sizes)
      batches.push_back(make_maps("hex", n, units, 3u + static_cast<std::uint32_t>(n)));
    const auto t0 = clock::now();
    double sink = 0.0;
    for (size_t s = 0; s < sizes.size(); ++s) {
      const auto scores = score_ratemaps(batches[s].data(), static_cast<size_t>(units), sizes[s],
                                         kBox, mode, threads);
      for (const auto& g : scores)
        sink += g.score_60;
    }
    const double seconds = std::chrono::duration<double>(clock::now() - t0).count();
    std::printf("ours batch %d units x %zu sizes, %d threads: %.3f s (%.4f ms/map)  [check %.3f]\n",
                units, sizes.size(), threads, seconds,
                1e3 * seconds / (static_cast<double>(units) * static_cast<double>(sizes.size())),
                sink / (static_cast<double>(units) * static_cast<double>(sizes.size())));
  }
  return 0;
}
