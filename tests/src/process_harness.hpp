// Child processes of the tests: the gridtheory binary started, killed at a chosen moment, and
// the files it leaves compared byte for byte.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

extern char** environ;

namespace gridtheory::test {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every .npy of a checkpoint folder (parameters and optimiser state), by relative name.
inline std::map<std::string, std::string> checkpoint_arrays(const std::filesystem::path& ckpt) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(ckpt))
    if (e.path().extension() == ".npy")
      out[std::filesystem::relative(e.path(), ckpt).string()] = slurp(e.path());
  return out;
}

inline pid_t spawn_gridtheory(const std::vector<std::string>& args) {
  std::vector<std::string> storage{GRIDTHEORY_BINARY};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, GRIDTHEORY_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

// Starts a run in a child process and SIGKILLs it as soon as `ready` holds (or after 20 s).
inline void kill_when(const std::vector<std::string>& args, const std::function<bool()>& ready) {
  const pid_t pid = spawn_gridtheory(args);
  const auto start = std::chrono::steady_clock::now();
  while (!ready() && std::chrono::steady_clock::now() - start < std::chrono::seconds(20))
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

} // namespace gridtheory::test
