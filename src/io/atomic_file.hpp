// Files appear whole or not at all: write to a temporary name beside the target, then rename.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace gridtheory {

// The temporary name used for `target` by this process (same folder, so rename is atomic).
std::filesystem::path temporary_path_for(const std::filesystem::path& target);

// Writes `content` to `target` atomically. Failure to create or write throws UserError naming
// `option` (the option that chose the path) and the system's reason; no file is left behind.
void write_file_atomically(const std::filesystem::path& target, std::string_view content,
                           std::string_view option);

// Checks, before any work, that `target` can be created: its folder exists and is writable
// and `target` is not a folder. Throws UserError naming `option`.
void check_output_path(const std::filesystem::path& target, std::string_view option);

// Renames a finished temporary file onto its target (throws UserError on failure).
void commit_temporary(const std::filesystem::path& temporary, const std::filesystem::path& target,
                      std::string_view option);

} // namespace gridtheory
