// The pattern-forming dynamics (pattern, pattern_kernel, pattern_dynamics) and their result
// classes: calls of src/app/pattern.hpp and pattern_dynamics.hpp with the keywords converted
// straight to typed values.
#include "python/bind_numerics.hpp"
#include "python/convert.hpp"
#include "src/app/pattern.hpp"
#include "src/app/pattern_dynamics.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/pattern_report.hpp"
#include "theory/errors.hpp"

#include <utility>

namespace gridtheory::python {

namespace {

// gridtheory.Pattern: the app's result, its summary (what the CLI's summary.json holds) and the
// maps as one numpy array, made once.
struct PatternPy {
  app::PatternResult result;
  nlohmann::json summary;
  py::array_t<double> maps;
};

struct PatternKernelPy {
  app::PatternKernelResult result;
  py::array_t<double> sigma_hat;
};

struct PatternDynamicsPy {
  PatternOptions options;
  py::array_t<double> maps;
};

Activation activation_arg(py::handle value) {
  return parse_activation(param("activation"),
                          name_text(value, param("activation"), "relu, tanh, sigmoid, linear"));
}

app::KernelSource kernel_arg(py::handle value) {
  return app::parse_kernel_source(name_text(value, param("kernel"), "sampled, analytic"));
}

PatternPy pattern_py(const EncodingArgs& ea, py::handle box, py::handle activation, py::handle seed,
                     py::handle maps, py::handle steps, py::handle res, py::handle lr,
                     py::handle gain, py::handle threads, py::handle multi, py::handle kernel) {
  app::PatternRequest q;
  q.box_m = optional_number_arg(box, param("box"));
  q.encoding = encoding_options_arg(ea);
  q.activation = activation_arg(activation);
  q.seed = optional_count_arg(seed, param("seed"));
  q.kernel = kernel_arg(kernel);
  q.numbers.maps = optional_count_arg(maps, param("maps"));
  q.numbers.steps = optional_count_arg(steps, param("steps"));
  q.numbers.res = optional_count_arg(res, param("res"));
  q.numbers.lr = optional_number_arg(lr, param("lr"));
  q.numbers.gain = optional_number_arg(gain, param("gain"));
  q.numbers.threads = optional_count_arg(threads, param("threads"));
  q.multi = flag_arg(multi, param("multi"));
  PatternPy p;
  {
    py::gil_scoped_release release;
    p.result = app::pattern(q);
    p.summary = pattern_summary(p.result.run);
  }
  const auto n = static_cast<std::size_t>(p.result.run.options.res);
  p.maps = to_numpy(std::move(p.result.maps),
                    {static_cast<std::size_t>(p.result.run.options.maps), n, n});
  return p;
}

PatternKernelPy pattern_kernel_py(const EncodingArgs& ea, py::handle box, py::handle activation,
                                  py::handle seed, py::handle res, py::handle kernel,
                                  py::handle threads) {
  app::PatternKernelRequest q;
  q.box_m = optional_number_arg(box, param("box"));
  q.encoding = encoding_options_arg(ea);
  q.activation = activation_arg(activation);
  q.seed = optional_count_arg(seed, param("seed"));
  q.res = optional_count_arg(res, param("res"));
  q.kernel = kernel_arg(kernel);
  q.threads = optional_count_arg(threads, param("threads"));
  PatternKernelPy k;
  {
    py::gil_scoped_release release;
    k.result = app::pattern_kernel(q);
  }
  const auto rows = static_cast<std::size_t>(k.result.res);
  k.sigma_hat = to_numpy(std::move(k.result.sigma_hat), {rows, rows / 2 + 1});
  return k;
}

PatternDynamicsPy pattern_dynamics_py(py::handle sigma_hat, py::handle maps, py::handle steps,
                                      py::handle lr, py::handle activation, py::handle multi,
                                      py::handle normalise, py::handle gain, py::handle init_scale,
                                      py::handle seed, py::handle threads, py::handle initial) {
  app::PatternDynamicsRequest q;
  q.activation = activation_arg(activation);
  q.seed = optional_count_arg(seed, param("seed"));
  q.numbers.maps = optional_count_arg(maps, param("maps"));
  q.numbers.steps = optional_count_arg(steps, param("steps"));
  q.numbers.lr = optional_number_arg(lr, param("lr"));
  q.numbers.gain = optional_number_arg(gain, param("gain"));
  q.numbers.threads = optional_count_arg(threads, param("threads"));
  q.multi = flag_arg(multi, param("multi"));
  q.normalise = flag_arg(normalise, param("normalise"));
  q.init_scale = optional_number_arg(init_scale, param("init_scale"));
  // A PatternKernel result is its sigma_hat.
  py::object kernel_value = py::reinterpret_borrow<py::object>(sigma_hat);
  if (py::isinstance<PatternKernelPy>(kernel_value))
    kernel_value = kernel_value.cast<const PatternKernelPy&>().sigma_hat;
  const auto kernel = real_array(kernel_value, "sigma_hat");
  q.sigma_hat =
      app::ArrayInput::memory(shape_of(kernel), kernel.data(), array_value_text(kernel_value));
  py::array_t<double, py::array::c_style> start;
  if (!initial.is_none()) {
    start = real_array(initial, "initial");
    q.initial = app::ArrayInput::memory(shape_of(start), start.data(), array_value_text(initial));
  }
  app::PatternDynamicsResult r;
  {
    py::gil_scoped_release release;
    r = app::pattern_dynamics(q);
  }
  const auto n = static_cast<std::size_t>(r.options.res);
  return {r.options, to_numpy(std::move(r.maps), {static_cast<std::size_t>(r.options.maps), n, n})};
}

// Pattern's properties read from the summary: (Python name, summary key, docstring).
struct SummaryField {
  const char* name;
  const char* key;
  const char* doc;
};
constexpr SummaryField pattern_fields[] = {
    {"encoding", "encoding", "the resolved encoding (dict, as make_encoding)"},
    {"activation", "activation", "the activation: 'relu', 'tanh', 'sigmoid' or 'linear'"},
    {"box_m", "box_m", "side of the periodic box in metres"},
    {"periodic", "periodic", "always True: the solver's box is periodic"},
    {"cells", "cells", "place cells sampled (the sampled kernel)"},
    {"kernel", "kernel", "'sampled' or 'analytic'"},
    {"res", "res", "grid points per side"},
    {"steps", "steps", "update steps run"},
    {"lr", "lr", "step size on the unit-peak kernel"},
    {"multi", "multi", "True: the Oja/Sanger rule over all maps"},
    {"normalise", "normalise", "single maps: the activation's input rescaled to RMS 1 per step"},
    {"seed", "seed", "seed of the population and of the initial maps"},
    {"threads", "threads", "worker threads used (results do not depend on them)"},
    {"sac", "sac", "the SAC of the scores: 'deepmind'"},
    {"max_score_60", "max_score_60", "the best finite score_60 of any map (None: none)"},
    {"max_score_90", "max_score_90", "the best finite score_90 of any map (None: none)"},
    {"max_stripe_score", "max_stripe_score", "the best finite stripe score (None: none)"},
    {"observed_pattern", "observed_pattern", "the pattern the best maps make"},
    {"fraction_score_60_above_0_3", "fraction_score_60_above_0.3",
     "fraction of maps with score_60 > 0.3"},
    {"fraction_score_60_above_0_8", "fraction_score_60_above_0.8",
     "fraction of maps with score_60 > 0.8"},
    {"median_grid_spacing_m", "median_grid_spacing_m",
     "median grid spacing in metres of the maps above 0.3 (None: no such map)"},
    {"predicted_pattern", "predicted_pattern", "the prediction for the same periodic box"},
    {"predicted_grid_spacing_m", "predicted_grid_spacing_m",
     "the predicted grid spacing in metres (None: no grid predicted)"},
    {"prediction_method", "prediction_method", "'analytic' or 'sampled'"},
};

} // namespace

void bind_pattern(py::module_& m) {
  auto pattern_class = py::class_<PatternPy>(
      m, "Pattern",
      "gridtheory.pattern's result: the maps, their scores and the run's configuration and "
      "statistics; to_dict() is the CLI's summary.json (`gridtheory pattern --format json`).");
  pattern_class
      .def_readonly("maps", &PatternPy::maps,
                    "float64 (maps, res, res), [map][row = y][col = x] (the CLI's maps.npy)")
      .def_property_readonly(
          "scores", [](const PatternPy& p) { return p.result.scores; },
          "the maps' grid scores (Scores: the CLI's metrics.csv, DeepMind's SAC)");
  for (const SummaryField& f : pattern_fields)
    pattern_class.def_property_readonly(
        f.name,
        [key = std::string(f.key)](const PatternPy& p) { return to_python(p.summary.at(key)); },
        f.doc);
  pattern_class
      .def(
          "to_dict", [](const PatternPy& p) { return to_python(p.summary); },
          "the CLI's summary.json as a dict")
      .def("__repr__", [](const PatternPy& p) {
        const PatternRun& r = p.result.run;
        return "<gridtheory.Pattern: " + std::to_string(r.options.maps) + " maps of " +
               std::to_string(r.options.res) + "^2, " + describe(r.encoding) + ", " +
               std::string(activation_name(r.activation)) + ", kernel " + r.kernel +
               ", score_60 > 0.8 in " +
               format_number(p.summary.at("fraction_score_60_above_0.8").get<double>()) +
               " of maps>";
      });

  py::class_<PatternKernelPy>(
      m, "PatternKernel",
      "gridtheory.pattern_kernel's result: the unit-peak covariance kernel sigma_hat and what it "
      "was made from. numpy.asarray(kernel) is sigma_hat; pattern_dynamics takes either.")
      .def_readonly("sigma_hat", &PatternKernelPy::sigma_hat,
                    "float64 (res, res // 2 + 1), [ky][kx]: the half spectrum, max 1")
      .def_property_readonly(
          "res", [](const PatternKernelPy& k) { return k.result.res; }, "grid points per side")
      .def_property_readonly(
          "box_m", [](const PatternKernelPy& k) { return k.result.box_m; },
          "side of the periodic box in metres")
      .def_property_readonly(
          "kernel",
          [](const PatternKernelPy& k) {
            return std::string(app::kernel_source_name(k.result.kernel));
          },
          "'sampled' or 'analytic'")
      .def_property_readonly(
          "cells", [](const PatternKernelPy& k) { return k.result.encoding.cells; },
          "place cells of the (sampled) population")
      .def_property_readonly(
          "encoding",
          [](const PatternKernelPy& k) { return to_python(to_json(k.result.encoding)); },
          "the resolved encoding (dict, as make_encoding)")
      .def(
          "__array__",
          [](const PatternKernelPy& k, py::object dtype, py::object) {
            return dtype.is_none() ? py::object(k.sigma_hat) : k.sigma_hat.attr("astype")(dtype);
          },
          py::arg("dtype") = py::none(), py::arg("copy") = py::none())
      .def("__repr__", [](const PatternKernelPy& k) {
        return "<gridtheory.PatternKernel: " +
               std::string(app::kernel_source_name(k.result.kernel)) + ", res " +
               std::to_string(k.result.res) + ", box " + format_number(k.result.box_m) + " m, " +
               describe(k.result.encoding) + ">";
      });

  py::class_<PatternDynamicsPy>(
      m, "PatternDynamics", "gridtheory.pattern_dynamics's result: the maps and the options run.")
      .def_readonly("maps", &PatternDynamicsPy::maps,
                    "float64 (maps, res, res), [map][row = y][col = x]")
      .def_property_readonly(
          "res", [](const PatternDynamicsPy& d) { return d.options.res; }, "grid points per side")
      .def_property_readonly(
          "steps", [](const PatternDynamicsPy& d) { return d.options.steps; }, "update steps run")
      .def_property_readonly(
          "lr", [](const PatternDynamicsPy& d) { return d.options.lr; }, "step size")
      .def_property_readonly(
          "gain", [](const PatternDynamicsPy& d) { return d.options.gain; },
          "multi only: r in f(r G)")
      .def_property_readonly(
          "multi", [](const PatternDynamicsPy& d) { return d.options.multi; },
          "True: the Oja/Sanger rule")
      .def_property_readonly(
          "normalise", [](const PatternDynamicsPy& d) { return d.options.normalise; },
          "single maps: the activation's input at RMS 1 every step")
      .def_property_readonly(
          "init_scale", [](const PatternDynamicsPy& d) { return d.options.init_scale; },
          "amplitude of the drawn initial maps")
      .def_property_readonly(
          "seed", [](const PatternDynamicsPy& d) { return d.options.seed; },
          "seed of the initial maps")
      .def_property_readonly(
          "activation",
          [](const PatternDynamicsPy& d) {
            return std::string(activation_name(d.options.activation));
          },
          "the activation")
      .def("__repr__", [](const PatternDynamicsPy& d) {
        const PatternOptions& o = d.options;
        return "<gridtheory.PatternDynamics: " + std::to_string(o.maps) + " maps of " +
               std::to_string(o.res) + "^2, " + std::to_string(o.steps) + " steps, " +
               (o.multi ? "multi" : "single") + ", " + std::string(activation_name(o.activation)) +
               ">";
      });

  m.def(
      "pattern",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, py::object activation,
         py::object seed, py::object maps, py::object steps, py::object res, py::object lr,
         py::object gain, py::object threads, py::object multi, py::object kernel) {
        return pattern_py({encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                           alpha_i, fields_per_cell, cells},
                          box, activation, seed, maps, steps, res, lr, gain, threads, multi,
                          kernel);
      },
      py::arg("encoding"), py::arg("sigma"), py::arg("surround_ratio"),
      py::arg("surround_variance_ratio"), py::arg("alpha_e"), py::arg("alpha_i"),
      py::arg("fields_per_cell"), py::arg("cells"), py::arg("box"), py::arg("activation"),
      py::arg("seed"), py::arg("maps"), py::arg("steps"), py::arg("res"), py::arg("lr"),
      py::arg("gain"), py::arg("threads"), py::arg("multi"), py::arg("kernel"),
      "gridtheory.pattern (see its docstring).");
  m.def(
      "pattern_kernel",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, py::object activation,
         py::object seed, py::object res, py::object kernel, py::object threads) {
        return pattern_kernel_py({encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                                  alpha_i, fields_per_cell, cells},
                                 box, activation, seed, res, kernel, threads);
      },
      py::arg("encoding"), py::arg("sigma"), py::arg("surround_ratio"),
      py::arg("surround_variance_ratio"), py::arg("alpha_e"), py::arg("alpha_i"),
      py::arg("fields_per_cell"), py::arg("cells"), py::arg("box"), py::arg("activation"),
      py::arg("seed"), py::arg("res"), py::arg("kernel"), py::arg("threads"),
      "gridtheory.pattern_kernel (see its docstring).");
  m.def("pattern_dynamics", &pattern_dynamics_py, py::arg("sigma_hat"), py::arg("maps"),
        py::arg("steps"), py::arg("lr"), py::arg("activation"), py::arg("multi"),
        py::arg("normalise"), py::arg("gain"), py::arg("init_scale"), py::arg("seed"),
        py::arg("threads"), py::arg("initial"), "gridtheory.pattern_dynamics (see its docstring).");
}

} // namespace gridtheory::python
