#include "src/io/atomic_file.hpp"

#include "theory/errors.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace gridtheory {

namespace fs = std::filesystem;

fs::path temporary_path_for(const fs::path& target) {
  fs::path tmp = target;
  tmp += ".tmp-" + std::to_string(::getpid());
  return tmp;
}

void check_output_path(const fs::path& target, std::string_view option) {
  const std::string value = target.string();
  if (value.empty()) throw UserError(std::string(option), value, "is empty", "a file path");
  std::error_code ec;
  if (fs::is_directory(target, ec))
    throw UserError(std::string(option), value, "is a folder", "a file path");
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec))
    throw UserError(std::string(option), value,
                    fs::exists(folder, ec) ? "is inside " + folder.string() + ", not a folder"
                                           : "names a folder that does not exist",
                    "a path in an existing, writable folder");
  if (::access(folder.c_str(), W_OK) != 0)
    throw UserError(std::string(option), value, "is in a folder that is not writable",
                    "a path in an existing, writable folder");
}

void commit_temporary(const fs::path& temporary, const fs::path& target, std::string_view option) {
  if (std::rename(temporary.c_str(), target.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::error_code ec;
    fs::remove(temporary, ec);
    throw UserError(std::string(option), target.string(), "could not be written: " + why, "");
  }
}

void write_file_atomically(const fs::path& target, std::string_view content,
                           std::string_view option) {
  const fs::path tmp = temporary_path_for(target);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (out) out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      const std::string why = std::strerror(errno);
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      throw UserError(std::string(option), target.string(), "could not be written: " + why, "");
    }
  }
  commit_temporary(tmp, target, option);
}

} // namespace gridtheory
