#include "src/sweep/sweep.hpp"

#include "src/io/atomic_file.hpp"
#include "src/io/csv.hpp"
#include "src/io/shipped_data.hpp"
#include "src/report/progress.hpp"
#include "src/sweep/child_process.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

namespace gridtheory::sweep {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

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

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
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

namespace {

struct SweepFile {
  std::vector<PlannedRun> runs;
  std::string name;
};

SweepFile read_sweep(const fs::path& out, std::string_view option) {
  const fs::path file = out / "sweep.json";
  if (!is_file(file))
    throw UserError(std::string(option), out.string(), "holds no sweep (no sweep.json)",
                    "a folder written by gridtheory sweep run");
  SweepFile s;
  try {
    const json j = json::parse(read_text(file));
    s.name = j.at("name").get<std::string>();
    for (const auto& r : j.at("runs")) {
      PlannedRun run;
      run.index = r.at("index").get<std::size_t>();
      run.id = r.at("id").get<std::string>();
      run.block = r.at("block").get<std::string>();
      run.command = r.at("command").get<std::string>();
      run.options = r.at("options").get<std::map<std::string, std::string>>();
      s.runs.push_back(std::move(run));
    }
  } catch (const json::exception& e) {
    throw UserError(std::string(option), file.string(),
                    "is not a sweep plan: " + std::string(e.what()),
                    "the sweep.json written by gridtheory sweep run");
  }
  return s;
}

enum class RunState { done, failed, pending };

RunState state_of(const fs::path& out, const PlannedRun& r) {
  const fs::path folder = run_folder(out, r.id);
  if (is_file(folder / "summary.json")) return RunState::done;
  if (is_file(folder / "error.txt")) return RunState::failed;
  return RunState::pending;
}

std::string number_text(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  const double d = v.get<double>();
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

// Scalars of a summary, nested objects flattened with dots; arrays left out.
void flatten(const json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (const auto& [k, v] : j.items()) {
    const std::string name = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object())
      flatten(v, name, out);
    else if (v.is_array())
      continue;
    else if (v.is_null())
      out[name] = "";
    else if (v.is_boolean())
      out[name] = v.get<bool>() ? "true" : "false";
    else if (v.is_number())
      out[name] = number_text(v);
    else if (v.is_string())
      out[name] = v.get<std::string>();
  }
}

} // namespace

std::string failure_message(const fs::path& out, const std::string& id) {
  std::string e = read_text(run_folder(out, id) / "error.txt");
  while (!e.empty() && (e.back() == '\n' || e.back() == '\r'))
    e.pop_back();
  return e;
}

Status sweep_status(const fs::path& out) {
  const SweepFile s = read_sweep(out, "DIR");
  Status st;
  st.planned = s.runs.size();
  for (const auto& r : s.runs) {
    switch (state_of(out, r)) {
    case RunState::done:
      ++st.done;
      break;
    case RunState::failed:
      ++st.failed;
      st.failed_ids.push_back(r.id);
      break;
    case RunState::pending:
      ++st.pending;
      break;
    }
  }
  return st;
}

std::size_t collect(const fs::path& out, const fs::path& csv) {
  const SweepFile s = read_sweep(out, "DIR");
  check_output_path(csv, "--out");
  std::vector<std::map<std::string, std::string>> summaries(s.runs.size());
  std::vector<std::string> states(s.runs.size()), errors(s.runs.size());
  std::set<std::string> option_names, summary_names;
  for (std::size_t i = 0; i < s.runs.size(); ++i) {
    const PlannedRun& r = s.runs[i];
    for (const auto& [k, v] : r.options)
      option_names.insert(k);
    const fs::path folder = run_folder(out, r.id);
    switch (state_of(out, r)) {
    case RunState::done: {
      states[i] = "done";
      const fs::path file = folder / "summary.json";
      try {
        flatten(json::parse(read_text(file)), "", summaries[i]);
      } catch (const json::exception& e) {
        throw UserError("DIR", file.string(), "is not valid JSON: " + std::string(e.what()),
                        "the summary.json a run wrote");
      }
      for (const auto& [k, v] : summaries[i])
        summary_names.insert(k);
      break;
    }
    case RunState::failed:
      states[i] = "failed";
      errors[i] = failure_message(out, r.id);
      break;
    case RunState::pending:
      states[i] = "pending";
      break;
    }
  }
  // A null object in one run and an object in another would give an always-empty column
  // beside its flattened ones: drop it.
  for (auto it = summary_names.begin(); it != summary_names.end();) {
    const auto child = summary_names.lower_bound(*it + ".");
    const bool has_children = child != summary_names.end() && child->rfind(*it + ".", 0) == 0;
    const bool always_empty = std::all_of(summaries.begin(), summaries.end(), [&](const auto& m) {
      const auto f = m.find(*it);
      return f == m.end() || f->second.empty();
    });
    it = has_children && always_empty ? summary_names.erase(it) : std::next(it);
  }
  const std::vector<std::string> bookkeeping{"run_id",  "index",  "block",
                                             "command", "status", "error"};
  std::vector<std::string> header = bookkeeping;
  for (const auto& n : option_names)
    header.push_back("opt." + n);
  // A summary key equal to a bookkeeping column (the command) is read as summary.NAME.
  for (const auto& n : summary_names)
    header.push_back(std::find(bookkeeping.begin(), bookkeeping.end(), n) != bookkeeping.end()
                         ? "summary." + n
                         : n);
  std::string text = csv_row(header);
  for (std::size_t i = 0; i < s.runs.size(); ++i) {
    const PlannedRun& r = s.runs[i];
    std::vector<std::string> row{r.id,     std::to_string(r.index), r.block, r.command, states[i],
                                 errors[i]};
    for (const auto& n : option_names) {
      const auto it = r.options.find(n);
      row.push_back(it == r.options.end() ? "" : it->second);
    }
    for (const auto& n : summary_names) {
      const auto it = summaries[i].find(n);
      row.push_back(it == summaries[i].end() ? "" : it->second);
    }
    text += csv_row(row);
  }
  write_file_atomically(csv, text, "--out");
  return s.runs.size();
}

} // namespace gridtheory::sweep
