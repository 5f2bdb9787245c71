// `gridtheory score`: grid scores of ratemaps read from a .npy file, one row per unit.
#include "numerics/grid_scores.hpp"
#include "numerics/lattice_stats.hpp"
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/npy.hpp"
#include "src/plot/figure.hpp"
#include "src/plot/mosaic.hpp"
#include "src/report/score_table.hpp"
#include "src/version.hpp"
#include "theory/defaults.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gridtheory::cli {

namespace {

constexpr int kMaxBins = 512; // at 512: ~250 MB of shared tables, ~85 MB of FFT buffers a thread
constexpr int kMaxThreads = 256;

struct ScoreOptions {
  std::string ratemaps;
  std::optional<std::string> box;
  std::optional<std::string> sac;
  std::optional<std::string> threads;
  std::string format = "csv";
  std::optional<std::string> plot;
};

// score --plot FILE.png: the SACs go to FILE_sacs.png beside it.
std::filesystem::path score_sacs_figure_path(const std::filesystem::path& png) {
  std::filesystem::path p = png;
  p.replace_filename(png.stem().string() + "_sacs.png");
  return p;
}

} // namespace

Command add_score_command(CLI::App& parent) {
  auto opts = std::make_shared<ScoreOptions>();
  CLI::App* app = parent.add_subcommand(
      "score", "Grid scores of ratemaps (DeepMind's score_60 / score_90, NFL's min-max score_60, "
               "BNT gridness, grid spacing and orientation, Fourier spacing), one row per unit");
  app->add_option("--ratemaps", opts->ratemaps,
                  "ratemaps as a NumPy .npy file of float32/float64, shape (units, nbins, nbins) "
                  "or (nbins, nbins); [row][col] = [y][x], NaN = unvisited bin (required)")
      ->required()
      ->type_name("FILE.npy");
  add_text_option(*app, "--box", opts->box, "square arena side L in metres (default 2.2 m, NFL)",
                  "L");
  add_text_option(
      *app, "--sac", opts->sac,
      "how unvisited (NaN) bins enter the autocorrelogram: deepmind (default, as train scores) "
      "counts them as rate 0, as DeepMind's scores.py and so most published network scores do; "
      "nan-aware leaves them out of every lag's correlation, the better estimate when part of the "
      "box was not visited. The two agree when every bin was visited",
      "deepmind|nan-aware");
  add_text_option(*app, "--threads", opts->threads,
                  "threads scoring units in parallel (default: all cores)", "N");
  app->add_option("--format", opts->format,
                  "output: csv (one row per unit, NaN as nan) or json (one object, NaN as "
                  "null); default csv")
      ->type_name("csv|json");
  add_text_option(*app, "--plot", opts->plot,
                  "also draw the best units by score_60 (up to 16): their ratemaps in FILE.png "
                  "and their autocorrelograms (--sac's) in FILE_sacs.png, each with its .csv and "
                  ".gp beside it",
                  "FILE.png");

  auto run = [opts](std::ostream& out) {
    // Validate every option before reading or printing anything.
    const double box_m = opts->box
                             ? parse_number("--box", *opts->box, {0.0, true, "a side in metres"})
                             : defaults::box_m;
    SacMode mode = default_sac;
    if (opts->sac == "deepmind")
      mode = SacMode::deepmind;
    else if (opts->sac == "nan-aware")
      mode = SacMode::nan_aware;
    else if (opts->sac)
      throw UserError("--sac", *opts->sac, "is not a known autocorrelogram mode",
                      "nan-aware, deepmind");
    int threads = 1;
    if (opts->threads) {
      threads = static_cast<int>(
          parse_count("--threads", *opts->threads, 1, kMaxThreads, "a number of threads"));
    } else {
      const unsigned cores = std::thread::hardware_concurrency();
      threads = cores == 0 ? 1 : static_cast<int>(std::min<unsigned>(cores, kMaxThreads));
    }
    if (opts->format != "csv" && opts->format != "json")
      throw UserError("--format", opts->format, "is not a known format", "csv, json");
    std::filesystem::path sacs_png;
    if (opts->plot) {
      check_figure_path(*opts->plot, "--plot");
      sacs_png = score_sacs_figure_path(*opts->plot);
      check_figure_path(sacs_png, "--plot");
    }

    const NpyArray maps = read_npy(opts->ratemaps, "--ratemaps");
    const auto& shape = maps.shape;
    const std::string expected = "shape (units, nbins, nbins) or (nbins, nbins)";
    if (shape.size() != 2 && shape.size() != 3)
      throw UserError("--ratemaps", opts->ratemaps,
                      "has shape " + npy_shape_text(shape) + ", not one or more square maps",
                      expected);
    const std::size_t units = shape.size() == 3 ? shape[0] : 1;
    const std::size_t rows = shape[shape.size() - 2], cols = shape[shape.size() - 1];
    if (rows != cols)
      throw UserError("--ratemaps", opts->ratemaps,
                      "has shape " + npy_shape_text(shape) + ": its maps are " +
                          std::to_string(rows) + " x " + std::to_string(cols) + ", not square",
                      expected);
    if (rows < 3 || rows > static_cast<std::size_t>(kMaxBins))
      throw UserError("--ratemaps", opts->ratemaps,
                      "has maps of " + std::to_string(rows) + " x " + std::to_string(cols) +
                          " bins",
                      "3 to " + std::to_string(kMaxBins) + " bins per side");
    if (units == 0)
      throw UserError("--ratemaps", opts->ratemaps,
                      "has shape " + npy_shape_text(shape) + ": it holds no ratemaps", expected);
    const int nbins = static_cast<int>(rows);
    const std::size_t cells = rows * cols;
    for (std::size_t i = 0; i < maps.data.size(); ++i)
      if (std::isinf(maps.data[i]))
        throw UserError("--ratemaps", opts->ratemaps,
                        "has an infinite rate in unit " + std::to_string(i / cells) + ", bin [" +
                            std::to_string(i % cells / rows) + "][" + std::to_string(i % rows) +
                            "]",
                        "finite rates, NaN for unvisited bins");

    // Unvisited bins: the default SAC counts them as rate 0 (the reference's rule); say so, once.
    std::size_t unvisited = 0, units_unvisited = 0;
    for (std::size_t u = 0; u < units; ++u) {
      const auto* map = maps.data.data() + u * cells;
      const auto n = static_cast<std::size_t>(
          std::count_if(map, map + cells, [](double v) { return std::isnan(v); }));
      unvisited += n;
      units_unvisited += n > 0 ? 1 : 0;
    }
    if (unvisited > 0 && !opts->sac && mode == SacMode::deepmind)
      std::cerr
          << "gridtheory score: " << unvisited << " unvisited (NaN) bins in " << units_unvisited
          << " of " << units
          << " units counted as rate 0 (--sac deepmind, the default, as DeepMind's scorer and "
             "train do); --sac nan-aware leaves them out\n";

    const std::vector<GridScores> scores =
        score_ratemaps(maps.data.data(), units, nbins, box_m, mode, threads);
    if (opts->plot) {
      const std::string what = std::to_string(units) + " units, " + std::to_string(nbins) +
                               " bins, " + format_number(box_m) + " m box";
      write_top_unit_mosaics(maps.data.data(), nbins, box_m, scores, mode,
                             defaults::train_mosaic_units, "best units by score_60: " + what,
                             "their autocorrelograms (" + std::string(sac_mode_name(mode)) +
                                 " SAC): " + what,
                             *opts->plot, sacs_png, "--plot");
    }

    if (opts->format == "json") {
      nlohmann::ordered_json j;
      j["sac"] = std::string(sac_mode_name(mode));
      j["box_m"] = box_m;
      j["nbins"] = nbins;
      j["bin_m"] = box_m / nbins;
      j["units_count"] = units;
      j["unvisited_bins"] = unvisited;
      j["units_with_unvisited_bins"] = units_unvisited;
      j["version"] = version;
      j["definitions"] = score_definitions();
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (std::size_t u = 0; u < scores.size(); ++u) {
        nlohmann::ordered_json row;
        row["unit"] = u;
        const auto v = score_values(scores[u]);
        for (std::size_t c = 0; c < v.size(); ++c)
          row[score_columns[c]] =
              std::isnan(v[c])
                  ? nlohmann::ordered_json(nullptr)
                  : nlohmann::ordered_json(std::strtod(format_score(v[c]).c_str(), nullptr));
        // The field centres behind field_count, in metres from the arena's corner.
        nlohmann::ordered_json centres = nlohmann::ordered_json::array();
        for (const FieldCentre& f : field_centres(maps.data.data() + u * cells, nbins, box_m))
          centres.push_back({std::strtod(format_score(f.x_m).c_str(), nullptr),
                             std::strtod(format_score(f.y_m).c_str(), nullptr)});
        row["field_centres_m"] = centres;
        list.push_back(row);
      }
      j["units"] = list;
      out << j.dump(2) << "\n";
      return;
    }
    out << scores_csv(scores, mode);
  };
  return {app, run};
}

} // namespace gridtheory::cli
