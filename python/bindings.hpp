// The module's three groups of functions (python/module.cpp calls each once).
#pragma once

#include <pybind11/pybind11.h>

namespace gridtheory::python {

// make_encoding, describe_encoding, predict, spectrum, power, scan.
void bind_theory(pybind11::module_& m);
// score, autocorrelogram, pattern, pattern_kernel, pattern_dynamics.
void bind_numerics(pybind11::module_& m);
// read_run, read_npy, training_batch; and (bind_train.cpp) train, loss.
void bind_run(pybind11::module_& m);
void bind_training(pybind11::module_& m);

} // namespace gridtheory::python
