// `gridtheory score`: grid scores of ratemaps read from a .npy file, one row per unit.
#include "src/app/score.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/params/number_text.hpp"
#include "src/report/score_table.hpp"
#include "theory/errors.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace gridtheory::cli {

namespace {

struct ScoreOptions {
  std::string ratemaps;
  std::optional<std::string> box;
  std::optional<std::string> sac;
  std::optional<std::string> threads;
  std::string format = "csv";
  std::optional<std::string> plot;
};

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
    // Text to typed values; app::score checks the ranges and the paths, then reads the file.
    app::ScoreRequest q;
    q.ratemaps = app::ArrayInput::file(opts->ratemaps);
    if (opts->box) q.box_m = parse_real(param("box"), *opts->box, {0.0, true, "a side in metres"});
    if (opts->sac) q.sac = app::parse_sac_mode(*opts->sac);
    if (opts->threads)
      q.threads = parse_whole(param("threads"), *opts->threads, 1, app::score_max_threads,
                              "a number of threads");
    if (opts->format != "csv" && opts->format != "json")
      throw UserError("--format", opts->format, "is not a known format", "csv, json");
    if (opts->plot) q.plot = *opts->plot;
    const app::ScoreResult r = app::score(q);

    // Unvisited bins: the default SAC counts them as rate 0 (the reference's rule); say so, once.
    const ScoreReport& rep = r.report;
    if (rep.unvisited_bins > 0 && !r.sac_given && rep.sac == SacMode::deepmind)
      std::cerr
          << "gridtheory score: " << rep.unvisited_bins << " unvisited (NaN) bins in "
          << rep.units_with_unvisited_bins << " of " << r.units()
          << " units counted as rate 0 (--sac deepmind, the default, as DeepMind's scorer and "
             "train do); --sac nan-aware leaves them out\n";
    if (opts->format == "json")
      out << score_json(rep).dump(2) << "\n";
    else
      out << scores_csv(rep.scores, rep.sac);
  };
  return {app, run};
}

} // namespace gridtheory::cli
