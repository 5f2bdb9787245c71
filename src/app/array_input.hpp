// An array argument of a use case: a .npy file the app reads once the options are checked (the
// command line), or an array already in memory (Python). Errors name the parameter and quote
// the file's path or, for memory, what the caller gave ("float32 array").
#pragma once

#include "src/io/npy.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory::app {

struct ArrayInput {
  std::optional<std::filesystem::path> npy; // a file, read by load()
  std::vector<std::size_t> shape;           // else an array in memory: its C-order shape,
  const double* data = nullptr;             // its values (owned by the caller)
  std::string value;                        // and how errors quote it

  static ArrayInput file(std::filesystem::path path);
  static ArrayInput memory(std::vector<std::size_t> shape, const double* data, std::string value);
};

// The array's values: read from the file (errors naming `option` and the path) or viewed.
struct LoadedArray {
  std::vector<std::size_t> shape;
  const double* data = nullptr;
  std::string value;                  // the path, or the caller's text
  NpyDtype dtype = NpyDtype::float64; // the file's; float64 for memory
  std::size_t size() const;

  std::vector<double> storage; // a file's values (data points into it)
};
LoadedArray load(const ArrayInput& input, std::string_view option);

} // namespace gridtheory::app
