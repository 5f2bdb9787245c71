// Child processes of the tests: the gridtheory binary started, killed at a chosen moment or run
// with a limit on the size of the files it writes, and the files it leaves compared byte for
// byte.
#pragma once

#include <catch2/catch.hpp>
#include <cerrno>
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
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
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

// The binary's argv for `args`: `storage` owns the strings, the result points into it.
inline std::vector<char*> gridtheory_argv(const std::vector<std::string>& args,
                                          std::vector<std::string>& storage) {
  storage = {GRIDTHEORY_BINARY};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

inline pid_t spawn_gridtheory(const std::vector<std::string>& args) {
  std::vector<std::string> storage;
  std::vector<char*> argv = gridtheory_argv(args, storage);
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

struct ChildResult {
  int code = -1; // exit code, or 128 + N when signal N ended it
  std::string out, err;
};

// Runs the binary to completion, its stdout and stderr captured through files in `scratch`
// (a folder the run does not write). With `max_file_bytes` >= 0 no file it writes may grow past
// that size (RLIMIT_FSIZE) and SIGXFSZ is ignored, so such a write fails with EFBIG as it would
// on a full disk; the limit also holds for the captured output and for the run's own children.
inline ChildResult run_gridtheory(const std::vector<std::string>& args,
                                  const std::filesystem::path& scratch,
                                  long long max_file_bytes = -1) {
  std::vector<std::string> storage;
  std::vector<char*> argv = gridtheory_argv(args, storage);
  const std::string out_path = (scratch / "child.stdout").string();
  const std::string err_path = (scratch / "child.stderr").string();
  // Only async-signal-safe calls between fork and exec: the test process may have threads.
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(125);
    if (max_file_bytes >= 0) {
      struct sigaction ignore {};
      ignore.sa_handler = SIG_IGN;
      ::sigaction(SIGXFSZ, &ignore, nullptr); // stays ignored across exec
      const rlimit limit{static_cast<rlim_t>(max_file_bytes), static_cast<rlim_t>(max_file_bytes)};
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(125);
    }
    ::execve(GRIDTHEORY_BINARY, argv.data(), environ);
    ::_exit(127);
  }
  REQUIRE(pid > 0);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    REQUIRE(errno == EINTR);
  ChildResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

// Runs the binary with its stdout and stderr in files of `scratch` (as run_gridtheory) until
// `enough` holds for what it has written to stderr so far, or it exits, or 60 s pass; then
// SIGKILLs it. For runs meant to go on for hours (a bare `train`): `code` is 128 + 9 when it was
// killed.
inline ChildResult run_gridtheory_until(const std::vector<std::string>& args,
                                        const std::filesystem::path& scratch,
                                        const std::function<bool(const std::string&)>& enough) {
  std::vector<std::string> storage;
  std::vector<char*> argv = gridtheory_argv(args, storage);
  const std::string out_path = (scratch / "child.stdout").string();
  const std::string err_path = (scratch / "child.stderr").string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(125);
    ::execve(GRIDTHEORY_BINARY, argv.data(), environ);
    ::_exit(127);
  }
  REQUIRE(pid > 0);
  int status = 0;
  bool exited = false;
  const auto start = std::chrono::steady_clock::now();
  while (!(exited = ::waitpid(pid, &status, WNOHANG) == pid) && !enough(slurp(err_path)) &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (!exited) {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0)
      REQUIRE(errno == EINTR);
  }
  ChildResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

} // namespace gridtheory::test
