// Running one sweep run as a child process of the sweep: its own address space (a crash or a
// leak cannot harm the sweep or its neighbours), its own thread count, and it dies with the
// sweep (a killed sweep leaves no orphan writing into a run folder).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace gridtheory::sweep {

struct ChildSpec {
  std::vector<std::string> argv;                    // argv[0] is the executable's path
  std::map<std::string, std::string> env_overrides; // set in the child's environment
  std::filesystem::path stdout_path, stderr_path;   // truncated, then written by the child
};

// Runs the child to completion. Returns its exit code, or 128 + N when signal N ended it.
// Throws UserError when the output files cannot be opened and InternalError when the process
// cannot be started.
int run_child(const ChildSpec& spec);

} // namespace gridtheory::sweep
