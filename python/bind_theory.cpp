// The theory functions of gridtheory._core: the Encoding class, make_encoding,
// describe_encoding and power here; predict, spectrum and scan in their own files. Each converts
// its keywords to the typed request (python/convert.hpp) and calls the app layer (src/app/).
#include "python/bindings.hpp"
#include "python/theory_args.hpp"
#include "src/report/encoding_report.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <utility>

namespace gridtheory::python {

EncodingOptions encoding_keywords(py::object encoding, py::object sigma, py::object surround_ratio,
                                  py::object surround_variance_ratio, py::object alpha_e,
                                  py::object alpha_i, py::object fields_per_cell,
                                  py::object cells) {
  return encoding_options_arg({std::move(encoding), std::move(sigma), std::move(surround_ratio),
                               std::move(surround_variance_ratio), std::move(alpha_e),
                               std::move(alpha_i), std::move(fields_per_cell), std::move(cells)});
}

app::Method method_arg(py::handle method) {
  return app::parse_method(param("method"),
                           name_text(method, param("method"), "auto, analytic, sampled"));
}

Activation activation_arg(py::handle activation) {
  return parse_activation(param("activation"), name_text(activation, param("activation"),
                                                         "relu, tanh, sigmoid, linear"));
}

app::SampledRequest sampled_args(py::handle res, py::handle threads) {
  return {optional_count_arg(res, param("res")), optional_count_arg(threads, param("threads"))};
}

namespace {

// The encoding's JSON (the `encoding` object of every output) as a Python value per key.
py::object encoding_field(const Encoding& enc, const char* key) {
  const nlohmann::json j = to_json(enc);
  return j.contains(key) ? to_python(j.at(key)) : py::object(py::none());
}

py::array_t<double> power_of(const Encoding& enc, py::handle k) {
  if (!has_tuning_spectrum(enc))
    throw UserError(param("encoding"), std::string(family_name(enc.family)),
                    "has no tuning-curve power spectrum: " + why_no_tuning_spectrum(enc),
                    "a single-field place-cell encoding");
  const auto ks = real_array(k, "k_per_m");
  std::vector<double> out(static_cast<std::size_t>(ks.size()));
  const double* in = ks.data();
  {
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = power(enc, in[i]);
  }
  return to_numpy(std::move(out), shape_of(ks));
}

} // namespace

void bind_encoding(py::module_& m) {
  auto c = py::class_<Encoding>(m, "Encoding",
                                "A fully resolved target encoding (every default filled in).");
  c.def_property_readonly(
      "family", [](const Encoding& e) { return std::string(family_name(e.family)); },
      "the encoding's name: 'dos', 'gaussian', ...");
  // Values as every output's JSON records them: a number, or {'distribution': 'uniform', 'lo',
  // 'hi'} for a distributed one; None where the family has no such parameter.
  for (const auto& [key, doc] : std::initializer_list<std::pair<const char*, const char*>>{
           {"sigma_m", "centre width sigma_E in metres (number or uniform distribution dict)"},
           {"surround_convention", "'ratio' (NFL) or 'variance_ratio' (Sorscher), the one given"},
           {"surround_ratio", "sigma_I / sigma_E (NFL)"},
           {"surround_variance_ratio", "sigma_I^2 / sigma_E^2 (Sorscher)"},
           {"sigma_i_m", "surround width sigma_I in metres"},
           {"alpha_e", "general-dog centre amplitude (dimensionless)"},
           {"alpha_i", "general-dog surround amplitude (dimensionless)"},
           {"fields_per_cell", "fields per place cell: 'N' or 'poisson:MEAN'"},
           {"cells", "number of place cells n_p"}})
    c.def_property_readonly(
        key, [key = key](const Encoding& e) { return encoding_field(e, key); }, doc);
  c.def_property_readonly("description", &describe,
                          "one line of text, as in predict's text output");
  c.def(
      "to_dict", [](const Encoding& e) { return to_python(to_json(e)); },
      "the `encoding` object of every JSON output, as a dict");
  c.def("power", &power_of, py::arg("k_per_m"),
        "the closed-form power E|p~(k)|^2 at k_per_m (rad/m), an array of its shape");
  c.def("__eq__", [](const Encoding& a, const Encoding& b) { return to_json(a) == to_json(b); });
  c.def("__repr__", [](const Encoding& e) { return "gridtheory.Encoding(" + describe(e) + ")"; });
}

void bind_box(py::module_& m) {
  py::class_<Box>(m, "Box",
                  "The square arena: its side in metres and its walls (solid, or periodic: a "
                  "torus). Solid walls realise the lattice pi (n, m) / side, periodic ones "
                  "2 pi (n, m) / side.")
      .def(py::init([](py::object side_m, py::object periodic) {
             // The same rule as every function's box= keyword, named by this keyword.
             const double side = number_arg(side_m, param("side_m"));
             require_in_range(param("side_m"), side, app::box_side_range);
             return app::make_box(side, flag_arg(periodic, param("periodic")));
           }),
           py::arg("side_m") = defaults::box_m, py::arg("periodic") = false)
      .def_readonly("side_m", &Box::side_m, "arena side in metres")
      .def_readonly("periodic", &Box::periodic, "periodic walls (else solid)")
      .def_property_readonly(
          "lowest_mode_per_m",
          [](const Box& b) { return lowest_box_mode_per_m(b.side_m, b.periodic); },
          "the lattice's step in rad/m: pi / side with solid walls, 2 pi / side periodic")
      .def("__eq__", [](const Box& a,
                        const Box& b) { return a.side_m == b.side_m && a.periodic == b.periodic; })
      .def("__repr__", [](const Box& b) {
        return "Box(side_m=" + format_number(b.side_m) +
               ", periodic=" + (b.periodic ? "True" : "False") + ")";
      });
}

void bind_theory(py::module_& m) {
  bind_box(m);
  bind_encoding(m);
  m.def(
      "make_encoding",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells) {
        return make_encoding(encoding_keywords(encoding, sigma, surround_ratio,
                                               surround_variance_ratio, alpha_e, alpha_i,
                                               fields_per_cell, cells));
      },
      GRIDTHEORY_ENCODING_KEYWORDS, "make_encoding of python/gridtheory/_theory.py");
  m.def(
      "power",
      [](py::object k_per_m, py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells) {
        // The closed form is that of infinitely many cells: the reference box's count is moot.
        return power_of(make_encoding(encoding_keywords(encoding, sigma, surround_ratio,
                                                        surround_variance_ratio, alpha_e, alpha_i,
                                                        fields_per_cell, cells)),
                        k_per_m);
      },
      py::arg("k_per_m"), GRIDTHEORY_ENCODING_KEYWORDS, "power of python/gridtheory/_theory.py");
  bind_predict(m);
  bind_spectrum(m);
  bind_scan(m);
}

} // namespace gridtheory::python
