// libFuzzer target: the .npy reader (src/io/npy.hpp). Any byte string either parses into an
// array whose size matches its shape or is refused with a UserError; anything else (a crash, a
// sanitizer report, another exception) is a bug.
#include "src/io/npy.hpp"
#include "theory/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const gridtheory::NpyArray a = gridtheory::parse_npy(bytes, "fuzz.npy", "--fuzz");
    std::size_t n = 1;
    for (std::size_t d : a.shape)
      n *= d;
    if (n != a.data.size()) std::abort(); // the shape must describe the data read
  } catch (const gridtheory::UserError&) {
  }
  return 0;
}
