#include "src/io/shipped_data.hpp"

#include "theory/errors.hpp"

// The data folder relative to the installed binary's folder, from the install layout
// (CMAKE_INSTALL_BINDIR, CMAKE_INSTALL_DATADIR): defined by cmake/install.cmake only.
#ifndef GRIDTHEORY_DATA_FROM_BINDIR
#error "GRIDTHEORY_DATA_FROM_BINDIR is defined by cmake/install.cmake"
#endif

namespace gridtheory {

namespace fs = std::filesystem;

fs::path running_executable() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    throw InternalError("cannot find the running executable (/proc/self/exe): " + ec.message());
  return self;
}

std::vector<fs::path> shipped_data_dirs(const fs::path& exe) {
  const fs::path bindir = exe.parent_path();
  return {(bindir / GRIDTHEORY_DATA_FROM_BINDIR).lexically_normal(),
          (bindir / "share" / "gridtheory").lexically_normal()};
}

std::optional<fs::path> find_shipped_file(const fs::path& exe, const fs::path& relative) {
  std::error_code ec;
  for (const fs::path& dir : shipped_data_dirs(exe))
    if (fs::is_regular_file(dir / relative, ec)) return dir / relative;
  return std::nullopt;
}

} // namespace gridtheory
