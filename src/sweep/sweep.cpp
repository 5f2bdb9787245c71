#include "src/sweep/sweep.hpp"

#include "src/io/atomic_file.hpp"
#include "src/io/shipped_data.hpp"
#include "src/report/progress.hpp"
#include "src/sweep/child_process.hpp"
#include "src/sweep/sweep_detail.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace gridtheory::sweep {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

using namespace detail; // read_text, is_file (src/sweep/sweep_detail.hpp)

namespace {

constexpr std::string_view out_option = "--out";

// The threaded dispatcher: a shared list of indices, taken in order.
class ListDispatcher : public Dispatcher {
public:
  explicit ListDispatcher(std::vector<std::size_t> indices) : indices_(std::move(indices)) {}
  std::optional<std::size_t> next() override {
    const std::size_t i = next_.fetch_add(1);
    if (i >= indices_.size()) return std::nullopt;
    return indices_[i];
  }

private:
  std::vector<std::size_t> indices_;
  std::atomic<std::size_t> next_{0};
};

ordered_json run_json(const PlannedRun& run) {
  ordered_json j;
  j["id"] = run.id;
  j["index"] = run.index;
  j["block"] = run.block;
  j["command"] = run.command;
  j["options"] = run.options;
  return j;
}

// The last non-empty line of a log (the one-line error of a failed command).
std::string last_line(const std::string& text) {
  std::size_t end = text.size();
  while (end > 0) {
    std::size_t begin = text.rfind('\n', end - 1);
    begin = begin == std::string::npos ? 0 : begin + 1;
    std::string line = text.substr(begin, end - begin);
    // A progress line rewritten with carriage returns: keep its last state.
    if (const auto cr = line.rfind('\r'); cr != std::string::npos) line = line.substr(cr + 1);
    if (line.find_first_not_of(" \t") != std::string::npos) return line;
    if (begin == 0) break;
    end = begin - 1;
  }
  return "";
}

// Temporary files a killed attempt left in the run folder (their writer is gone).
void remove_stale_temporaries(const fs::path& folder) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos)
      fs::remove_all(entry.path(), ec);
}

struct Attempt {
  bool ok = false;
  std::string error; // one line when !ok
};

Attempt execute(const RunRequest& req, const PlannedRun& run) {
  const fs::path folder = run_folder(req.out, run.id);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw UserError(std::string(out_option), folder.string(),
                    "could not be created: " + ec.message(), "a writable sweep folder");
  remove_stale_temporaries(folder);
  ordered_json rj = run_json(run);

  std::vector<std::string> argv{req.exe.string()};
  const bool resume = run.command == "train" && is_file(folder / "config.json");
  if (resume) {
    argv.insert(argv.end(), {"train", "--resume", folder.string()});
  } else {
    const auto args = run.arguments();
    argv.insert(argv.end(), args.begin(), args.end());
    if (run.command == "predict")
      argv.insert(argv.end(), {"--format", "json"});
    else
      argv.insert(argv.end(), {"--out", folder.string()});
    argv.insert(argv.end(), {"--threads", std::to_string(req.threads_per_run)});
  }
  rj["argv"] = argv;
  write_file_atomically(folder / "run.json", rj.dump(2) + "\n", out_option);

  // predict prints its summary: capture it to a temporary name, rename when it succeeded.
  const fs::path summary = folder / "summary.json";
  const fs::path stdout_path =
      run.command == "predict" ? temporary_path_for(summary) : folder / "stdout.txt";
  ChildSpec child;
  child.argv = argv;
  child.env_overrides = {{"OMP_NUM_THREADS", std::to_string(req.threads_per_run)}};
  child.stdout_path = stdout_path;
  child.stderr_path = folder / "log.txt";
  const int code = run_child(child);

  Attempt a;
  if (code == 0) {
    if (run.command == "predict") commit_temporary(stdout_path, summary, out_option);
    a.ok = is_file(summary);
    if (!a.ok) a.error = "exit code 0 but no summary.json was written";
  } else {
    if (run.command == "predict") fs::remove(stdout_path, ec);
    const std::string line = last_line(read_text(folder / "log.txt"));
    a.error = "exit code " + std::to_string(code) + ": " + (line.empty() ? "(no message)" : line);
  }
  if (a.ok) {
    fs::remove(folder / "error.txt", ec);
  } else {
    try {
      write_file_atomically(folder / "error.txt", a.error + "\n", out_option);
    } catch (const UserError& e) {
      // The folder is full or unwritable: the sweep stops, and its one line keeps the run's error.
      throw UserError(std::string(out_option), req.out.string(),
                      "could not record the failure of run " + run.id + " (" + a.error +
                          "): " + e.what(),
                      "a writable sweep folder with free space; rerun the sweep to continue");
    }
  }
  return a;
}

} // namespace

fs::path run_executable() {
  if (const char* e = std::getenv("GRIDTHEORY_EXECUTABLE"); e && *e) return e;
  return running_executable();
}

RunOutcome run_sweep(const RunRequest& req) {
  if (req.jobs < 1 || req.threads_per_run < 1 || req.shard_count < 1 || req.shard_index < 0 ||
      req.shard_index >= req.shard_count)
    throw InternalError("run_sweep: invalid jobs, threads or shard");
  std::error_code ec;
  fs::create_directories(req.out / "runs", ec);
  if (ec)
    throw UserError(std::string(out_option), req.out.string(),
                    "could not be created: " + ec.message(),
                    "a folder whose parent exists and is writable");
  if (req.write_plan) {
    ordered_json plan;
    plan["name"] = req.plan.name;
    plan["spec"] = req.spec_path.string();
    plan["spec_text"] = req.plan.spec_text;
    plan["runs"] = ordered_json::array();
    for (const auto& r : req.plan.runs)
      plan["runs"].push_back(run_json(r));
    write_file_atomically(req.out / "sweep.json", plan.dump(2) + "\n", out_option);
  }

  RunOutcome outcome;
  std::vector<std::size_t> todo;
  for (const auto& r : req.plan.runs) {
    if (static_cast<int>(r.index % static_cast<std::size_t>(req.shard_count)) != req.shard_index)
      continue;
    ++outcome.selected;
    if (is_file(run_folder(req.out, r.id) / "summary.json"))
      ++outcome.skipped;
    else
      todo.push_back(r.index);
  }
  std::unique_ptr<Dispatcher> dispatcher =
      req.dispatcher ? req.dispatcher(todo) : std::make_unique<ListDispatcher>(todo);

  std::mutex mutex; // guards outcome, progress and the first folder error
  std::optional<UserError> folder_error;
  ProgressLine progress(req.progress, req.progress_tty, static_cast<long long>(todo.size()), "run",
                        "sweep: " + req.progress_label);
  const auto worker = [&] {
    while (true) {
      {
        std::lock_guard lock(mutex);
        if (folder_error) return;
      }
      const auto index = dispatcher->next();
      if (!index) return;
      const PlannedRun& run = req.plan.runs.at(*index);
      Attempt a;
      try {
        a = execute(req, run);
      } catch (const UserError& e) {
        std::lock_guard lock(mutex);
        if (!folder_error) folder_error = e;
        return;
      }
      std::lock_guard lock(mutex);
      (a.ok ? outcome.done : outcome.failed) += 1;
      // A plain line names every finished run; a terminal's line counts them and the failures,
      // and a failure's error gets a line of its own.
      const auto finished = static_cast<long long>(outcome.done + outcome.failed);
      if (req.progress_tty) {
        if (!a.ok)
          progress.message("sweep: " + req.progress_label + "FAILED " + run.id + ": " + a.error);
        progress.update(finished, outcome.failed ? std::to_string(outcome.failed) + " failed" : "",
                        true);
      } else {
        progress.update(finished,
                        (a.ok ? "done " : "FAILED ") + run.id + (a.ok ? "" : ": " + a.error), true);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < req.jobs; ++j)
    threads.emplace_back(worker);
  for (auto& t : threads)
    t.join();
  progress.finish();
  if (folder_error) throw *folder_error;
  return outcome;
}

} // namespace gridtheory::sweep
