// Sweeps (src/sweep/README.md): plan a TOML spec into runs, execute them rerun-safely into a
// sweep folder, count their states and collect one results.csv.
#pragma once

#include "src/io/sweep_folder.hpp" // run_folder
#include "src/sweep/spec.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <vector>

namespace gridtheory::sweep {

// Hands out plan indices to workers. The threaded backend hands out a shared list; the MPI
// backend (src/mpi/) asks rank 0. next() is called from several threads at once.
class Dispatcher {
public:
  virtual ~Dispatcher() = default;
  virtual std::optional<std::size_t> next() = 0;
};
// Builds the dispatcher for the indices this process (shard) should run.
using DispatcherFactory =
    std::function<std::unique_ptr<Dispatcher>(const std::vector<std::size_t>& indices)>;

struct RunRequest {
  std::filesystem::path spec_path; // for sweep.json and messages
  Plan plan;
  std::filesystem::path out; // the sweep folder
  std::filesystem::path exe; // the gridtheory binary each run executes
  int jobs = 1;              // runs at once in this process
  int threads_per_run = 1;   // --threads of pattern/train and OMP_NUM_THREADS
  int shard_index = 0;       // runs whose index % shard_count == shard_index
  int shard_count = 1;
  bool write_plan = true;           // write OUT/sweep.json (the MPI backend: rank 0 only)
  DispatcherFactory dispatcher;     // empty: the threaded one
  std::ostream* progress = nullptr; // src/report/progress.hpp's line, updated per finished run
  bool progress_tty = false;        // a line rewritten in place (else a plain line per run)
  std::string progress_label;       // starts each progress line (the MPI rank)
};

// `sweep run` finished, but some of its runs failed (exit code 5): what() says how many.
class RunsFailed : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct RunOutcome {
  std::size_t selected = 0; // runs of this shard
  std::size_t skipped = 0;  // already done before this call
  std::size_t done = 0;     // finished by this call
  std::size_t failed = 0;   // failed in this call (error.txt written)
};

// Runs the shard's runs that are not done yet. Never throws for a failing run (its error.txt
// records it); throws UserError when the sweep folder cannot be written.
RunOutcome run_sweep(const RunRequest& request);

struct Status {
  std::size_t planned = 0, done = 0, failed = 0, pending = 0;
  std::vector<std::string> failed_ids; // plan order
};
// Reads OUT/sweep.json and the run folders (UserError when OUT holds no sweep).
Status sweep_status(const std::filesystem::path& out);

// The recorded error of failed run `id` (its error.txt, one line).
std::string failure_message(const std::filesystem::path& out, const std::string& id);

// Writes the tidy table (README) to `csv` atomically; returns the number of rows.
std::size_t collect(const std::filesystem::path& out, const std::filesystem::path& csv);

// The executable each run starts: $GRIDTHEORY_EXECUTABLE when set (tests that run the command line
// in-process; gridtheory-mpi pointed at a plain gridtheory), else the running program.
std::filesystem::path run_executable();

} // namespace gridtheory::sweep
