#include "src/train/batch_targets.hpp"

#include "theory/errors.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <omp.h>
#include <utility>

namespace gridtheory {

namespace {

constexpr int max_top = 64;

template <class T>
void decode_impl(const Population& pop, std::span<const T> act, std::span<double> xy, int top) {
  if (!uses_width(pop.encoding.family))
    throw InternalError("decode_positions: the code has no place fields to decode");
  const auto n = static_cast<std::size_t>(pop.cells);
  if (n == 0 || act.size() % n != 0 || xy.size() != 2 * (act.size() / n))
    throw InternalError("decode_positions: activations and positions do not match");
  if (top < 1 || top > max_top || static_cast<std::size_t>(top) > n)
    throw InternalError("decode_positions: top must be in [1, min(cells, 64)]");
  const std::size_t points = act.size() / n;
  const double side = pop.arena.side_m;
  const double to_angle = 2.0 * std::numbers::pi / side;
  std::array<std::size_t, max_top> chosen{};
  for (std::size_t p = 0; p < points; ++p) {
    const T* a = act.data() + p * n;
    // k passes of argmax over the cells not yet chosen (k = 3: cheaper than a sort, no scratch).
    for (int k = 0; k < top; ++k) {
      std::size_t best = n;
      for (std::size_t c = 0; c < n; ++c) {
        bool taken = false;
        for (int j = 0; j < k; ++j)
          taken = taken || chosen[static_cast<std::size_t>(j)] == c;
        if (!taken && (best == n || a[c] > a[best])) best = c;
      }
      chosen[static_cast<std::size_t>(k)] = best;
    }
    double sx = 0, sy = 0, cx = 0, cy = 0;
    for (int k = 0; k < top; ++k) {
      const int cell = static_cast<int>(chosen[static_cast<std::size_t>(k)]);
      const PlaceField& f =
          pop.fields[static_cast<std::size_t>(pop.first_field[static_cast<std::size_t>(cell)])];
      if (pop.arena.periodic) {
        cx += std::cos(to_angle * f.x_m);
        sx += std::sin(to_angle * f.x_m);
        cy += std::cos(to_angle * f.y_m);
        sy += std::sin(to_angle * f.y_m);
      } else {
        cx += f.x_m;
        cy += f.y_m;
      }
    }
    if (pop.arena.periodic) {
      double x = std::atan2(sx, cx) / to_angle, y = std::atan2(sy, cy) / to_angle;
      if (x < 0.0) x += side;
      if (y < 0.0) y += side;
      xy[2 * p] = x >= side ? 0.0 : x;
      xy[2 * p + 1] = y >= side ? 0.0 : y;
    } else {
      xy[2 * p] = cx / top;
      xy[2 * p + 1] = cy / top;
    }
  }
}

} // namespace

BatchTargets::BatchTargets(Population pop, int threads) : pop_(std::move(pop)), threads_(threads) {
  if (threads_ < 1) throw InternalError("BatchTargets: thread count must be >= 1");
  if (pop_.cells < 1) throw InternalError("BatchTargets: empty population");
  scratch_.assign(static_cast<std::size_t>(threads_) * 3 * static_cast<std::size_t>(pop_.cells),
                  0.0);
}

template <class T> void BatchTargets::fill_impl(std::span<const double> xy, std::span<T> out) {
  const auto n = static_cast<std::size_t>(pop_.cells);
  if (xy.size() % 2 != 0 || out.size() != (xy.size() / 2) * n)
    throw InternalError("BatchTargets::fill: positions and targets do not match");
  const auto points = static_cast<long long>(xy.size() / 2);
  // target_code only throws for undersized buffers, which the sizes above rule out: nothing
  // can escape the parallel region.
#pragma omp parallel num_threads(threads_)
  {
    const auto id = static_cast<std::size_t>(omp_get_thread_num());
    std::span<double> mine(scratch_.data() + id * 3 * n, 3 * n);
    std::span<double> code = mine.subspan(0, n), work = mine.subspan(n, 2 * n);
#pragma omp for schedule(static)
    for (long long i = 0; i < points; ++i) {
      const auto p = static_cast<std::size_t>(i);
      target_code(pop_, xy[2 * p], xy[2 * p + 1], code, work);
      T* dst = out.data() + p * n;
      for (std::size_t c = 0; c < n; ++c)
        dst[c] = static_cast<T>(code[c]);
    }
  }
}

void BatchTargets::fill(std::span<const double> xy, std::span<float> out) {
  fill_impl(xy, out);
}
void BatchTargets::fill(std::span<const double> xy, std::span<double> out) {
  fill_impl(xy, out);
}
void BatchTargets::fill(const TrajectoryBatch& traj, std::span<float> out) {
  fill_impl(std::span<const double>(traj.positions), out);
}
void BatchTargets::fill(const TrajectoryBatch& traj, std::span<double> out) {
  fill_impl(std::span<const double>(traj.positions), out);
}

void batch_targets(const Population& pop, const TrajectoryBatch& traj, std::span<float> out,
                   int threads) {
  BatchTargets(pop, threads).fill(traj, out);
}

void decode_positions(const Population& pop, std::span<const float> act, std::span<double> xy,
                      int top) {
  decode_impl(pop, act, xy, top);
}
void decode_positions(const Population& pop, std::span<const double> act, std::span<double> xy,
                      int top) {
  decode_impl(pop, act, xy, top);
}

double decoding_error_cm(const Arena& arena, double x0, double y0, double x1, double y1) {
  return 100.0 * std::sqrt(squared_distance(arena, x0, y0, x1, y1));
}

double mean_decoding_error_cm(const Arena& arena, std::span<const double> xy_a,
                              std::span<const double> xy_b) {
  if (xy_a.size() != xy_b.size() || xy_a.size() % 2 != 0 || xy_a.empty())
    throw InternalError("mean_decoding_error_cm: position arrays do not match");
  const std::size_t points = xy_a.size() / 2;
  double sum = 0.0;
  for (std::size_t p = 0; p < points; ++p)
    sum += decoding_error_cm(arena, xy_a[2 * p], xy_a[2 * p + 1], xy_b[2 * p], xy_b[2 * p + 1]);
  return sum / static_cast<double>(points);
}

} // namespace gridtheory
