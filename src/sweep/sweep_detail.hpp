// Small file helpers shared by the sweep's runner (sweep.cpp) and its reader of sweep folders
// (sweep_folder_read.cpp). Internal (not installed: *_detail.hpp).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace gridtheory::sweep::detail {

// The whole file as bytes; empty when it cannot be read.
inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A regular file is there (no exception on a missing or unreadable folder).
inline bool is_file(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec);
}

} // namespace gridtheory::sweep::detail
