// NumPy .npy files: the arrays that leave (and enter) the tool (docs/CONVENTIONS.md, "Files that
// leave the tool").
//
// Reading: format versions 1.0, 2.0 and 3.0; dtype '<f4' or '<f8' ('|' and '=' byte-order marks
// are read as little-endian, which is what NumPy writes on every little-endian machine);
// fortran_order False; any shape, including () and zero-length axes. The header is parsed
// strictly: magic, version, header length, then exactly the dict NumPy writes ({'descr': ...,
// 'fortran_order': ..., 'shape': (...), } in any key order, single or double quotes, Python 2
// 'L' suffixes on lengths), followed by blanks only; the data must have exactly the bytes the
// shape says. Big-endian ('>f8'), integer, complex, structured and Fortran-order arrays are
// refused. Every problem is a UserError naming the option, the path and the reason on one line.
//
// Writing: float32 or float64, C order, byte for byte what NumPy 1.24's np.save writes (format
// 1.0, or 2.0 when the header needs more than 65535 bytes), through a temporary file and a
// rename (src/io/atomic_file.hpp).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory {

enum class NpyDtype { float32, float64 };

struct NpyArray {
  std::vector<std::size_t> shape;
  std::vector<double> data; // C order, converted to double
  NpyDtype dtype = NpyDtype::float64;
  std::size_t size() const { return data.size(); }
};

// A shape as NumPy prints it: "(3, 4)", "(5,)", "()".
std::string npy_shape_text(const std::vector<std::size_t>& shape);

// Reads `path`; errors name `option` (e.g. "--ratemaps") and the path.
NpyArray read_npy(const std::filesystem::path& path, std::string_view option);

// Parses the bytes of a .npy file already in memory; `path` only names the source in errors.
NpyArray parse_npy(std::string_view bytes, const std::string& path, std::string_view option);

// The bytes of a .npy file holding `data` (product of `shape` values, C order) as `dtype`.
std::string npy_bytes(const std::vector<std::size_t>& shape, const double* data, NpyDtype dtype);

// Writes that file atomically; errors name `option` and the path.
void write_npy(const std::filesystem::path& path, const std::vector<std::size_t>& shape,
               const double* data, NpyDtype dtype, std::string_view option);

} // namespace gridtheory
