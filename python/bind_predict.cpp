// gridtheory._core.predict and its result class Prediction (app::PredictResult).
#include "python/theory_args.hpp"
#include "src/app/predict.hpp"
#include "src/params/parameter_spelling.hpp"
#include "src/report/lattice_report.hpp"
#include "src/report/prediction_report.hpp"
#include "theory/errors.hpp"

#include <cstdio>

namespace gridtheory::python {

namespace {

using app::PredictResult;

py::object optional_float(const std::optional<double>& v) {
  return v ? py::object(py::float_(*v)) : py::object(py::none());
}

std::string repr(const PredictResult& r) {
  char buf[160];
  const Prediction& p = r.prediction;
  if (p.k_star_per_m)
    std::snprintf(buf, sizeof buf, ", k_star_per_m=%.6g, grid_spacing_m=%.6g", *p.k_star_per_m,
                  *p.grid_spacing_m);
  else
    buf[0] = '\0';
  return "gridtheory.Prediction(pattern='" + std::string(pattern_name(p.pattern)) + "'" + buf +
         ", method='" + p.method + "')";
}

} // namespace

void bind_predict(py::module_& m) {
  auto c = py::class_<PredictResult>(
      m, "Prediction",
      "The pattern a path integrator trained on the encoding forms, and its spacing.");
  c.def_property_readonly(
      "pattern",
      [](const PredictResult& r) { return std::string(pattern_name(r.prediction.pattern)); },
      "'hexagonal', 'square', 'stripes', 'amorphous', 'none' or 'not_applicable'");
  c.def_property_readonly(
      "reason", [](const PredictResult& r) { return r.prediction.reason; }, "why, one sentence");
  c.def_property_readonly(
      "method", [](const PredictResult& r) { return r.prediction.method; },
      "the spectrum used: 'analytic' or 'sampled'");
  c.def_property_readonly(
      "k_star_per_m",
      [](const PredictResult& r) { return optional_float(r.prediction.k_star_per_m); },
      "the ring k* in rad/m (None without a ring)");
  c.def_property_readonly(
      "wavelength_m",
      [](const PredictResult& r) { return optional_float(r.prediction.wavelength_m); },
      "2 pi / k* in metres (None without a ring)");
  c.def_property_readonly(
      "grid_spacing_m",
      [](const PredictResult& r) { return optional_float(r.prediction.grid_spacing_m); },
      "4 pi / (sqrt(3) k*) in metres (None without a ring)");
  c.def_property_readonly(
      "has_ring", [](const PredictResult& r) { return r.prediction.has_ring; },
      "the spectrum has a peak at k > 0");
  c.def_property_readonly(
      "cubic_term", [](const PredictResult& r) { return r.prediction.cubic_term; },
      "the activation gives the objective a cubic term (hexagons over stripes)");
  c.def_property_readonly(
      "power_at_k_star",
      [](const PredictResult& r) { return optional_float(r.prediction.power_at_k_star); },
      "the power at k* (theory/spectrum.hpp's normalisation)");
  c.def_property_readonly(
      "ring_sharpness",
      [](const PredictResult& r) { return optional_float(r.prediction.ring_sharpness); },
      "k* / the ring's half-power width (dimensionless)");
  c.def_property_readonly(
      "ring_to_box_power_ratio",
      [](const PredictResult& r) { return optional_float(r.prediction.ring_to_box_power_ratio); },
      "power at k* / power at the box's lowest mode");
  c.def_property_readonly(
      "box_lowest_mode_per_m", [](const PredictResult& r) { return r.prediction.box_mode_per_m; },
      "the box lattice's step in rad/m: pi / box with solid walls, 2 pi / box periodic");
  c.def_property_readonly(
      "box_lattice",
      [](const PredictResult& r) {
        return r.lattice
                   ? to_python(to_json(*r.lattice, r.prediction.power_at_k_star.value_or(0.0)))
                   : py::object(py::none());
      },
      "the box's Fourier lattice (strongest modes, best hexagonal triad) as a dict, or None "
      "without a ring");
  c.def_property_readonly(
      "caveats",
      [](const PredictResult& r) {
        py::list out;
        for (const auto& caveat : r.prediction.caveats)
          out.append(spell_parameters(caveat, keyword_spelling));
        return out;
      },
      "what limits the prediction, parameters named by their keywords");
  c.def_property_readonly(
      "encoding", [](const PredictResult& r) { return r.config.encoding; },
      "the resolved Encoding");
  c.def_property_readonly(
      "activation",
      [](const PredictResult& r) { return std::string(activation_name(r.config.activation)); },
      "the hidden nonlinearity");
  c.def_property_readonly(
      "box", [](const PredictResult& r) { return r.config.box; }, "the arena (a Box)");
  c.def_property_readonly(
      "box_m", [](const PredictResult& r) { return r.config.box.side_m; }, "arena side in metres");
  c.def_property_readonly(
      "periodic", [](const PredictResult& r) { return r.config.box.periodic; }, "periodic walls");
  c.def_property_readonly(
      "seed", [](const PredictResult& r) { return r.config.seed; }, "the seed (recorded)");
  c.def_property_readonly(
      "text", [](const PredictResult& r) { return to_text(r.config, r.prediction, r.lattice); },
      "the text `gridtheory predict` prints");
  c.def("__str__",
        [](const PredictResult& r) { return to_text(r.config, r.prediction, r.lattice); });
  c.def("__repr__", &repr);
  c.def(
      "to_dict",
      [](const PredictResult& r) { return to_python(to_json(r.config, r.prediction, r.lattice)); },
      "the dict `gridtheory predict --format json` prints");

  m.def(
      "predict",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, py::object periodic,
         py::object activation, py::object method, py::object seed, py::object res,
         py::object threads, py::object plot, py::object log_power) {
        app::PredictRequest r;
        r.encoding = encoding_keywords(encoding, sigma, surround_ratio, surround_variance_ratio,
                                       alpha_e, alpha_i, fields_per_cell, cells);
        r.box_m = optional_number_arg(box, param("box"));
        r.periodic = flag_arg(periodic, param("periodic"));
        r.activation = activation_arg(activation);
        r.seed = optional_count_arg(seed, param("seed"));
        r.method = method_arg(method);
        r.sampled = sampled_args(res, threads);
        r.plot = path_arg(plot, param("plot"));
        r.log_power = flag_arg(log_power, param("log_power"));
        py::gil_scoped_release release;
        return app::predict(r);
      },
      GRIDTHEORY_ENCODING_KEYWORDS, py::arg("box"), py::arg("periodic"), py::arg("activation"),
      py::arg("method"), py::arg("seed"), py::arg("res"), py::arg("threads"), py::arg("plot"),
      py::arg("log_power"), "predict of python/gridtheory/_theory.py");
}

} // namespace gridtheory::python
