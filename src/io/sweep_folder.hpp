// Where a sweep folder keeps its runs (src/sweep/README.md, "The sweep folder"): what the sweep
// runner writes and what the figures read back, so both layers find the same folder. Lives in
// io/, below plot/ and sweep/, so that plot/ never includes sweep/.
#pragma once

#include <filesystem>
#include <string>

namespace gridtheory::sweep {

// The folder of run `id` in sweep folder `out`: OUT/runs/ID.
std::filesystem::path run_folder(const std::filesystem::path& out, const std::string& id);

} // namespace gridtheory::sweep
