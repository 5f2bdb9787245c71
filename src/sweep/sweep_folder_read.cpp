// Reading a sweep folder: each run's state, the sweep's status, a failed run's message, and
// `sweep collect`'s table of every run with its summary's numbers.
#include "src/io/atomic_file.hpp"
#include "src/io/csv.hpp"
#include "src/sweep/sweep.hpp"
#include "src/sweep/sweep_detail.hpp"
#include "theory/errors.hpp"

#include <charconv>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

namespace gridtheory::sweep {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;
using namespace detail;

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
