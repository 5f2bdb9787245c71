#include "src/params/parameter_spelling.hpp"

#include <algorithm>

namespace gridtheory {

std::string flag_spelling(std::string_view name) {
  std::string flag = "--" + std::string(name);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string keyword_spelling(std::string_view name) {
  return std::string(name);
}

} // namespace gridtheory
