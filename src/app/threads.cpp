#include "src/app/threads.hpp"

#include <thread>

namespace gridtheory::app {

int default_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

} // namespace gridtheory::app
