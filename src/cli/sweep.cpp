// `gridtheory sweep plan|run|status|collect`: many runs of predict, pattern or train from one
// TOML spec (src/sweep/README.md).
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/csv.hpp"
#include "src/report/progress.hpp"
#include "theory/errors.hpp"

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <set>

namespace gridtheory::cli {

namespace fs = std::filesystem;

namespace {

struct SweepCliOptions {
  std::string spec, out, dir, format = "text";
  std::optional<std::string> jobs, shard, threads_per_run;
};

long long parse_count(const std::string& option, const std::string& text, long long lo) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo)
    throw UserError(option, text, "is not an integer >= " + std::to_string(lo),
                    "an integer >= " + std::to_string(lo));
  return v;
}

// --shard I/N, or the SLURM array's task among its count.
std::pair<int, int> resolve_shard(const std::optional<std::string>& text) {
  if (text) {
    const auto slash = text->find('/');
    if (slash == std::string::npos)
      throw UserError("--shard", *text, "is not I/N", "I/N with 0 <= I < N, e.g. 0/4");
    const long long i = parse_count("--shard", text->substr(0, slash), 0);
    const long long n = parse_count("--shard", text->substr(slash + 1), 1);
    if (i >= n) throw UserError("--shard", *text, "has I >= N", "I/N with 0 <= I < N");
    return {static_cast<int>(i), static_cast<int>(n)};
  }
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (!count) return {0, 1};
  const auto env = [](const char* name, long long fallback, long long lo) {
    const char* v = std::getenv(name);
    if (!v) return fallback;
    return parse_count(name, v, lo);
  };
  const long long n = env("SLURM_ARRAY_TASK_COUNT", 1, 1);
  const long long id = env("SLURM_ARRAY_TASK_ID", 0, 0);
  const long long min = env("SLURM_ARRAY_TASK_MIN", 0, 0);
  const long long i = id - min;
  if (i < 0 || i >= n)
    throw UserError("SLURM_ARRAY_TASK_ID", std::to_string(id),
                    "minus SLURM_ARRAY_TASK_MIN is not below SLURM_ARRAY_TASK_COUNT " +
                        std::to_string(n) + " (an array with gaps?)",
                    "a contiguous array, e.g. --array=0-" + std::to_string(n - 1) +
                        ", or --shard I/N");
  return {static_cast<int>(i), static_cast<int>(n)};
}

// Every option of every run must be an option of its command (checked against the command's own
// parser), a flag only `true`. Values are checked by the run itself (a bad one fails that run).
void check_options(const sweep::Plan& plan, const std::string& source) {
  CLI::App parent;
  std::map<std::string, CLI::App*> apps{{"predict", add_predict_command(parent).app},
                                        {"pattern", add_pattern_command(parent).app},
                                        {"train", add_train_command(parent).app}};
  std::set<std::pair<std::string, std::string>> checked;
  for (const auto& run : plan.runs)
    for (const auto& [name, value] : run.options) {
      if (!checked.insert({run.command, name + (value == "true" ? "" : "=")}).second) continue;
      const CLI::Option* opt = apps.at(run.command)->get_option_no_throw("--" + name);
      if (!opt)
        throw UserError("SPEC", source,
                        "block " + run.block + ": '" + name + "' is not an option of gridtheory " +
                            run.command,
                        "the options of gridtheory " + run.command + " --help, without dashes");
      if (opt->get_expected_min() == 0 && value != "true")
        throw UserError("SPEC", source,
                        "block " + run.block + ": '" + name + "' is a flag, given '" + value + "'",
                        name + " = true or false");
    }
}

sweep::Plan load_plan(const std::string& spec) {
  sweep::Plan plan = sweep::plan_from_file(spec);
  if (plan.runs.empty())
    throw UserError("SPEC", spec, "expands to no runs", "a spec with at least one run");
  check_options(plan, spec);
  return plan;
}

std::string argument_text(const sweep::PlannedRun& run) {
  std::string text = "gridtheory";
  for (const auto& a : run.arguments())
    text += " " + (a.find_first_of(" \t'\"") == std::string::npos ? a : "'" + a + "'");
  return text;
}

} // namespace

Command add_sweep_command(CLI::App& parent, SweepRunner runner) {
  auto o = std::make_shared<SweepCliOptions>();
  CLI::App* app = parent.add_subcommand(
      "sweep", "Many runs of predict, pattern or train from one TOML spec: plan, run (threads, "
               "--shard for SLURM arrays, gridtheory-mpi for MPI), status, collect");
  app->require_subcommand(1);
  CLI::App* plan = app->add_subcommand("plan", "List the runs a spec expands to");
  plan->add_option("SPEC", o->spec, "the TOML sweep spec")->required();
  plan->add_option("--format", o->format, "text (default) or csv")->type_name("text|csv");

  CLI::App* run = app->add_subcommand(
      "run", "Run a spec's runs into a sweep folder, skipping finished ones (rerun-safe)");
  run->add_option("SPEC", o->spec, "the TOML sweep spec")->required();
  run->add_option("--out", o->out, "the sweep folder (created; its parent must exist)")
      ->type_name("DIR")
      ->required();
  add_text_option(*run, "--jobs", o->jobs, "runs at once (default: all cores)", "J");
  add_text_option(
      *run, "--shard", o->shard,
      "run only the runs whose index is I modulo N (default: from "
      "SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT, else 0/1)",
      "I/N");
  add_text_option(*run, "--threads-per-run", o->threads_per_run,
                  "threads of each run (default: cores / (jobs x MPI ranks on this node), at "
                  "least 1)",
                  "T");

  CLI::App* status = app->add_subcommand("status", "Count a sweep's done, failed and pending runs");
  status->add_option("DIR", o->dir, "the sweep folder")->required();

  CLI::App* collect = app->add_subcommand(
      "collect", "Write one results.csv: a row per run, every option and summary metric");
  collect->add_option("DIR", o->dir, "the sweep folder")->required();
  collect->add_option("--out", o->out, "the table to write (default DIR/results.csv)")
      ->type_name("FILE");

  auto action = [=](std::ostream& out) {
    if (plan->parsed()) {
      if (o->format != "text" && o->format != "csv")
        throw UserError("--format", o->format, "is not a known format", "text, csv");
      const sweep::Plan p = load_plan(o->spec);
      if (o->format == "csv") {
        out << csv_row({"index", "run_id", "block", "command", "arguments"});
        for (const auto& r : p.runs)
          out << csv_row({std::to_string(r.index), r.id, r.block, r.command, argument_text(r)});
        return;
      }
      out << (p.name.empty() ? std::string("sweep") : p.name) << ": " << p.runs.size() << " runs"
          << (p.duplicates ? " (" + std::to_string(p.duplicates) + " duplicates merged)" : "")
          << " from " << o->spec << "\n";
      for (const auto& r : p.runs)
        out << r.index << "  " << r.id << "  [" << r.block << "]  " << argument_text(r) << "\n";
      return;
    }
    if (run->parsed()) {
      const int cores = default_threads();
      const int jobs = o->jobs ? static_cast<int>(parse_count("--jobs", *o->jobs, 1)) : cores;
      // Ranks of an MPI job that share this node share its cores too.
      int ranks_here = 1;
      if (const char* v = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE"))
        ranks_here = std::max(1, std::atoi(v));
      const int threads =
          o->threads_per_run
              ? static_cast<int>(parse_count("--threads-per-run", *o->threads_per_run, 1))
              : std::max(1, cores / (jobs * ranks_here));
      const auto [shard_index, shard_count] = resolve_shard(o->shard);
      sweep::RunRequest req;
      req.spec_path = o->spec;
      req.plan = load_plan(o->spec);
      req.out = o->out;
      std::error_code ec;
      if (fs::exists(req.out, ec) && !fs::is_directory(req.out, ec))
        throw UserError("--out", o->out, "exists and is not a folder", "a folder path");
      check_output_path(fs::is_directory(req.out, ec) ? req.out / "sweep.json" : req.out, "--out");
      req.exe = sweep::run_executable();
      req.jobs = jobs;
      req.threads_per_run = threads;
      req.shard_index = shard_index;
      req.shard_count = shard_count;
      req.progress = &std::cerr;
      req.progress_tty = stderr_is_terminal();
      const sweep::RunOutcome r = runner ? runner(req) : sweep::run_sweep(req);
      const std::string counts =
          std::to_string(r.selected) + " runs in shard " + std::to_string(shard_index) + "/" +
          std::to_string(shard_count) + ": " + std::to_string(r.skipped) + " already done, " +
          std::to_string(r.done) + " done now, " + std::to_string(r.failed) + " failed";
      if (r.failed > 0)
        throw sweep::RunsFailed(counts + " (their errors: gridtheory sweep status " + o->out + ")");
      out << "sweep: " << counts << "; folder " << o->out << "\n";
      return;
    }
    if (status->parsed()) {
      const sweep::Status st = sweep::sweep_status(o->dir);
      out << "planned " << st.planned << ", done " << st.done << ", failed " << st.failed
          << ", pending " << st.pending << "\n";
      for (const auto& id : st.failed_ids)
        out << "failed  " << id << ": " << sweep::failure_message(o->dir, id) << "\n";
      return;
    }
    if (collect->parsed()) {
      const fs::path csv = o->out.empty() ? fs::path(o->dir) / "results.csv" : fs::path(o->out);
      const std::size_t rows = sweep::collect(o->dir, csv);
      out << "collected " << rows << " runs into " << csv.string() << "\n";
    }
  };
  return {app, action};
}

} // namespace gridtheory::cli
