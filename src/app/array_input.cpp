#include "src/app/array_input.hpp"

#include "theory/errors.hpp"

#include <functional>
#include <numeric>

namespace gridtheory::app {

ArrayInput ArrayInput::file(std::filesystem::path path) {
  ArrayInput a;
  a.value = path.string();
  a.npy = std::move(path);
  return a;
}

ArrayInput ArrayInput::memory(std::vector<std::size_t> shape, const double* data,
                              std::string value) {
  ArrayInput a;
  a.shape = std::move(shape);
  a.data = data;
  a.value = std::move(value);
  return a;
}

std::size_t LoadedArray::size() const {
  return std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
}

LoadedArray load(const ArrayInput& input, std::string_view option) {
  LoadedArray out;
  out.value = input.value;
  if (input.npy) {
    NpyArray file = read_npy(*input.npy, option);
    out.shape = std::move(file.shape);
    out.dtype = file.dtype;
    out.storage = std::move(file.data);
    out.data = out.storage.data();
    return out;
  }
  if (!input.data && !input.shape.empty() && out.size() > 0)
    throw InternalError("app: an array in memory without its values");
  out.shape = input.shape;
  out.data = input.data;
  return out;
}

} // namespace gridtheory::app
