// Runs the gridtheory command line in-process and captures what it prints.
#pragma once

#include "src/cli/app.hpp"

#include <filesystem>
#include <initializer_list>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace gridtheory::test {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline CliResult run_cli(std::initializer_list<std::string> args) {
  std::vector<std::string> storage{"gridtheory"};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  for (const auto& a : storage)
    argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliResult r;
  r.code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A fresh, empty folder under the system temp folder, removed when the object dies.
struct TempFolder {
  std::filesystem::path path;
  explicit TempFolder(const std::string& name) {
    path = std::filesystem::temp_directory_path() /
           ("gridtheory-test-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path))
      names.push_back(e.path().filename().string());
    return names;
  }
};

} // namespace gridtheory::test
