// What the theory bindings (bind_theory.cpp, bind_predict.cpp, bind_spectrum.cpp,
// bind_scan.cpp) share: the keywords of the box, the method and the sampled solver as typed
// request fields, and the classes each registers.
#pragma once

#include "python/convert.hpp"
#include "src/app/spectrum_source.hpp"

#include <pybind11/pybind11.h>

namespace gridtheory::python {

// The encoding keywords in the order every theory function takes them, first after any
// positional argument (the public signatures are in python/gridtheory/_theory.py).
#define GRIDTHEORY_ENCODING_KEYWORDS                                                               \
  py::arg("encoding"), py::arg("sigma"), py::arg("surround_ratio"),                                \
      py::arg("surround_variance_ratio"), py::arg("alpha_e"), py::arg("alpha_i"),                  \
      py::arg("fields_per_cell"), py::arg("cells")

// Converts the eight encoding keywords.
EncodingOptions encoding_keywords(py::object encoding, py::object sigma, py::object surround_ratio,
                                  py::object surround_variance_ratio, py::object alpha_e,
                                  py::object alpha_i, py::object fields_per_cell, py::object cells);
// method= as app::Method (UserError naming it for an unknown name or a non-str).
app::Method method_arg(py::handle method);
// activation= as Activation.
Activation activation_arg(py::handle activation);
// res= and threads= as the sampled solver's request.
app::SampledRequest sampled_args(py::handle res, py::handle threads);

// The Encoding class (make_encoding's result, and every result's .encoding).
void bind_encoding(py::module_& m);
void bind_predict(py::module_& m);
void bind_spectrum(py::module_& m);
void bind_scan(py::module_& m);

} // namespace gridtheory::python
