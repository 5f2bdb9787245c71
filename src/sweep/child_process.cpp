#include "src/sweep/child_process.hpp"

#include "theory/errors.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace gridtheory::sweep {

namespace {

int open_output(const std::filesystem::path& p) {
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw UserError("--out", p.string(), "cannot be written: " + std::string(std::strerror(errno)),
                    "a writable sweep folder");
  return fd;
}

} // namespace

int run_child(const ChildSpec& spec) {
  if (spec.argv.empty()) throw InternalError("run_child: empty argv");
  // Everything the child needs is built before fork: between fork and exec only
  // async-signal-safe calls are allowed (the sweep is multi-threaded).
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    if (!spec.env_overrides.count(name)) env_text.push_back(entry);
  }
  for (const auto& [k, v] : spec.env_overrides)
    env_text.push_back(k + "=" + v);
  std::vector<char*> envp, argv;
  for (auto& e : env_text)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = spec.argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);

  const std::string exec_failed = "sweep: could not execute " + spec.argv.front() +
                                  "\n"; // written by a child whose exec failed
  const int out_fd = open_output(spec.stdout_path);
  int err_fd = -1;
  try {
    err_fd = open_output(spec.stderr_path);
  } catch (...) {
    ::close(out_fd);
    throw;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Die with the sweep; if it is already gone, do not start.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, exec_failed.data(), exec_failed.size());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  if (pid < 0)
    throw InternalError("sweep: could not start a run: " + std::string(std::strerror(errno)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw InternalError("sweep: waitpid failed: " + std::string(std::strerror(errno)));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

} // namespace gridtheory::sweep
