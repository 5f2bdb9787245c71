// Runs the gridtheory command line in-process and captures what it prints.
#pragma once

#include "src/cli/app.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
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

// `args` without the program name, e.g. {"predict", "--sigma", "0.1"}.
inline CliResult run_cli(const std::vector<std::string>& args) {
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
inline CliResult run_cli(std::initializer_list<std::string> args) {
  return run_cli(std::vector<std::string>(args));
}

// A user error as the project defines it: exit code 2, nothing on stdout, exactly one line on
// stderr naming the option and (when given) the quoted value.
inline void require_one_line_user_error(const CliResult& r, const std::string& option,
                                        const std::string& value) {
  INFO("stderr: " << r.err);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  REQUIRE(!r.err.empty());
  CHECK(r.err.back() == '\n');
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains(option));
  if (!value.empty()) CHECK_THAT(r.err, Catch::Contains("'" + value + "'"));
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
