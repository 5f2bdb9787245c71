#include "src/io/sweep_folder.hpp"

namespace gridtheory::sweep {

std::filesystem::path run_folder(const std::filesystem::path& out, const std::string& id) {
  return out / "runs" / id;
}

} // namespace gridtheory::sweep
