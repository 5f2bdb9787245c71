// `gridtheory figures`: the NFL paper's figures from a sweep's results.csv, or from the small
// shipped sweep sweeps/figures.toml run first (src/app/figures.hpp).
#include "src/app/figures.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "theory/distribution.hpp"

#include <iostream>
#include <memory>

namespace gridtheory::cli {

namespace fs = std::filesystem;

namespace {

struct FiguresOptions {
  std::optional<std::string> results;
  std::string out;
  std::optional<std::string> jobs;
  std::optional<std::string> spec;
};

} // namespace

Command add_figures_command(CLI::App& parent) {
  auto opts = std::make_shared<FiguresOptions>();
  CLI::App* app = parent.add_subcommand(
      "figures", "Draw the figures of Schaeffer, Khona & Fiete 2022 (NFL) from a sweep's "
                 "results.csv, theory over simulation (PNG + CSV data + gnuplot script each); "
                 "without --results, first run the small shipped sweep sweeps/figures.toml");
  add_text_option(*app, "--results", opts->results,
                  "a sweep's results.csv (`gridtheory sweep collect`); run folders are read from "
                  "runs/ beside it. Default: run sweeps/figures.toml into OUT/sweep first",
                  "CSV");
  app->add_option("--out", opts->out,
                  "folder for the figures; created if missing (its parent must exist)")
      ->required()
      ->type_name("DIR");
  add_text_option(*app, "--jobs", opts->jobs,
                  "without --results: runs of the shipped sweep at once (default: all cores)", "J");
  add_text_option(*app, "--spec", opts->spec,
                  "without --results: the sweep spec to run instead of sweeps/figures.toml "
                  "(default: sweeps/figures.toml of the current folder, else the one shipped with "
                  "the binary)",
                  "FILE");

  auto run = [opts](std::ostream& out) {
    app::FiguresRequest request;
    if (opts->jobs)
      request.jobs = static_cast<int>(
          parse_count("--jobs", *opts->jobs, 1, app::max_jobs, "a number of runs at once"));
    if (opts->results) request.results = *opts->results;
    if (opts->spec) request.spec = *opts->spec;
    request.out = opts->out;
    request.progress = &std::cerr;
    out << app::summary_text(app::figures(request));
  };
  return {app, run};
}

} // namespace gridtheory::cli
