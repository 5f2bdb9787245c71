// Conversions between Python values and what the library takes: keyword values as typed values
// (numbers, counts, distributions, names, paths, the encoding; no text between), numpy arrays
// checked for dtype and shape, JSON results as Python objects.
#pragma once

#include "theory/distribution.hpp"
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

// A name option (encoding, activation, format, ...): a str, else a UserError naming `option`.
std::string name_text(py::handle value, const std::string& option, const std::string& allowed);

// The encoding keyword arguments every encoding-taking function accepts (the CLI's
// --encoding, --sigma, --surround-ratio, --surround-variance-ratio, --alpha-e, --alpha-i,
// --fields-per-cell, --cells).
struct EncodingArgs {
  py::object encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e, alpha_i,
      fields_per_cell, cells;
};

// Typed values straight from Python. `name` is the parameter in the library's spelling
// (param("sigma")); a value of the wrong type is a UserError naming it that says what the value
// is (a truth value, text, ...). Ranges and applicability are the app layer's to check.
// A real number: a Python float or int, or a numpy scalar of either.
double number_arg(py::handle value, const std::string& name);
// None -> not given; else number_arg.
std::optional<double> optional_number_arg(py::handle value, const std::string& name);
// A whole number: a Python int or a numpy integer (a float, even 4.0, is refused).
long long count_arg(py::handle value, const std::string& name);
// None -> not given; else count_arg.
std::optional<long long> optional_count_arg(py::handle value, const std::string& name);
// None -> not given; a fixed or distributed real: a number, or the text form "uniform:LO,HI"
// (or "V") read by the library's parser with `range`.
std::optional<Distribution> distribution_arg(py::handle value, const std::string& name,
                                             const Range& range);
// None -> not given; a str -> it (a name, or a text form the library parses).
std::optional<std::string> text_arg(py::handle value, const std::string& name,
                                    const std::string& allowed);
// None -> not given; a str or os.PathLike -> the path.
std::optional<std::filesystem::path> path_arg(py::handle value, const std::string& name);
// A truth value: True or False (NumPy's too); anything else is a UserError naming `name`.
bool flag_arg(py::handle value, const std::string& name);
// The encoding keywords as theory's typed options: a name for encoding; numbers, or a
// distribution's text ("uniform:0.1,0.14", "poisson:1") where the parameter has one; make_encoding
// then checks what applies and the ranges. encoding=None leaves the family at its default and,
// with `family_given`, says so (the trainer's preset decides it then).
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
