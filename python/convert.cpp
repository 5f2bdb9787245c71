#include "python/convert.hpp"

#include "src/io/npy.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace gridtheory::python {

namespace {

std::string repr_text(py::handle value) {
  return py::repr(value).cast<std::string>();
}

bool is_numpy_bool(py::handle value) {
  const py::object bool_type = py::module_::import("numpy").attr("bool_");
  return py::isinstance(value, bool_type);
}

template <class Json> py::object json_to_python(const Json& j) {
  using value_t = nlohmann::detail::value_t;
  switch (j.type()) {
  case value_t::null:
    return py::none();
  case value_t::boolean:
    return py::bool_(j.template get<bool>());
  case value_t::number_integer:
    return py::int_(j.template get<std::int64_t>());
  case value_t::number_unsigned:
    return py::int_(j.template get<std::uint64_t>());
  case value_t::number_float: {
    const double v = j.template get<double>();
    return std::isfinite(v) ? py::object(py::float_(v)) : py::object(py::none());
  }
  case value_t::string:
    return py::str(j.template get_ref<const std::string&>());
  case value_t::array: {
    py::list list;
    for (const auto& item : j)
      list.append(json_to_python(item));
    return list;
  }
  case value_t::object: {
    py::dict dict;
    for (auto it = j.begin(); it != j.end(); ++it)
      dict[py::str(it.key())] = json_to_python(it.value());
    return dict;
  }
  default:
    throw InternalError("python: a JSON value of an unexpected type");
  }
}

} // namespace

std::optional<std::string> option_text(py::handle value, const std::string& option) {
  if (value.is_none()) return std::nullopt;
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  const std::string allowed = "a number, or the option's text as the command line takes it";
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value))
    throw UserError(option, repr_text(value), "is a truth value, not a number", allowed);
  PyObject* p = value.ptr();
  if (PyLong_Check(p)) return py::str(value).cast<std::string>();
  if (!PyFloat_Check(p) && PyIndex_Check(p)) { // numpy integers
    const auto index = py::reinterpret_steal<py::object>(PyNumber_Index(p));
    if (!index) throw py::error_already_set();
    return py::str(index).cast<std::string>();
  }
  if (PyFloat_Check(p) || py::hasattr(value, "__float__")) {
    const double v = PyFloat_AsDouble(p);
    if (v == -1.0 && PyErr_Occurred()) {
      PyErr_Clear();
      throw UserError(option, repr_text(value), "is not a real number", allowed);
    }
    return format_number(v);
  }
  throw UserError(option, repr_text(value), "is neither a number nor a string", allowed);
}

namespace {

bool is_number(py::handle value) {
  PyObject* p = value.ptr();
  return PyLong_Check(p) || PyFloat_Check(p) || PyIndex_Check(p) || py::hasattr(value, "__float__");
}

// The UserError for a value of the wrong type: says what it is.
[[noreturn]] void wrong_type(py::handle value, const std::string& name,
                             const std::string& allowed) {
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value))
    throw UserError(name, repr_text(value), "is a truth value, not a number", allowed);
  if (py::isinstance<py::str>(value))
    throw UserError(name, value.cast<std::string>(), "is text, not a number", allowed);
  throw UserError(name, repr_text(value), "is not a number", allowed);
}

} // namespace

std::optional<double> number_arg(py::handle value, const std::string& name) {
  if (value.is_none()) return std::nullopt;
  const std::string allowed = "a real number (int or float)";
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value) || !is_number(value))
    wrong_type(value, name, allowed);
  const double v = PyFloat_AsDouble(value.ptr());
  if (v == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw UserError(name, repr_text(value), "is not a real number", allowed);
  }
  return v;
}

std::optional<long long> count_arg(py::handle value, const std::string& name,
                                   const CountRange& range) {
  if (value.is_none()) return std::nullopt;
  const std::string allowed = std::string(range.what) + ", a whole number";
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value) || !is_number(value))
    wrong_type(value, name, allowed);
  PyObject* p = value.ptr();
  if (!PyFloat_Check(p) && PyIndex_Check(p)) { // int, numpy integers
    const auto index = py::reinterpret_steal<py::object>(PyNumber_Index(p));
    if (!index) throw py::error_already_set();
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
    if (overflow != 0) // beyond long long: out of any count's range
      throw UserError(name, repr_text(value), "is out of range",
                      std::string(range.what) + ", a whole number from " +
                          std::to_string(range.min) + " to " + std::to_string(range.max));
    return v;
  }
  const auto v = number_arg(value, name);
  return require_whole(name, *v, range);
}

std::optional<Distribution> distribution_arg(py::handle value, const std::string& name,
                                             const Range& range) {
  if (value.is_none()) return std::nullopt;
  if (py::isinstance<py::str>(value))
    return parse_distribution(name, value.cast<std::string>(), range);
  return Distribution::fixed(*number_arg(value, name));
}

bool flag_arg(py::handle value, const std::string& name) {
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value)) return value.cast<bool>();
  throw UserError(name, repr_text(value), "is not a truth value", "True or False");
}

std::optional<std::string> path_arg(py::handle value, const std::string& name) {
  if (value.is_none()) return std::nullopt;
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  if (py::hasattr(value, "__fspath__")) {
    const py::object path = value.attr("__fspath__")();
    if (py::isinstance<py::str>(path)) return path.cast<std::string>();
  }
  throw UserError(name, repr_text(value), "is not a path", "a str or a pathlib.Path");
}

std::string choice_arg(py::handle value, const std::string& name, const std::string& allowed) {
  if (!py::isinstance<py::str>(value))
    throw UserError(name, repr_text(value), "is not a name (a str)", allowed);
  return value.cast<std::string>();
}

EncodingOptions encoding_options_arg(const EncodingArgs& a) {
  using P = EncodingParameter;
  EncodingSpec names; // the family's name, read by the one parser of encoding names
  names.encoding = choice_arg(a.encoding, param("encoding"), joined_family_names());
  EncodingOptions o = parse_encoding_options(names);
  const auto name = [](P p) { return param(parameter_name(p)); };
  o.sigma_m = distribution_arg(a.sigma, name(P::sigma), parameter_range(P::sigma));
  o.surround_ratio = distribution_arg(a.surround_ratio, name(P::surround_ratio),
                                      parameter_range(P::surround_ratio));
  o.surround_variance_ratio =
      distribution_arg(a.surround_variance_ratio, name(P::surround_variance_ratio),
                       parameter_range(P::surround_variance_ratio));
  o.alpha_e = number_arg(a.alpha_e, name(P::alpha_e));
  o.alpha_i = number_arg(a.alpha_i, name(P::alpha_i));
  if (py::isinstance<py::str>(a.fields_per_cell))
    o.fields_per_cell =
        parse_field_count(name(P::fields_per_cell), a.fields_per_cell.cast<std::string>());
  else if (const auto n = count_arg(a.fields_per_cell, name(P::fields_per_cell),
                                    {1, 1000000, "fields per cell"})) {
    // make_encoding checks the count; one beyond int is out of range whatever it is.
    if (*n < 0 || *n > std::numeric_limits<int>::max())
      (void)parse_field_count(name(P::fields_per_cell), std::to_string(*n));
    FieldCount fc;
    fc.count = static_cast<int>(*n);
    o.fields_per_cell = fc;
  }
  if (const auto n = count_arg(a.cells, name(P::cells), cells_range)) {
    if (*n < 0 || *n > std::numeric_limits<int>::max())
      require_count_in_range(name(P::cells), *n, cells_range);
    o.cells = static_cast<int>(*n);
  }
  return o;
}

std::string name_text(py::handle value, const std::string& option, const std::string& allowed) {
  if (!py::isinstance<py::str>(value))
    throw UserError(option, repr_text(value), "is not a name (a str)", allowed);
  return value.cast<std::string>();
}

EncodingSpec EncodingArgs::spec() const {
  EncodingSpec s;
  s.encoding = name_text(encoding, param("encoding"),
                         "cartesian, polar, gaussian, dos, dog, true-dog, general-dog, sod");
  s.sigma = option_text(sigma, param("sigma"));
  s.surround_ratio = option_text(surround_ratio, param("surround_ratio"));
  s.surround_variance_ratio =
      option_text(surround_variance_ratio, param("surround_variance_ratio"));
  s.alpha_e = option_text(alpha_e, param("alpha_e"));
  s.alpha_i = option_text(alpha_i, param("alpha_i"));
  s.fields_per_cell = option_text(fields_per_cell, param("fields_per_cell"));
  s.cells = option_text(cells, param("cells"));
  return s;
}

std::string array_value_text(py::handle value) {
  if (py::isinstance<py::array>(value))
    return py::str(py::reinterpret_borrow<py::array>(value).dtype()).cast<std::string>() + " array";
  return py::str(py::type::of(value).attr("__name__")).cast<std::string>();
}

std::vector<std::size_t> shape_of(const py::array& a) {
  std::vector<std::size_t> shape;
  for (py::ssize_t i = 0; i < a.ndim(); ++i)
    shape.push_back(static_cast<std::size_t>(a.shape(i)));
  return shape;
}

py::array_t<double, py::array::c_style> real_array(py::handle value, const std::string& name) {
  const std::string allowed = "a numpy array of float32, float64 or integers (NaN allowed)";
  py::array a;
  try {
    a = py::module_::import("numpy").attr("asarray")(value);
  } catch (const py::error_already_set&) {
    throw UserError(name, array_value_text(value), "is not convertible to a numpy array", allowed);
  }
  const char kind = a.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u')
    throw UserError(name, array_value_text(a),
                    "has dtype " + py::str(a.dtype()).cast<std::string>() + ", not real numbers",
                    allowed);
  return py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
}

py::array_t<double> to_numpy(std::vector<double>&& data, const std::vector<std::size_t>& shape) {
  auto* owned = new std::vector<double>(std::move(data));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  std::vector<py::ssize_t> dims(shape.begin(), shape.end());
  return py::array_t<double>(dims, owned->data(), owner);
}

py::array_t<float> to_numpy_float32(const std::vector<double>& data,
                                    const std::vector<std::size_t>& shape) {
  std::vector<py::ssize_t> dims(shape.begin(), shape.end());
  py::array_t<float> out(dims);
  float* p = out.mutable_data();
  for (std::size_t i = 0; i < data.size(); ++i)
    p[i] = static_cast<float>(data[i]);
  return out;
}

py::object to_python(const nlohmann::json& j) {
  return json_to_python(j);
}
py::object to_python(const nlohmann::ordered_json& j) {
  return json_to_python(j);
}

} // namespace gridtheory::python
