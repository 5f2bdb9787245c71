// `gridtheory figures`: the NFL paper's figures from a sweep's results.csv (src/plot/
// paper_figures.hpp), or from the small shipped sweep sweeps/figures.toml run first.
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/shipped_data.hpp"
#include "src/plot/paper_figures.hpp"
#include "src/sweep/spec.hpp"
#include "src/sweep/sweep.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
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

constexpr const char* shipped_spec = "sweeps/figures.toml";

// The shipped spec: ./sweeps/figures.toml, else the one shipped with the binary
// (src/io/shipped_data.hpp: PREFIX/share/gridtheory installed, share/gridtheory in a build tree).
fs::path find_shipped_spec() {
  std::error_code ec;
  if (fs::is_regular_file(shipped_spec, ec)) return shipped_spec;
  const fs::path exe = running_executable();
  if (auto p = find_shipped_file(exe, shipped_spec)) return *p;
  std::string searched;
  for (const fs::path& dir : shipped_data_dirs(exe))
    searched += (searched.empty() ? "" : " nor in ") + dir.string();
  throw UserError("--spec", shipped_spec,
                  "was found neither in the current folder nor in " + searched,
                  "--spec FILE, or --results CSV");
}

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
    // Everything is checked before any work.
    const int cores = default_threads();
    const int jobs = opts->jobs ? static_cast<int>(parse_count("--jobs", *opts->jobs, 1, 100000,
                                                               "a number of runs at once"))
                                : cores;
    if (opts->results && opts->spec)
      throw UserError("--spec", *opts->spec, "cannot be used with --results",
                      "--results CSV, or --spec FILE to run a sweep first");
    if (opts->results && opts->jobs)
      throw UserError("--jobs", *opts->jobs,
                      "applies only when figures runs a sweep first (without --results)",
                      "--jobs without --results, or no --jobs");
    const fs::path dir = opts->out;
    if (dir.empty()) throw UserError("--out", "", "is empty", "a folder path");
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
      throw UserError("--out", dir.string(), "exists and is not a folder", "a folder path");
    check_output_path(fs::is_directory(dir, ec) ? dir / "spectra.png" : dir, "--out");

    std::optional<ResultTable> results;
    std::optional<sweep::Plan> plan;
    fs::path spec;
    if (opts->results) {
      results = read_results(*opts->results, "--results");
    } else {
      spec = opts->spec ? fs::path(*opts->spec) : find_shipped_spec();
      plan = sweep::plan_from_file(spec);
    }
    fs::create_directories(dir, ec);
    if (ec)
      throw UserError("--out", dir.string(), "could not be created: " + ec.message(),
                      "a folder whose parent exists and is writable");

    std::string sweep_line;
    if (plan) {
      const auto start = std::chrono::steady_clock::now();
      sweep::RunRequest req;
      req.spec_path = spec;
      req.plan = std::move(*plan);
      req.out = dir / "sweep";
      req.exe = sweep::run_executable();
      req.jobs = jobs;
      req.threads_per_run = std::max(1, cores / jobs);
      req.progress = &std::cerr;
      std::cerr << "figures: running " << req.plan.runs.size() << " runs of " << spec.string()
                << " into " << req.out.string() << " (" << jobs << " at once)\n";
      const sweep::RunOutcome o = sweep::run_sweep(req);
      const fs::path csv = req.out / "results.csv";
      sweep::collect(req.out, csv);
      results = read_results(csv, "--results");
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      sweep_line = "sweep    " + std::to_string(o.selected) + " runs of " + spec.string() + ": " +
                   std::to_string(o.skipped) + " already done, " + std::to_string(o.done) +
                   " done, " + std::to_string(o.failed) + " failed (" +
                   format_number(std::round(seconds * 10) / 10) + " s); table " + csv.string() +
                   "\n";
    }

    const auto figures = write_paper_figures(results ? &*results : nullptr, dir);
    out << sweep_line;
    if (results) {
      out << "results  " << results->rows.size() << " finished runs"
          << (results->not_done
                  ? " (" + std::to_string(results->not_done) + " failed or pending left out)"
                  : std::string())
          << "\n";
      if (results->refused)
        out << "results  " << results->refused
            << " finished runs left out: options a run refuses (encoding, --box)\n";
      if (results->non_finite_fields) {
        out << "results  " << results->non_finite_fields
            << " NaN or infinite fields read as missing (left out of every figure):";
        for (std::size_t i = 0; i < results->non_finite_columns.size(); ++i)
          out << (i ? ", " : " ") << results->non_finite_columns[i];
        out << "\n";
      }
    }
    for (const auto& f : figures) {
      if (f.drawn)
        out << "wrote    " << f.png.string() << " (+ .csv, .gp): " << f.note << "\n";
      else
        out << "skipped  " << f.name << ": " << f.note << "\n";
      for (const auto& panel : f.skipped_panels)
        out << "skipped  " << f.name << ", " << panel << "\n";
    }
  };
  return {app, run};
}

} // namespace gridtheory::cli
