// The box lattice: lattice modes, hexagonal triads and the spacing a triad forces. The cases
// below in units of the lattice step run on the periodic lattice (step 2 pi / L); the walls'
// own step is checked in "the lattice step is pi / L with solid walls and 2 pi / L periodic".
#include "numerics/box_lattice.hpp"
#include "theory/spacing.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <string>

using namespace gridtheory;

namespace {
// A ring-shaped spectrum peaked at k0.
auto ring_at(double k0) {
  return [k0](double k) { return std::exp(-std::pow((k - k0) / (0.2 * k0), 2)); };
}
} // namespace

TEST_CASE("every triad sums to zero and the best one hugs the ring") {
  const double L = 2.2, kb = lowest_box_mode_per_m(L, /*periodic=*/true);
  for (double ratio : {2.5, 2.8, 3.0, 4.2}) {
    INFO("k* / k_b = " << ratio);
    const double k_star = ratio * kb;
    const BoxLattice lat = analyse_box_lattice(ring_at(k_star), k_star, L, true);
    REQUIRE(lat.best_triad);
    const Triad& t = *lat.best_triad;
    CHECK(t.modes[0].n + t.modes[1].n + t.modes[2].n == 0);
    CHECK(t.modes[0].m + t.modes[1].m + t.modes[2].m == 0);
    for (const auto& m : t.modes) {
      CHECK(m.k_per_m == Approx(kb * std::hypot(m.n, m.m)));
      CHECK(std::abs(m.k_per_m - k_star) <= 0.25 * k_star + 1e-12);
    }
    CHECK(t.length_mismatch <= 0.25);
    CHECK(t.orientation_deg >= 0.0);
    CHECK(t.orientation_deg < 60.0);
    CHECK(lat.lowest_mode_per_m == Approx(kb));
  }
}

TEST_CASE("a near-hexagonal lattice triad makes a lattice of spacing near 4 pi / (sqrt(3) k)") {
  // No integer triad is exactly equilateral; near a ring at sqrt(13) k_b the best one is only
  // slightly distorted, so its real-space spacing is close to the hexagonal formula.
  const double L = 2.2, kb = lowest_box_mode_per_m(L, /*periodic=*/true);
  const double k_star = std::sqrt(13.0) * kb;
  const BoxLattice lat = analyse_box_lattice(ring_at(k_star), k_star, L, true);
  REQUIRE(lat.best_triad);
  const Triad& t = *lat.best_triad;
  CHECK(t.angle_mismatch_deg < 10.0);
  CHECK(t.grid_spacing_m == Approx(grid_spacing_m(t.mean_k_per_m)).epsilon(0.1));
}

TEST_CASE("top modes are sorted by power and unique per shell") {
  const double L = 2.2, kb = lowest_box_mode_per_m(L, /*periodic=*/true);
  const BoxLattice lat = analyse_box_lattice(ring_at(3.0 * kb), 3.0 * kb, L, true, {6, 0.25});
  REQUIRE(lat.top_modes.size() == 6);
  CHECK(lat.top_modes[0].n == 3);
  CHECK(lat.top_modes[0].m == 0);
  for (size_t i = 1; i < lat.top_modes.size(); ++i) {
    CHECK(lat.top_modes[i - 1].power >= lat.top_modes[i].power);
    CHECK(lat.top_modes[i].n >= lat.top_modes[i].m);
  }
}

TEST_CASE("a ring inside the lowest shells has no triad within a narrow window") {
  const double L = 2.2, kb = lowest_box_mode_per_m(L, /*periodic=*/true);
  const BoxLattice lat = analyse_box_lattice(ring_at(1.5 * kb), 1.5 * kb, L, true, {5, 0.05});
  CHECK_FALSE(lat.best_triad);
}

TEST_CASE("the lattice step is pi / L with solid walls and 2 pi / L periodic") {
  // Solid walls hold the standing waves cos(n pi x / L) cos(m pi y / L): k = (pi / L)(n, m).
  // A periodic box holds the plane waves k = (2 pi / L)(n, m) (theory/README.md, section 9).
  const double L = 2.2;
  CHECK(lowest_box_mode_per_m(L, false) == Approx(std::numbers::pi / L));
  CHECK(lowest_box_mode_per_m(L, false) == Approx(1.428).epsilon(2e-4));
  CHECK(lowest_box_mode_per_m(L, true) == Approx(2.0 * std::numbers::pi / L));
  CHECK(lowest_box_mode_per_m(L, true) == Approx(2.856).epsilon(2e-4));
  CHECK(std::string(box_mode_name(false)) == "pi/L");
  CHECK(std::string(box_mode_name(true)) == "2pi/L");

  const double k_star = 8.011; // NFL's DoS ring at sigma_E = 0.12 m, s = 2
  for (bool periodic : {false, true}) {
    INFO("periodic " << periodic);
    const double step = periodic ? 2.0 * std::numbers::pi / L : std::numbers::pi / L;
    const BoxLattice lat = analyse_box_lattice(ring_at(k_star), k_star, L, periodic);
    CHECK(lat.periodic == periodic);
    CHECK(lat.lowest_mode_per_m == Approx(step));
    CHECK(lat.ring_shells == Approx(k_star / step));
    REQUIRE(lat.best_triad);
    for (const auto& m : lat.best_triad->modes)
      CHECK(m.k_per_m == Approx(step * std::hypot(m.n, m.m)));
    for (const auto& m : lat.top_modes)
      CHECK(m.k_per_m == Approx(step * std::hypot(m.n, m.m)));
  }
  // The finer solid-wall lattice fits the ring at least as well: every periodic lattice
  // vector (2n, 2m) x pi / L is also a solid-wall one.
  const BoxLattice solid = analyse_box_lattice(ring_at(k_star), k_star, L, false);
  const BoxLattice periodic = analyse_box_lattice(ring_at(k_star), k_star, L, true);
  CHECK(solid.best_triad->min_power >= periodic.best_triad->min_power * (1.0 - 1e-12));

  // The search limit counts lattice steps: 20 x pi / L with solid walls, 20 x 2 pi / L periodic.
  const double k_far = 30.0 * std::numbers::pi / L; // 30 solid steps, 15 periodic ones
  CHECK_FALSE(analyse_box_lattice(ring_at(k_far), k_far, L, false).not_searched.empty());
  CHECK(analyse_box_lattice(ring_at(k_far), k_far, L, true).not_searched.empty());
  CHECK_THAT(analyse_box_lattice(ring_at(k_far), k_far, L, false).not_searched,
             Catch::Contains("30 x pi/L out"));
}
