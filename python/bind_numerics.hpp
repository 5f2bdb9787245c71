// The numerics bindings' two files: bind_numerics.cpp (scores, ratemaps, the Scores class) and
// bind_pattern.cpp (the pattern dynamics), which returns Scores and so binds after it.
#pragma once

#include <pybind11/pybind11.h>

namespace gridtheory::python {

// pattern, pattern_kernel, pattern_dynamics and their classes.
void bind_pattern(pybind11::module_& m);

} // namespace gridtheory::python
