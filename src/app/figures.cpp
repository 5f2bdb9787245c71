#include "src/app/figures.hpp"

#include "src/app/threads.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/shipped_data.hpp"
#include "src/sweep/spec.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

namespace gridtheory::app {

namespace fs = std::filesystem;

namespace {

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
  throw UserError(param("spec"), shipped_spec,
                  "was found neither in the current folder nor in " + searched,
                  param("spec") + " FILE, or " + param("results") + " CSV");
}

void check_request(const FiguresRequest& r) {
  if (r.jobs)
    require_count_in_range(param("jobs"), *r.jobs, 1, max_jobs, "a number of runs at once");
  if (r.results && r.spec)
    throw UserError(param("spec"), r.spec->string(), "cannot be used with " + param("results"),
                    param("results") + " CSV, or " + param("spec") + " FILE to run a sweep first");
  if (r.results && r.jobs)
    throw UserError(param("jobs"), std::to_string(*r.jobs),
                    "applies only when figures runs a sweep first (without " + param("results") +
                        ")",
                    param("jobs") + " without " + param("results") + ", or no " + param("jobs"));
  const fs::path& dir = r.out;
  if (dir.empty()) throw UserError(param("out"), "", "is empty", "a folder path");
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UserError(param("out"), dir.string(), "exists and is not a folder", "a folder path");
  check_output_path(fs::is_directory(dir, ec) ? dir / "spectra.png" : dir, param("out"));
}

} // namespace

FiguresResult figures(const FiguresRequest& request) {
  check_request(request);
  const int cores = default_threads();
  const int jobs = request.jobs.value_or(cores);
  FiguresResult result;
  std::optional<sweep::Plan> plan;
  fs::path spec;
  if (request.results) {
    result.results = read_results(*request.results, param("results"));
  } else {
    spec = request.spec ? *request.spec : find_shipped_spec();
    plan = sweep::plan_from_file(spec);
  }
  const fs::path& dir = request.out;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw UserError(param("out"), dir.string(), "could not be created: " + ec.message(),
                    "a folder whose parent exists and is writable");

  if (plan) {
    const auto start = std::chrono::steady_clock::now();
    sweep::RunRequest req;
    req.spec_path = spec;
    req.plan = std::move(*plan);
    req.out = dir / "sweep";
    req.exe = sweep::run_executable();
    req.jobs = jobs;
    req.threads_per_run = std::max(1, cores / jobs);
    req.progress = request.progress;
    if (request.progress)
      *request.progress << "figures: running " << req.plan.runs.size() << " runs of "
                        << spec.string() << " into " << req.out.string() << " (" << jobs
                        << " at once)\n";
    FiguresSweep s;
    s.spec = spec;
    s.jobs = jobs;
    s.outcome = sweep::run_sweep(req);
    s.table = req.out / "results.csv";
    sweep::collect(req.out, s.table);
    result.results = read_results(s.table, param("results"));
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.sweep = std::move(s);
  }
  result.figures = write_paper_figures(result.results ? &*result.results : nullptr, dir);
  return result;
}

std::string summary_text(const FiguresResult& result) {
  std::ostringstream out;
  if (const auto& s = result.sweep) {
    const sweep::RunOutcome& o = s->outcome;
    out << "sweep    " << o.selected << " runs of " << s->spec.string() << ": " << o.skipped
        << " already done, " << o.done << " done, " << o.failed << " failed ("
        << format_number(std::round(s->seconds * 10) / 10) << " s); table " << s->table.string()
        << "\n";
  }
  if (const auto& results = result.results) {
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
  for (const auto& f : result.figures) {
    if (f.drawn)
      out << "wrote    " << f.png.string() << " (+ .csv, .gp): " << f.note << "\n";
    else
      out << "skipped  " << f.name << ": " << f.note << "\n";
    for (const auto& panel : f.skipped_panels)
      out << "skipped  " << f.name << ", " << panel << "\n";
  }
  return out.str();
}

} // namespace gridtheory::app
