// gridtheory._core.scan and its result class Scan (app::ScanResult): one parameter given as
// 'LO:HI:STEP' or as a list of values, the others typed as everywhere else.
#include "python/theory_args.hpp"
#include "src/app/scan.hpp"
#include "src/report/lattice_report.hpp"
#include "src/report/scan_table.hpp"
#include "theory/errors.hpp"

#include <deque>
#include <limits>

namespace gridtheory::python {

namespace {

using app::ScanResult;

bool is_value_list(py::handle v) {
  return py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v) ||
         py::isinstance<py::array>(v);
}

const Triad* triad(const ScanRow& r) {
  return r.lattice && r.lattice->best_triad ? &*r.lattice->best_triad : nullptr;
}

// The CSV's columns at full precision: numbers as float64 arrays (NaN where the CSV cell is
// empty), the `n:m` modes, pattern and method as lists of str (None where empty).
py::dict table(const ScanResult& s) {
  const std::size_t n = s.rows.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto column = [&](auto get) {
    std::vector<double> v;
    for (const auto& r : s.rows)
      v.push_back(get(r));
    return to_numpy(std::move(v), {n});
  };
  const auto opt = [nan](const std::optional<double>& v) { return v ? *v : nan; };
  const auto label = [](const LatticeMode* m) {
    return m ? py::object(py::str(mode_label(*m))) : py::object(py::none());
  };
  py::dict t;
  t[py::str(s.parameter_column)] = column([](const ScanRow& r) { return r.value; });
  py::list pattern, method, k1, k2, k3, top;
  for (const auto& r : s.rows) {
    pattern.append(std::string(pattern_name(r.prediction.pattern)));
    method.append(r.prediction.method);
    const Triad* tr = triad(r);
    k1.append(label(tr ? &tr->modes[0] : nullptr));
    k2.append(label(tr ? &tr->modes[1] : nullptr));
    k3.append(label(tr ? &tr->modes[2] : nullptr));
    top.append(
        label(r.lattice && !r.lattice->top_modes.empty() ? &r.lattice->top_modes[0] : nullptr));
  }
  t["pattern"] = pattern;
  t["method"] = method;
  t["k_star_per_m"] = column([&](const ScanRow& r) { return opt(r.prediction.k_star_per_m); });
  t["wavelength_m"] = column([&](const ScanRow& r) { return opt(r.prediction.wavelength_m); });
  t["grid_spacing_m"] = column([&](const ScanRow& r) { return opt(r.prediction.grid_spacing_m); });
  t["ring_to_box_power_ratio"] =
      column([&](const ScanRow& r) { return opt(r.prediction.ring_to_box_power_ratio); });
  t["triad_k1"] = k1;
  t["triad_k2"] = k2;
  t["triad_k3"] = k3;
  const auto triad_column = [&](auto get) {
    return column([&](const ScanRow& r) {
      const Triad* tr = triad(r);
      return tr ? get(r, *tr) : nan;
    });
  };
  t["triad_mean_k_per_m"] =
      triad_column([](const ScanRow&, const Triad& x) { return x.mean_k_per_m; });
  t["triad_length_mismatch"] =
      triad_column([](const ScanRow&, const Triad& x) { return x.length_mismatch; });
  t["triad_angle_mismatch_deg"] =
      triad_column([](const ScanRow&, const Triad& x) { return x.angle_mismatch_deg; });
  t["triad_min_power_ratio"] = triad_column(
      [](const ScanRow& r, const Triad& x) { return x.min_power / *r.prediction.power_at_k_star; });
  t["box_grid_spacing_m"] =
      triad_column([](const ScanRow&, const Triad& x) { return x.grid_spacing_m; });
  t["box_orientation_deg"] =
      triad_column([](const ScanRow&, const Triad& x) { return x.orientation_deg; });
  t["top_mode"] = top;
  return t;
}

// One column of the table (an object that owns its value, not an accessor into the table).
py::object column_of(const ScanResult& s, const std::string& name) {
  const py::dict t = table(s);
  return t[py::str(name)];
}

// The column names after the parameter's, as scan_columns lists them.
std::vector<std::string> column_names() {
  std::vector<std::string> names;
  std::string all = scan_columns;
  for (std::size_t start = 0;;) {
    const auto comma = all.find(',', start);
    names.push_back(all.substr(start, comma - start));
    if (comma == std::string::npos) return names;
    start = comma + 1;
  }
}

// One scannable keyword: its parameter and the value given.
struct Slot {
  app::ScanParameter parameter;
  py::object value;
};

ScanResult scan_py(py::object encoding, py::object sigma, py::object surround_ratio,
                   py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
                   py::object fields_per_cell, py::object cells, py::object box,
                   py::object periodic, py::object activation, py::object method, py::object seed,
                   py::object res, py::object threads, py::object plot) {
  using P = app::ScanParameter;
  Slot slots[] = {{P::sigma, sigma},
                  {P::surround_ratio, surround_ratio},
                  {P::surround_variance_ratio, surround_variance_ratio},
                  {P::alpha_e, alpha_e},
                  {P::alpha_i, alpha_i},
                  {P::box, box}};
  const auto name = [](const Slot& s) { return param(app::scan_parameter_name(s.parameter)); };
  const auto text_of = [](const Slot& s) -> std::optional<std::string> {
    if (is_value_list(s.value)) return py::str(s.value).cast<std::string>();
    if (py::isinstance<py::str>(s.value)) return s.value.cast<std::string>();
    return std::nullopt;
  };
  // The scanned keyword: a LO:HI:STEP text (as the CLI) or a list / tuple / array of values.
  Slot* scanned = nullptr;
  for (auto& slot : slots) {
    const auto text = text_of(slot);
    if (!is_value_list(slot.value) && !(text && is_range(*text))) continue;
    if (scanned)
      throw UserError(name(slot), *text, "is a second range; scan takes exactly one",
                      "one of " + param("sigma") + ", " + param("surround_ratio") + ", " +
                          param("surround_variance_ratio") + ", " + param("alpha_e") + ", " +
                          param("alpha_i") + ", " + param("box") + " as LO:HI:STEP");
    scanned = &slot;
  }
  if (!scanned) {
    std::vector<std::pair<std::string, std::optional<std::string>>> given;
    for (const auto& slot : slots)
      given.emplace_back(name(slot), text_of(slot));
    app::throw_no_scan_range(given);
  }

  app::ScanRequest r;
  r.parameter = scanned->parameter;
  r.values_label = *text_of(*scanned);
  const Range any{std::numeric_limits<double>::lowest(), false, "a number"};
  if (is_value_list(scanned->value)) {
    for (py::handle item : py::iter(scanned->value))
      r.values.push_back(number_arg(item, name(*scanned)));
  } else {
    r.values = parse_range(name(*scanned), r.values_label, any);
    r.values_from_range = true;
  }
  scanned->value = py::none(); // the fixed options below
  r.activation = activation_arg(activation);
  r.seed = optional_count_arg(seed, param("seed"));
  r.sampled = sampled_args(res, threads);
  r.plot = path_arg(plot, param("plot"));
  r.box_m = optional_number_arg(slots[5].value, param("box"));
  r.periodic = flag_arg(periodic, param("periodic"));
  r.encoding = encoding_keywords(encoding, slots[0].value, slots[1].value, slots[2].value,
                                 slots[3].value, slots[4].value, fields_per_cell, cells);
  r.method = method_arg(method);
  py::gil_scoped_release release;
  return app::scan(r);
}

} // namespace

void bind_scan(py::module_& m) {
  auto c = py::class_<ScanResult>(
      m, "Scan",
      "The prediction and the box lattice's best hexagonal triad at each value of one "
      "parameter: one row per value, each column an attribute.");
  c.def_property_readonly(
      "parameter", [](const ScanResult& s) { return s.parameter_column; },
      "the scanned keyword: 'sigma', 'surround_ratio', ..., 'box'");
  c.def_property_readonly(
      "values", [](const ScanResult& s) { return column_of(s, s.parameter_column); },
      "the scanned values, float64 (rows,), in the parameter's unit");
  c.def_property_readonly(
      "activation", [](const ScanResult& s) { return std::string(activation_name(s.activation)); },
      "the hidden nonlinearity");
  // Docstrings must outlive the module's functions: held here for the process's life.
  static std::deque<std::string> docs;
  for (const std::string& col : column_names()) {
    docs.push_back("the CSV's column " + col +
                   " (numbers: float64 (rows,), NaN where the cell is empty; names: list of str "
                   "or None)");
    c.def_property_readonly(
        col.c_str(), [col](const ScanResult& s) { return column_of(s, col); }, docs.back().c_str());
  }
  c.def("table", &table,
        "the CSV's columns as a dict, the parameter's first (numbers as float64 arrays, NaN "
        "where the CSV cell is empty; names as lists of str or None)");
  c.def_property_readonly(
      "csv", [](const ScanResult& s) { return scan_csv(s.parameter_column, s.rows); },
      "the CSV `gridtheory scan` prints (numbers to 10 significant digits)");
  c.def(
      "to_dict",
      [](const ScanResult& s) {
        return to_python(scan_json(s.parameter_column, s.activation, s.rows));
      },
      "the dict `gridtheory scan --format json` prints");
  c.def("__len__", [](const ScanResult& s) { return s.rows.size(); });
  c.def("__repr__", [](const ScanResult& s) {
    return "gridtheory.Scan(parameter='" + s.parameter_column +
           "', rows=" + std::to_string(s.rows.size()) + ")";
  });

  m.def("scan", &scan_py, GRIDTHEORY_ENCODING_KEYWORDS, py::arg("box"), py::arg("periodic"),
        py::arg("activation"), py::arg("method"), py::arg("seed"), py::arg("res"),
        py::arg("threads"), py::arg("plot"), "scan of python/gridtheory/_theory.py");
}

} // namespace gridtheory::python
