// Conversions between Python values and what the library takes: option values as the CLI's
// text, numpy arrays checked for dtype and shape, JSON results as Python objects.
#pragma once

#include "src/params/encoding_text.hpp"
#include "theory/encoding.hpp"

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <string>
#include <vector>

namespace gridtheory::python {

namespace py = pybind11;

// An option's value as the text the CLI would have been given: None -> not given; a str as it
// is; an int (or numpy integer) as its decimal digits; a float (or anything with __float__) as
// the shortest text that reads back to it (format_number). The library then validates the text
// exactly as the CLI does. A bool or any other object is a UserError naming `option`.
std::optional<std::string> option_text(py::handle value, const std::string& option);
// A name option (encoding, activation, format, ...): a str, else a UserError naming `option`.
std::string name_text(py::handle value, const std::string& option, const std::string& allowed);
// A threads option: None -> not given; else as option_text.
inline std::optional<std::string> threads_text(py::handle value) {
  return option_text(value, param("threads"));
}

// The encoding keyword arguments every encoding-taking function accepts (the CLI's
// --encoding, --sigma, --surround-ratio, --surround-variance-ratio, --alpha-e, --alpha-i,
// --fields-per-cell, --cells).
struct EncodingArgs {
  py::object encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e, alpha_i,
      fields_per_cell, cells;
  EncodingSpec spec() const;
};

// Typed keyword values (no text round trip). Each takes the keyword's value and its name in the
// library's spelling ("seq_len"); a wrong type is a UserError naming param(name).
// None -> nullopt; a Python or NumPy real (int or float; not bool) -> the double.
std::optional<double> number_arg(py::handle value, const std::string& name);
// None -> nullopt; a Python or NumPy integer (not bool, not float) -> its value.
std::optional<long long> count_arg(py::handle value, const std::string& name);
// None -> nullopt; a str -> it (a name or a text form the library parses).
std::optional<std::string> text_arg(py::handle value, const std::string& name,
                                    const std::string& allowed);
// None -> nullopt; a str or os.PathLike -> the path.
std::optional<std::filesystem::path> path_arg(py::handle value, const std::string& name);
// A bool (True / False; NumPy's too).
bool flag_arg(py::handle value, const std::string& name);
// The encoding keywords as typed options: numbers directly, the text forms (sigma="uniform:LO,HI",
// fields_per_cell="poisson:1") through the library's parser; None: not given. `family_given`
// gets whether encoding was given (not None).
EncodingOptions encoding_options_arg(const EncodingArgs& args, bool* family_given = nullptr);

// The keyword arguments of EncodingArgs with their defaults, for .def(...).
#define GRIDTHEORY_ENCODING_ARGS                                                                   \
  py::arg("encoding") = "dos", py::arg("sigma") = py::none(),                                      \
  py::arg("surround_ratio") = py::none(), py::arg("surround_variance_ratio") = py::none(),         \
  py::arg("alpha_e") = py::none(), py::arg("alpha_i") = py::none(),                                \
  py::arg("fields_per_cell") = py::none(), py::arg("cells") = py::none()

// A real array: any numpy array (or object numpy.asarray accepts) of a real numeric dtype
// (floating, integer or unsigned), converted to a C-contiguous float64 array (a copy only when
// needed). Other dtypes (bool, complex, object, strings, ...) are a UserError naming `name`.
py::array_t<double, py::array::c_style> real_array(py::handle value, const std::string& name);
// "float32 array" etc.: the value part of an array argument's error messages.
std::string array_value_text(py::handle value);
// "(2, 3)", "(4,)": a shape as NumPy prints it.
std::vector<std::size_t> shape_of(const py::array& a);

// A numpy array that owns `data` (moved, no copy) with the given C-order shape.
py::array_t<double> to_numpy(std::vector<double>&& data, const std::vector<std::size_t>& shape);
// A float32 numpy array holding `data` (each value rounded to float).
py::array_t<float> to_numpy_float32(const std::vector<double>& data,
                                    const std::vector<std::size_t>& shape);

// JSON as Python: objects -> dict (in the JSON's key order), arrays -> list, numbers -> int or
// float, null -> None. A non-finite float becomes None, as the CLI's JSON prints it (null).
py::object to_python(const nlohmann::json& j);
py::object to_python(const nlohmann::ordered_json& j);

} // namespace gridtheory::python
