// gridtheory._core.spectrum and its result class Spectrum (app::SpectrumResult).
#include "python/theory_args.hpp"
#include "src/app/spectrum.hpp"
#include "src/plot/spectrum_figure.hpp"
#include "src/report/encoding_report.hpp"

#include <cstdio>

namespace gridtheory::python {

namespace {

using app::SpectrumResult;

py::array_t<double> column(const SpectrumResult& r, double SpectrumSample::*field) {
  std::vector<double> v;
  v.reserve(r.rows.samples.size());
  for (const auto& s : r.rows.samples)
    v.push_back(s.*field);
  const std::size_t n = v.size();
  return to_numpy(std::move(v), {n});
}

py::object if_sampled(const SpectrumResult& r, py::object value) {
  return r.sampled ? value : py::object(py::none());
}

py::object half_spectrum(const SpectrumResult& r) {
  if (!r.sampled) return py::none();
  const auto rows = static_cast<std::size_t>(r.full.fft_size);
  std::vector<double> copy = r.full.power;
  return to_numpy(std::move(copy), {rows, rows / 2 + 1});
}

py::object k_star(const SpectrumResult& r) {
  return r.k_star_per_m ? py::object(py::float_(*r.k_star_per_m)) : py::object(py::none());
}

// The dict of the earlier module's spectrum(): every field by name.
py::dict as_dict(const SpectrumResult& r) {
  py::dict d;
  d["k_per_m"] = column(r, &SpectrumSample::k_per_m);
  d["power"] = column(r, &SpectrumSample::power);
  d["method"] = r.sampled ? "sampled" : "analytic";
  d["k_star_per_m"] = k_star(r);
  d["box_mode_per_m"] = r.box_mode_per_m;
  d["power_at_box_mode"] = r.rows.box_power;
  if (r.sampled) {
    d["fft_size"] = r.full.fft_size;
    d["k_step_per_m"] = r.full.k_step_per_m;
    d["half_spectrum"] = half_spectrum(r);
  }
  return d;
}

} // namespace

void bind_spectrum(py::module_& m) {
  auto c = py::class_<SpectrumResult>(
      m, "Spectrum", "An encoding's radial power spectrum E|p~(k)|^2 (analytic or sampled).");
  c.def_property_readonly(
      "k_per_m", [](const SpectrumResult& r) { return column(r, &SpectrumSample::k_per_m); },
      "wavenumbers in rad/m, float64 (n,): the CSV's first column at full precision");
  c.def_property_readonly(
      "power", [](const SpectrumResult& r) { return column(r, &SpectrumSample::power); },
      "the power at each k, float64 (n,) (theory/spectrum.hpp's normalisation: "
      "dimensionless for unit-mass encodings)");
  c.def_property_readonly(
      "method", [](const SpectrumResult& r) { return r.sampled ? "sampled" : "analytic"; },
      "'analytic' or 'sampled'");
  c.def_property_readonly("k_star_per_m", &k_star,
                          "the ring k* in rad/m when the box can realise it, else None");
  c.def_property_readonly(
      "box_mode_per_m", [](const SpectrumResult& r) { return r.box_mode_per_m; },
      "the box's lowest mode in rad/m: pi / box solid walls, 2 pi / box periodic");
  c.def_property_readonly(
      "power_at_box_mode", [](const SpectrumResult& r) { return r.rows.box_power; },
      "the power at the box's lowest mode");
  c.def_property_readonly(
      "k_max_per_m", [](const SpectrumResult& r) { return r.k_max_per_m; },
      "the largest wavenumber asked for, rad/m");
  c.def_property_readonly("half_spectrum", &half_spectrum,
                          "sampled only (else None): the 2-D power on the DFT lattice, float64 "
                          "(fft_size, fft_size // 2 + 1), [ky][kx]");
  c.def_property_readonly(
      "fft_size", [](const SpectrumResult& r) { return if_sampled(r, py::int_(r.full.fft_size)); },
      "sampled only (else None): res periodic, 2 res solid walls");
  c.def_property_readonly(
      "k_step_per_m",
      [](const SpectrumResult& r) { return if_sampled(r, py::float_(r.full.k_step_per_m)); },
      "sampled only (else None): the DFT lattice's spacing in rad/m");
  c.def_property_readonly(
      "encoding", [](const SpectrumResult& r) { return r.encoding; }, "the resolved Encoding");
  c.def_property_readonly(
      "box_m", [](const SpectrumResult& r) { return r.box.side_m; }, "arena side in metres");
  c.def_property_readonly(
      "periodic", [](const SpectrumResult& r) { return r.box.periodic; }, "periodic walls");
  c.def_property_readonly(
      "csv", [](const SpectrumResult& r) { return spectrum_csv(r.rows.samples); },
      "the CSV `gridtheory spectrum` prints (k_per_m,power)");
  c.def("to_dict", &as_dict,
        "the fields as a dict (arrays as float64 arrays; sampled: half_spectrum, fft_size, "
        "k_step_per_m)");
  c.def("__len__", [](const SpectrumResult& r) { return r.rows.samples.size(); });
  c.def("__repr__", [](const SpectrumResult& r) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "gridtheory.Spectrum(method='%s', rows=%zu, k_star_per_m=%s)",
                  r.sampled ? "sampled" : "analytic", r.rows.samples.size(),
                  r.k_star_per_m ? std::to_string(*r.k_star_per_m).c_str() : "None");
    return std::string(buf);
  });

  m.def(
      "spectrum",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, py::object periodic,
         py::object method, py::object seed, py::object res, py::object threads, py::object k_max,
         py::object points, py::object plot, py::object log_power) {
        app::SpectrumRequest r;
        r.encoding = encoding_keywords(encoding, sigma, surround_ratio, surround_variance_ratio,
                                       alpha_e, alpha_i, fields_per_cell, cells);
        r.box_m = optional_number_arg(box, param("box"));
        r.periodic = flag_arg(periodic, param("periodic"));
        r.method = method_arg(method);
        r.seed = optional_count_arg(seed, param("seed"));
        r.sampled = sampled_args(res, threads);
        r.k_max_per_m = optional_number_arg(k_max, param("k_max"));
        r.points = optional_count_arg(points, param("points"));
        r.plot = path_arg(plot, param("plot"));
        r.log_power = flag_arg(log_power, param("log_power"));
        py::gil_scoped_release release;
        return app::spectrum(r);
      },
      GRIDTHEORY_ENCODING_KEYWORDS, py::arg("box"), py::arg("periodic"), py::arg("method"),
      py::arg("seed"), py::arg("res"), py::arg("threads"), py::arg("k_max"), py::arg("points"),
      py::arg("plot"), py::arg("log_power"), "spectrum of python/gridtheory/_theory.py");
}

} // namespace gridtheory::python
