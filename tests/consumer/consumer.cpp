// A program using the installed library: NFL's default target (dos, sigma_E 0.12 m, surround
// ratio 2, relu, 2.2 m box with solid walls) predicted through the public headers, its JSON
// printed as `gridtheory predict --format json` prints it, and a hexagonal lattice at the
// predicted spacing scored. Usage: consumer EXPECTED_GRID_SPACING_M. Exit 0 only when the
// predicted spacing equals the expected one (relative 1e-9) and the lattice's SAC spacing is
// within 1% of it (its documented accuracy, numerics/grid_scores.hpp).
#include <cmath>
#include <cstdlib>
#include <gridtheory/numerics/box_lattice.hpp>
#include <gridtheory/numerics/grid_scores.hpp>
#include <gridtheory/src/report/prediction_report.hpp>
#include <gridtheory/src/version.hpp>
#include <gridtheory/theory/encoding.hpp>
#include <gridtheory/theory/prediction.hpp>
#include <gridtheory/theory/spectrum.hpp>
#include <iostream>
#include <numbers>
#include <optional>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer EXPECTED_GRID_SPACING_M\n";
    return 2;
  }
  const double expected_m = std::strtod(argv[1], nullptr);

  // The documented defaults of every encoding option, in the default box.
  gridtheory::PredictConfig config;
  config.encoding = gridtheory::make_encoding({}, config.box.side_m);
  const gridtheory::Prediction p =
      gridtheory::predict(config.encoding, config.activation, config.box);
  if (!p.k_star_per_m || !p.grid_spacing_m) {
    std::cerr << "consumer: no ring predicted for the default target\n";
    return 1;
  }
  const double k_star = *p.k_star_per_m;
  const gridtheory::BoxLattice lattice = gridtheory::analyse_box_lattice(
      [&](double k) { return gridtheory::power(config.encoding, k); }, k_star, config.box.side_m,
      config.box.periodic);
  std::cout << gridtheory::to_json(config, p, lattice).dump(2) << "\n";

  // Three plane waves at 60 degrees with the predicted wavenumber, binned as a ratemap
  // (docs/CONVENTIONS.md, "Ratemaps": [row][col] = [y][x], bin centres), then scored.
  const int nbins = 44;
  const double bin_m = config.box.side_m / nbins;
  std::vector<double> map(static_cast<std::size_t>(nbins) * nbins);
  for (int row = 0; row < nbins; ++row)
    for (int col = 0; col < nbins; ++col) {
      const double x = (col + 0.5) * bin_m, y = (row + 0.5) * bin_m;
      double v = 0.0;
      for (int j = 0; j < 3; ++j) {
        const double theta = j * std::numbers::pi / 3.0;
        v += std::cos(k_star * (std::cos(theta) * x + std::sin(theta) * y));
      }
      map[static_cast<std::size_t>(row) * nbins + col] = v;
    }
  const gridtheory::GridScores scores = gridtheory::score_ratemaps(
      map.data(), 1, nbins, config.box.side_m, gridtheory::SacMode::deepmind, 1)[0];

  const double spacing_m = *p.grid_spacing_m;
  std::cerr << "consumer: gridtheory " << gridtheory::version << ", k* " << k_star
            << " rad/m, grid spacing " << spacing_m << " m (expected " << expected_m
            << "), lattice at that spacing scores " << scores.score_60 << " with SAC spacing "
            << scores.grid_spacing_m << " m\n";
  const bool spacing_ok = std::abs(spacing_m - expected_m) <= 1e-9 * expected_m;
  const bool scored_ok = std::abs(scores.grid_spacing_m - spacing_m) <= 0.01 * spacing_m;
  return spacing_ok && scored_ok ? 0 : 1;
}
