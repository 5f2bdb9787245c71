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

std::string name_text(py::handle value, const std::string& option, const std::string& allowed) {
  if (!py::isinstance<py::str>(value))
    throw UserError(option, repr_text(value), "is not a name (a str)", allowed);
  return value.cast<std::string>();
}

namespace {

// The UserError for a value of the wrong type: says what it is.
[[noreturn]] void wrong_type(py::handle value, const std::string& name, const std::string& what,
                             const std::string& allowed) {
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value))
    throw UserError(name, repr_text(value), "is a truth value, not " + what, allowed);
  if (py::isinstance<py::str>(value))
    throw UserError(name, value.cast<std::string>(), "is text, not " + what, allowed);
  throw UserError(name, repr_text(value), "is not " + what, allowed);
}

} // namespace

double number_arg(py::handle value, const std::string& name) {
  const std::string allowed = "a real number (int or float)";
  PyObject* p = value.ptr();
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value) || py::isinstance<py::str>(value) ||
      (!PyFloat_Check(p) && !PyLong_Check(p) && !PyIndex_Check(p) &&
       !py::hasattr(value, "__float__")))
    wrong_type(value, name, "a number", allowed);
  if (PyComplex_Check(p)) throw UserError(name, repr_text(value), "is not a real number", allowed);
  const double v = PyFloat_AsDouble(p);
  if (v == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw UserError(name, repr_text(value), "is not a real number", allowed);
  }
  return v;
}

std::optional<double> optional_number_arg(py::handle value, const std::string& name) {
  if (value.is_none()) return std::nullopt;
  return number_arg(value, name);
}

long long count_arg(py::handle value, const std::string& name) {
  // Strict, as Python's own counts are (range(2.0) is a TypeError): a float, even 4.0, is refused.
  const std::string allowed = "a whole number (int)";
  PyObject* p = value.ptr();
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value) || py::isinstance<py::str>(value))
    wrong_type(value, name, "a whole number", allowed);
  if (PyFloat_Check(p) || !PyIndex_Check(p))
    throw UserError(name, repr_text(value), "is not a whole number", allowed);
  const auto index = py::reinterpret_steal<py::object>(PyNumber_Index(p));
  if (!index) throw py::error_already_set();
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (overflow != 0) throw UserError(name, repr_text(value), "is out of range", allowed);
  return v;
}

std::optional<long long> optional_count_arg(py::handle value, const std::string& name) {
  if (value.is_none()) return std::nullopt;
  return count_arg(value, name);
}

std::optional<Distribution> distribution_arg(py::handle value, const std::string& name,
                                             const Range& range) {
  if (value.is_none()) return std::nullopt;
  if (py::isinstance<py::str>(value))
    return parse_distribution(name, value.cast<std::string>(), range);
  return Distribution::fixed(number_arg(value, name));
}

std::optional<std::string> text_arg(py::handle value, const std::string& name,
                                    const std::string& allowed) {
  if (value.is_none()) return std::nullopt;
  if (!py::isinstance<py::str>(value))
    throw UserError(name, repr_text(value), "is not a str", allowed);
  return value.cast<std::string>();
}

std::optional<std::filesystem::path> path_arg(py::handle value, const std::string& name) {
  if (value.is_none()) return std::nullopt;
  if (!py::isinstance<py::str>(value) && !py::hasattr(value, "__fspath__"))
    throw UserError(name, repr_text(value), "is not a path", "a str or os.PathLike");
  const py::object text = py::module_::import("os").attr("fspath")(value);
  if (!py::isinstance<py::str>(text))
    throw UserError(name, repr_text(value), "is not a text path", "a str or os.PathLike");
  return std::filesystem::path(text.cast<std::string>());
}

bool flag_arg(py::handle value, const std::string& name) {
  if (py::isinstance<py::bool_>(value) || is_numpy_bool(value)) return value.cast<bool>();
  throw UserError(name, repr_text(value), "is not a truth value", "True or False");
}

EncodingOptions encoding_options_arg(const EncodingArgs& a, bool* family_given) {
  using P = EncodingParameter;
  EncodingOptions o;
  if (family_given) *family_given = !a.encoding.is_none();
  if (!a.encoding.is_none()) {
    const std::string family = name_text(a.encoding, param("encoding"), joined_family_names());
    const auto f = family_from_name(family);
    if (!f)
      throw UserError(param("encoding"), family, "is not a known encoding", joined_family_names());
    o.family = *f;
  }
  o.sigma_m = distribution_arg(a.sigma, param("sigma"), parameter_range(P::sigma));
  o.surround_ratio = distribution_arg(a.surround_ratio, param("surround_ratio"),
                                      parameter_range(P::surround_ratio));
  o.surround_variance_ratio =
      distribution_arg(a.surround_variance_ratio, param("surround_variance_ratio"),
                       parameter_range(P::surround_variance_ratio));
  o.alpha_e = optional_number_arg(a.alpha_e, param("alpha_e"));
  o.alpha_i = optional_number_arg(a.alpha_i, param("alpha_i"));
  if (py::isinstance<py::str>(a.fields_per_cell)) {
    o.fields_per_cell =
        parse_field_count(param("fields_per_cell"), a.fields_per_cell.cast<std::string>());
  } else if (const auto n = optional_count_arg(a.fields_per_cell, param("fields_per_cell"))) {
    FieldCount fc;
    fc.count = static_cast<int>(std::clamp<long long>(*n, std::numeric_limits<int>::min(),
                                                      std::numeric_limits<int>::max()));
    o.fields_per_cell = fc;
  }
  if (const auto n = optional_count_arg(a.cells, param("cells")))
    o.cells = static_cast<int>(std::clamp<long long>(*n, std::numeric_limits<int>::min(),
                                                     std::numeric_limits<int>::max()));
  return o;
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
