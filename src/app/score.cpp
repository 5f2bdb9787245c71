#include "src/app/score.hpp"

#include "numerics/grid_scores.hpp"
#include "numerics/lattice_stats.hpp"
#include "src/app/threads.hpp"
#include "src/plot/figure.hpp"
#include "src/plot/mosaic.hpp"
#include "theory/defaults.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace gridtheory::app {

namespace {

// score --plot FILE.png: the SACs go to FILE_sacs.png beside it.
std::filesystem::path sacs_figure_path(const std::filesystem::path& png) {
  std::filesystem::path p = png;
  p.replace_filename(png.stem().string() + "_sacs.png");
  return p;
}

} // namespace

SacMode parse_sac_mode(std::string_view text) {
  if (text == "deepmind") return SacMode::deepmind;
  if (text == "nan-aware") return SacMode::nan_aware;
  throw UserError(param("sac"), std::string(text), "is not a known autocorrelogram mode",
                  "nan-aware, deepmind");
}

Ratemaps load_ratemaps(const ArrayInput& input, std::string_view option_name) {
  const std::string option(option_name);
  Ratemaps r;
  r.array = load(input, option);
  const auto& shape = r.array.shape;
  const std::string& what = r.array.value;
  const std::string expected = "shape (units, nbins, nbins) or (nbins, nbins)";
  if (shape.size() != 2 && shape.size() != 3)
    throw UserError(option, what,
                    "has shape " + npy_shape_text(shape) + ", not one or more square maps",
                    expected);
  r.units = shape.size() == 3 ? shape[0] : 1;
  const std::size_t rows = shape[shape.size() - 2], cols = shape[shape.size() - 1];
  if (rows != cols)
    throw UserError(option, what,
                    "has shape " + npy_shape_text(shape) + ": its maps are " +
                        std::to_string(rows) + " x " + std::to_string(cols) + ", not square",
                    expected);
  if (rows < 3 || rows > static_cast<std::size_t>(score_max_bins))
    throw UserError(option, what,
                    "has maps of " + std::to_string(rows) + " x " + std::to_string(cols) + " bins",
                    "3 to " + std::to_string(score_max_bins) + " bins per side");
  if (r.units == 0)
    throw UserError(option, what, "has shape " + npy_shape_text(shape) + ": it holds no ratemaps",
                    expected);
  r.nbins = static_cast<int>(rows);
  const std::size_t cells = rows * cols, size = r.units * cells;
  for (std::size_t i = 0; i < size; ++i)
    if (std::isinf(r.array.data[i]))
      throw UserError(option, what,
                      "has an infinite rate in unit " + std::to_string(i / cells) + ", bin [" +
                          std::to_string(i % cells / rows) + "][" + std::to_string(i % rows) + "]",
                      "finite rates, NaN for unvisited bins");
  return r;
}

std::vector<double> autocorrelograms(const Ratemaps& maps, SacMode mode) {
  const auto n = static_cast<std::size_t>(maps.nbins), size = 2 * n - 1;
  std::vector<double> out(maps.units * size * size);
  Autocorrelogram ac(maps.nbins, mode);
  for (std::size_t u = 0; u < maps.units; ++u)
    ac.compute(maps.array.data + u * n * n, out.data() + u * size * size);
  return out;
}

ScoreResult score(const ScoreRequest& q) {
  // Every option before the ratemaps are read.
  if (q.box_m) require_in_range(param("box"), *q.box_m, {0.0, true, "a side in metres"});
  const double box_m = q.box_m.value_or(defaults::box_m);
  const SacMode mode = q.sac.value_or(default_sac);
  int threads = 1;
  if (q.threads) {
    require_count_in_range(param("threads"), *q.threads, 1, score_max_threads,
                           "a number of threads");
    threads = static_cast<int>(*q.threads);
  } else {
    threads = std::min(default_threads(), static_cast<int>(score_max_threads));
  }
  std::filesystem::path sacs_png;
  if (q.plot) {
    check_figure_path(*q.plot, param("plot"));
    sacs_png = sacs_figure_path(*q.plot);
    check_figure_path(sacs_png, param("plot"));
  }

  const Ratemaps maps = load_ratemaps(q.ratemaps, param("ratemaps"));
  const std::size_t cells = static_cast<std::size_t>(maps.nbins) * maps.nbins;
  ScoreResult r;
  r.sac_given = q.sac.has_value();
  ScoreReport& rep = r.report;
  rep.sac = mode;
  rep.box_m = box_m;
  rep.nbins = maps.nbins;
  for (std::size_t u = 0; u < maps.units; ++u) {
    const double* map = maps.array.data + u * cells;
    const auto n = static_cast<std::size_t>(
        std::count_if(map, map + cells, [](double v) { return std::isnan(v); }));
    rep.unvisited_bins += n;
    rep.units_with_unvisited_bins += n > 0 ? 1 : 0;
  }
  rep.scores = score_ratemaps(maps.array.data, maps.units, maps.nbins, box_m, mode, threads);
  // The field centres behind field_count, in metres from the arena's corner.
  rep.field_centres.resize(maps.units);
  for (std::size_t u = 0; u < maps.units; ++u)
    rep.field_centres[u] = field_centres(maps.array.data + u * cells, maps.nbins, box_m);
  if (q.plot) {
    const std::string what = std::to_string(maps.units) + " units, " + std::to_string(maps.nbins) +
                             " bins, " + format_number(box_m) + " m box";
    write_top_unit_mosaics(maps.array.data, maps.nbins, box_m, rep.scores, mode,
                           defaults::train_mosaic_units, "best units by score_60: " + what,
                           "their autocorrelograms (" + std::string(sac_mode_name(mode)) +
                               " SAC): " + what,
                           *q.plot, sacs_png, param("plot"));
  }
  return r;
}

} // namespace gridtheory::app
