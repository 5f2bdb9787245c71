// gridtheory._core, the compiled half of the Python package gridtheory (python/gridtheory/):
// predictions, spectra, the box-lattice scan, the pattern
// dynamics, grid scores and run folders, with the CLI's names, units, defaults and messages.
#include "python/bindings.hpp"
#include "python/convert.hpp"
#include "src/params/parameter_spelling.hpp"
#include "src/report/score_table.hpp"
#include "src/version.hpp"
#include "theory/activation.hpp"
#include "theory/defaults.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"

#include <exception>

namespace py = pybind11;
using namespace gridtheory;

PYBIND11_MODULE(_core, m) {
  m.doc() = "gridtheory._core: the compiled library behind the Python package gridtheory (import "
            "gridtheory, whose functions carry the signatures and docstrings).";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const UserError& e) {
      // Parameters spelt as the keywords a caller types (sigma, surround_ratio).
      const std::string text = e.text(keyword_spelling);
      PyErr_SetString(PyExc_ValueError, text.c_str());
    } catch (const DivergedError& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    } catch (const InternalError& e) {
      PyErr_SetString(PyExc_RuntimeError, (std::string("internal error: ") + e.what()).c_str());
    }
  });

  m.attr("__version__") = version;
  py::list encodings, activations, columns;
  for (auto name : family_names())
    encodings.append(std::string(name));
  for (auto name : activation_names())
    activations.append(std::string(name));
  for (const char* c : score_columns)
    columns.append(c);
  m.attr("encodings") = py::tuple(encodings);
  m.attr("activations") = py::tuple(activations);
  m.attr("score_columns") = py::tuple(columns);
  m.attr("score_definitions") = python::to_python(score_definitions());

  py::dict d;
  d["encoding"] = defaults::encoding;
  d["sigma_m"] = defaults::sigma_m;
  d["surround_ratio"] = defaults::surround_ratio;
  d["alpha_e"] = defaults::alpha_e;
  d["alpha_i"] = defaults::alpha_i;
  d["fields_per_cell"] = defaults::fields_per_cell;
  d["cells"] = defaults::cells;
  d["box_m"] = defaults::box_m;
  d["activation"] = defaults::activation;
  d["seed"] = defaults::seed;
  d["sampled_res"] = defaults::sampled_res;
  d["pattern_maps"] = defaults::pattern_maps;
  d["pattern_single_lr"] = defaults::pattern_single_lr;
  d["pattern_single_steps"] = defaults::pattern_single_steps;
  d["pattern_multi_lr"] = defaults::pattern_multi_lr;
  d["pattern_multi_gain"] = defaults::pattern_multi_gain;
  d["pattern_multi_steps"] = defaults::pattern_multi_steps;
  m.attr("defaults") = d;

  python::bind_theory(m);
  python::bind_numerics(m);
  python::bind_run(m);
}
