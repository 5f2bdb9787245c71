// Grid scores of ratemap arrays (score, autocorrelogram), ratemaps of positions and activity, and
// the Scores class: each a call of the app layer (src/app/score.hpp, ratemaps.hpp) with the
// keywords converted straight to typed values. The pattern dynamics: bind_pattern.cpp.
#include "python/bind_numerics.hpp"

#include "python/bindings.hpp"
#include "python/convert.hpp"
#include "src/app/ratemaps.hpp"
#include "src/app/score.hpp"
#include "src/report/score_table.hpp"
#include "theory/errors.hpp"

#include <cmath>

namespace gridtheory::python {

namespace {

// An array keyword as the app's memory input: errors quote "float32 array" (the caller's dtype).
struct ArrayArg {
  py::array_t<double, py::array::c_style> array; // float64, C order: owns the values
  app::ArrayInput input;
};

ArrayArg array_arg(py::handle value, const std::string& name) {
  ArrayArg a;
  a.array = real_array(value, name);
  a.input = app::ArrayInput::memory(shape_of(a.array), a.array.data(), array_value_text(value));
  return a;
}

SacMode sac_arg(py::handle sac) {
  return app::parse_sac_mode(name_text(sac, param("sac"), "nan-aware, deepmind"));
}

// The score columns as arrays, one value per unit.
py::array_t<double> column(const ScoreReport& r, std::size_t c) {
  std::vector<double> values;
  values.reserve(r.scores.size());
  for (const auto& s : r.scores)
    values.push_back(score_values(s)[c]);
  return to_numpy(std::move(values), {r.scores.size()});
}

std::string scores_repr(const ScoreReport& r) {
  std::vector<double> s60;
  for (const auto& s : r.scores)
    if (std::isfinite(s.score_60)) s60.push_back(s.score_60);
  std::string best = "nan";
  if (!s60.empty()) best = format_score(*std::max_element(s60.begin(), s60.end()));
  return "<gridtheory.Scores: " + std::to_string(r.scores.size()) + " units, " +
         std::to_string(r.nbins) + " x " + std::to_string(r.nbins) + " bins, box " +
         format_number(r.box_m) + " m, sac " + std::string(sac_mode_name(r.sac)) +
         ", max score_60 " + best + ">";
}

py::object score_py(py::object ratemaps, py::object box, py::object sac, py::object threads) {
  app::ScoreRequest q;
  q.box_m = optional_number_arg(box, param("box"));
  if (!sac.is_none()) q.sac = sac_arg(sac);
  q.threads = optional_count_arg(threads, param("threads"));
  const ArrayArg maps = array_arg(ratemaps, "ratemaps");
  q.ratemaps = maps.input;
  app::ScoreResult r;
  {
    py::gil_scoped_release release;
    r = app::score(q);
  }
  return py::cast(std::move(r.report));
}

py::array_t<double> autocorrelogram_py(py::object ratemap, py::object sac) {
  const SacMode mode = sac_arg(sac);
  const ArrayArg arg = array_arg(ratemap, "ratemap");
  const app::Ratemaps maps = app::load_ratemaps(arg.input, param("ratemap"));
  std::vector<double> out;
  {
    py::gil_scoped_release release;
    out = app::autocorrelograms(maps, mode);
  }
  const std::size_t size = 2 * static_cast<std::size_t>(maps.nbins) - 1;
  if (maps.array.shape.size() == 2) return to_numpy(std::move(out), {size, size});
  return to_numpy(std::move(out), {maps.units, size, size});
}

py::array_t<double> ratemaps_py(py::object positions, py::object activity, py::object box,
                                py::object bins, py::object smooth, py::object min_occupancy) {
  app::RatemapsRequest q;
  q.box_m = optional_number_arg(box, param("box"));
  q.bins = optional_count_arg(bins, param("bins"));
  q.smooth_m = optional_number_arg(smooth, param("smooth"));
  q.min_occupancy = optional_count_arg(min_occupancy, param("min_occupancy"));
  // The options are checked before the arrays, as the CLI checks them before reading its files.
  app::ratemap_options(q);
  const ArrayArg pos = array_arg(positions, "positions");
  const ArrayArg act = array_arg(activity, "activity");
  q.positions = pos.input;
  q.activity = act.input;
  app::RatemapsResult r;
  {
    py::gil_scoped_release release;
    r = app::ratemaps(q);
  }
  const auto n = static_cast<std::size_t>(r.options.nbins);
  return to_numpy(std::move(r.maps), {r.units, n, n});
}

} // namespace

void bind_scores_class(py::module_& m) {
  auto c = py::class_<ScoreReport>(
      m, "Scores",
      "Grid scores of ratemaps, one value per unit (gridtheory.score, and Pattern.scores): each "
      "column of gridtheory.score_columns a float64 array (NaN where undefined); to_dict() is "
      "`gridtheory score --format json`.");
  for (std::size_t i = 0; i < score_columns.size(); ++i) {
    const std::string name = score_columns[i];
    std::string unit = name.ends_with("_m")     ? " (metres)"
                       : name.ends_with("_deg") ? " (degrees)"
                                                : "";
    c.def_property_readonly(
        name.c_str(), [i](const ScoreReport& r) { return column(r, i); },
        ("float64 (units,): " + name + unit + "; gridtheory.score_definitions['" + name +
         "'] says what it is")
            .c_str());
  }
  c.def_property_readonly(
       "sac", [](const ScoreReport& r) { return std::string(sac_mode_name(r.sac)); },
       "the SAC the scores use: 'deepmind' or 'nan-aware'")
      .def_readonly("box_m", &ScoreReport::box_m, "the arena's side L in metres")
      .def_readonly("nbins", &ScoreReport::nbins, "bins per side of each ratemap")
      .def_property_readonly(
          "bin_m", [](const ScoreReport& r) { return r.box_m / r.nbins; }, "a bin's side in metres")
      .def_property_readonly(
          "units_count", [](const ScoreReport& r) { return r.scores.size(); }, "number of units")
      .def_readonly("unvisited_bins", &ScoreReport::unvisited_bins, "NaN bins over all units")
      .def_readonly("units_with_unvisited_bins", &ScoreReport::units_with_unvisited_bins,
                    "units with at least one NaN bin")
      .def_property_readonly(
          "field_centres_m",
          [](const ScoreReport& r) {
            py::list out;
            for (const auto& unit : r.field_centres) {
              std::vector<double> xy;
              for (const FieldCentre& f : unit) {
                xy.push_back(f.x_m);
                xy.push_back(f.y_m);
              }
              out.append(to_numpy(std::move(xy), {unit.size(), 2}));
            }
            return out;
          },
          "per unit, float64 (fields, 2): the (x, y) centres in metres from the arena's corner "
          "of the fields behind field_count")
      .def("__len__", [](const ScoreReport& r) { return r.scores.size(); })
      .def("__repr__", &scores_repr)
      .def(
          "to_dict", [](const ScoreReport& r) { return to_python(score_json(r)); },
          "`gridtheory score --format json` as a dict (six significant digits, NaN as None)");
}

void bind_numerics(py::module_& m) {
  bind_scores_class(m);
  m.def("score", &score_py, py::arg("ratemaps"), py::arg("box"), py::arg("sac"), py::arg("threads"),
        "gridtheory.score (see its docstring).");
  m.def("ratemaps", &ratemaps_py, py::arg("positions"), py::arg("activity"), py::arg("box"),
        py::arg("bins"), py::arg("smooth"), py::arg("min_occupancy"),
        "gridtheory.ratemaps (see its docstring).");
  m.def("autocorrelogram", &autocorrelogram_py, py::arg("ratemap"), py::arg("sac"),
        "gridtheory.autocorrelogram (see its docstring).");
  bind_pattern(m);
}

} // namespace gridtheory::python
