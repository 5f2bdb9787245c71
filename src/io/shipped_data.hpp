// Data shipped with the program (the sweep specs of sweeps/), found relative to the running
// executable, so that no source path is compiled in: an installed binary PREFIX/bin/gridtheory
// reads PREFIX/share/gridtheory, a build tree's binary the share/gridtheory the build copies
// beside it (cmake/install.cmake).
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace gridtheory {

// The running program's own file (/proc/self/exe, symbolic links resolved).
std::filesystem::path running_executable();

// The folders searched for shipped data by an executable at `exe`, in order: the install
// layout's data folder relative to the binary's folder (exe/../share/gridtheory with the default
// layout), then the build tree's (exe/share/gridtheory). Lexically normalised.
std::vector<std::filesystem::path> shipped_data_dirs(const std::filesystem::path& exe);

// The first file `relative` (e.g. "sweeps/figures.toml") found in those folders of `exe`.
std::optional<std::filesystem::path> find_shipped_file(const std::filesystem::path& exe,
                                                       const std::filesystem::path& relative);

} // namespace gridtheory
