// Encodings, predict, spectra and the box-lattice scan: each validates its arguments exactly as
// the matching subcommand does (the same option structs of src/cli/common_options.hpp, in the
// same order), then calls the same library functions.
#include "numerics/box_lattice.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "python/bindings.hpp"
#include "python/convert.hpp"
#include "src/cli/common_options.hpp"
#include "src/plot/figure.hpp"
#include "src/plot/scan_figure.hpp"
#include "src/plot/spectrum_figure.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/lattice_report.hpp"
#include "src/report/prediction_report.hpp"
#include "src/report/scan_table.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

namespace gridtheory::python {

namespace {

EncodingArgs encoding_args(py::object encoding, py::object sigma, py::object surround_ratio,
                           py::object surround_variance_ratio, py::object alpha_e,
                           py::object alpha_i, py::object fields_per_cell, py::object cells) {
  return {std::move(encoding),        std::move(sigma),
          std::move(surround_ratio),  std::move(surround_variance_ratio),
          std::move(alpha_e),         std::move(alpha_i),
          std::move(fields_per_cell), std::move(cells)};
}

// The options every prediction takes, as the CLI's option structs (not yet validated).
struct PredictArgs {
  cli::EncodingFlags encoding;
  cli::BoxOptions box;
  cli::ActivationOption activation;
  cli::SeedOption seed;
  cli::MethodOption method;
  cli::SampledOptions sampled;
};

cli::SampledOptions sampled_args(py::handle res, py::handle threads) {
  cli::SampledOptions s;
  s.res = option_text(res, param("res"));
  s.threads = threads_text(threads);
  return s;
}

std::string format_arg(py::handle format, const char* allowed) {
  return name_text(format, param("format"), allowed);
}

// The prediction and its box lattice, exactly as `gridtheory predict` computes them.
struct PredictResult {
  Prediction prediction;
  std::optional<BoxLattice> lattice;
  SampledSpectrum spectrum;
};

PredictResult compute_prediction(const Encoding& enc, Activation act, const Box& box,
                                 unsigned long long seed, bool use_sampled,
                                 const SampledSpectrumOptions& sampled) {
  PredictResult r;
  r.prediction = use_sampled ? predict_sampled(enc, act, box, seed, sampled, &r.spectrum)
                             : predict(enc, act, box);
  if (r.prediction.k_star_per_m) {
    const auto spectrum_power = [&](double k) {
      return use_sampled ? profile_power(r.spectrum, k) : power(enc, k);
    };
    r.lattice =
        analyse_box_lattice(spectrum_power, *r.prediction.k_star_per_m, box.side_m, box.periodic);
  }
  return r;
}

py::dict samples_dict(const std::vector<SpectrumSample>& samples) {
  std::vector<double> k, p;
  for (const auto& s : samples) {
    k.push_back(s.k_per_m);
    p.push_back(s.power);
  }
  const std::size_t n = k.size();
  py::dict d;
  d["k_per_m"] = to_numpy(std::move(k), {n});
  d["power"] = to_numpy(std::move(p), {n});
  return d;
}

// ---------------------------------------------------------------------------- predict

py::object predict_py(const EncodingArgs& ea, py::handle box, bool periodic, py::handle activation,
                      py::handle seed, py::handle method, py::handle res, py::handle threads,
                      py::handle format, py::handle plot) {
  PredictArgs a;
  a.encoding.spec = ea.spec();
  a.box.side = option_text(box, param("box"));
  a.box.periodic = periodic;
  a.activation.name = name_text(activation, param("activation"), "relu, tanh, sigmoid, linear");
  a.seed.text = option_text(seed, param("seed"));
  a.method.name = name_text(method, param("method"), "auto, analytic, sampled");
  a.sampled = sampled_args(res, threads);
  const std::string fmt = format_arg(format, "text, json");
  std::optional<std::string> plot_path;
  if (!plot.is_none()) plot_path = py::str(plot).cast<std::string>(); // str or os.PathLike

  // Validation in `gridtheory predict`'s order.
  PredictConfig config;
  config.box = a.box.resolve();
  config.encoding = a.encoding.resolve(config.box);
  config.activation = a.activation.resolve();
  config.seed = a.seed.resolve();
  const bool use_sampled = a.method.use_sampled(config.encoding);
  a.sampled.check_applies(use_sampled, a.method, config.encoding);
  const SampledSpectrumOptions sampled = a.sampled.resolve();
  if (fmt != "text" && fmt != "json")
    throw UserError(param("format"), fmt, "is not a known format", "text, json");
  if (plot_path) {
    if (use_sampled ? !uses_width(config.encoding.family) : !has_tuning_spectrum(config.encoding))
      throw UserError(param("plot"), *plot_path,
                      "cannot be drawn: " + param("encoding") + " " +
                          std::string(family_name(config.encoding.family)) +
                          " has no tuning-curve power spectrum",
                      param("plot") + " with a single-field place-cell encoding");
    check_figure_path(*plot_path, param("plot"));
  }

  PredictResult r;
  {
    py::gil_scoped_release release;
    r = compute_prediction(config.encoding, config.activation, config.box, config.seed, use_sampled,
                           sampled);
    if (plot_path) {
      const SpectrumFigure fig =
          prediction_spectrum_figure(config.encoding, config.activation, config.box, r.prediction,
                                     use_sampled ? &r.spectrum : nullptr);
      write_spectrum_figure(fig, *plot_path, param("plot"));
    }
  }
  if (fmt == "text") return py::str(to_text(config, r.prediction, r.lattice));
  return to_python(to_json(config, r.prediction, r.lattice));
}

// ---------------------------------------------------------------------------- spectrum

py::dict spectrum_py(const EncodingArgs& ea, py::handle box, bool periodic, py::handle method,
                     py::handle seed, py::handle res, py::handle threads, py::handle k_max_arg,
                     py::handle points_arg, py::handle plot) {
  PredictArgs a;
  a.encoding.spec = ea.spec();
  a.box.side = option_text(box, param("box"));
  a.box.periodic = periodic;
  a.method.name = name_text(method, param("method"), "auto, analytic, sampled");
  a.seed.text = option_text(seed, param("seed"));
  a.sampled = sampled_args(res, threads);
  const auto k_max_text = option_text(k_max_arg, param("k_max"));
  const auto points_text = option_text(points_arg, param("points"));
  std::optional<std::string> plot_path;
  if (!plot.is_none()) plot_path = py::str(plot).cast<std::string>();

  // Validation in `gridtheory spectrum`'s order.
  const Box b = a.box.resolve();
  const Encoding enc = a.encoding.resolve(b);
  const bool use_sampled = a.method.use_sampled(enc);
  if (use_sampled ? !uses_width(enc.family) : !has_tuning_spectrum(enc))
    throw UserError(param("encoding"), std::string(family_name(enc.family)),
                    "has no tuning-curve power spectrum: " + why_no_tuning_spectrum(enc),
                    use_sampled ? "a place-cell encoding" : "a single-field place-cell encoding");
  a.sampled.check_applies(use_sampled, a.method, enc);
  cli::check_sampled_only_options(use_sampled, a.method, enc, a.seed.text, a.encoding.spec.cells);
  const auto seed_value = a.seed.resolve();
  const SampledSpectrumOptions sampled = a.sampled.resolve();
  if (use_sampled && points_text)
    throw UserError(
        param("points"), *points_text, "does not apply to " + param("method") + " sampled",
        param("points") + " with the analytic spectrum (sampled rows are lattice radii)");
  const double box_mode = lowest_box_mode_per_m(b.side_m, b.periodic);
  // The default range reaches at least twice 2pi/L, whatever the walls.
  const double k_max =
      k_max_text ? parse_number(param("k_max"), *k_max_text, {0.0, true, "a wavenumber in rad/m"})
                 : spectrum_default_k_max(enc, b);
  const int points = points_text ? static_cast<int>(parse_count(param("points"), *points_text, 2,
                                                                10'000'000, "a number of rows"))
                                 : defaults::csv_points;
  if (plot_path) check_figure_path(*plot_path, param("plot"));

  SampledSpectrum s;
  SpectrumRows spectrum;
  {
    py::gil_scoped_release release;
    spectrum = spectrum_rows(enc, b, use_sampled, seed_value, sampled, k_max, points, &s);
  }
  const auto& [samples, ring, box_power] = spectrum;
  if (plot_path) {
    py::gil_scoped_release release;
    const SpectrumFigure fig = rows_spectrum_figure(enc, b, spectrum, use_sampled);
    write_spectrum_figure(fig, *plot_path, param("plot"));
  }
  py::dict d = samples_dict(samples);
  d["method"] = use_sampled ? "sampled" : "analytic";
  d["k_star_per_m"] = ring && is_realisable_ring(*ring, box_mode, box_power)
                          ? py::object(py::float_(ring->k_star_per_m))
                          : py::object(py::none());
  d["box_mode_per_m"] = box_mode;
  d["power_at_box_mode"] = box_power;
  if (use_sampled) {
    const auto rows = static_cast<std::size_t>(s.fft_size);
    d["fft_size"] = s.fft_size;
    d["k_step_per_m"] = s.k_step_per_m;
    d["half_spectrum"] = to_numpy(std::move(s.power), {rows, rows / 2 + 1});
  }
  return d;
}

// ---------------------------------------------------------------------------- power

py::array_t<double> power_py(py::handle k, const EncodingArgs& ea) {
  const Encoding enc = make_encoding(ea.spec());
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

// ---------------------------------------------------------------------------- scan

std::string ten_digits(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

bool is_value_list(py::handle v) {
  return py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v) ||
         py::isinstance<py::array>(v);
}

// One scannable option: its CLI name, its Python value and where its text goes.
struct ScanSlot {
  std::string option;
  py::handle value;
  std::optional<std::string>* text = nullptr;
};

py::object scan_py(const EncodingArgs& ea, py::handle box, bool periodic, py::handle activation,
                   py::handle method, py::handle seed, py::handle res, py::handle threads,
                   py::handle format, py::handle plot) {
  PredictArgs a;
  a.encoding.spec.encoding =
      name_text(ea.encoding, param("encoding"),
                "cartesian, polar, gaussian, dos, dog, true-dog, general-dog, sod");
  a.box.periodic = periodic;
  std::vector<ScanSlot> slots{
      {param("sigma"), ea.sigma, &a.encoding.spec.sigma},
      {param("surround_ratio"), ea.surround_ratio, &a.encoding.spec.surround_ratio},
      {param("surround_variance_ratio"), ea.surround_variance_ratio,
       &a.encoding.spec.surround_variance_ratio},
      {param("alpha_e"), ea.alpha_e, &a.encoding.spec.alpha_e},
      {param("alpha_i"), ea.alpha_i, &a.encoding.spec.alpha_i},
      {param("box"), box, &a.box.side}};
  a.encoding.spec.fields_per_cell = option_text(ea.fields_per_cell, param("fields_per_cell"));
  a.encoding.spec.cells = option_text(ea.cells, param("cells"));
  a.activation.name = name_text(activation, param("activation"), "relu, tanh, sigmoid, linear");
  a.method.name = name_text(method, param("method"), "auto, analytic, sampled");
  a.seed.text = option_text(seed, param("seed"));
  a.sampled = sampled_args(res, threads);
  const std::string fmt = format_arg(format, "json, csv, table");
  std::optional<std::string> plot_path;
  if (!plot.is_none()) plot_path = py::str(plot).cast<std::string>();

  // The scanned option: a LO:HI:STEP text (as the CLI) or a list / tuple / array of values.
  const std::string allowed = "one of " + param("sigma") + ", " + param("surround_ratio") + ", " +
                              param("surround_variance_ratio") + ", " + param("alpha_e") + ", " +
                              param("alpha_i") + ", " + param("box") + " as LO:HI:STEP";
  ScanSlot* scanned = nullptr;
  std::vector<std::string> value_texts; // list form: each value's text
  for (auto& slot : slots) {
    const bool list = is_value_list(slot.value);
    std::optional<std::string> text;
    if (list)
      text = py::str(slot.value).cast<std::string>();
    else
      text = option_text(slot.value, slot.option);
    *slot.text = text;
    if (!list && !(text && is_range(*text))) continue;
    if (scanned)
      throw UserError(slot.option, *text, "is a second range; scan takes exactly one", allowed);
    scanned = &slot;
  }
  if (!scanned) {
    std::vector<std::pair<std::string, std::optional<std::string>>> given;
    for (const auto& slot : slots)
      given.emplace_back(slot.option, *slot.text);
    cli::throw_no_scan_range(given);
  }
  const bool list_form = is_value_list(scanned->value);
  const std::string range_text = **scanned->text;
  std::vector<double> values;
  if (list_form) {
    for (py::handle item : py::iter(scanned->value)) {
      const auto text = option_text(item, scanned->option);
      value_texts.push_back(*text);
      values.push_back(parse_number(scanned->option, *text,
                                    {std::numeric_limits<double>::lowest(), false, "a number"}));
    }
    if (values.empty())
      throw UserError(scanned->option, range_text, "is an empty list of values",
                      "LO:HI:STEP or a non-empty list of values");
  } else {
    values = parse_range(scanned->option, range_text,
                         {std::numeric_limits<double>::lowest(), false, "a number"});
  }
  if (fmt != "json" && fmt != "csv" && fmt != "table")
    throw UserError(param("format"), fmt, "is not a known format", "json, csv, table");
  const Activation act = a.activation.resolve();
  const auto seed_value = a.seed.resolve();
  const SampledSpectrumOptions sampled = a.sampled.resolve();
  if (plot_path) check_figure_path(*plot_path, param("plot"));

  // Validate every value before computing any.
  std::vector<std::pair<Encoding, Box>> configs;
  bool any_sampled = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    *scanned->text = list_form ? value_texts[i] : ten_digits(values[i]);
    const Box scanned_box = a.box.resolve();
    configs.emplace_back(a.encoding.resolve(scanned_box), scanned_box);
    any_sampled = a.method.use_sampled(configs.back().first) || any_sampled; // validates --method
  }
  *scanned->text = range_text;
  a.sampled.check_applies(any_sampled, a.method, configs.front().first);
  cli::check_sampled_only_options(any_sampled, a.method, configs.front().first, a.seed.text,
                                  a.encoding.spec.cells);

  // The column names the parameter as the CLI's scan does ("surround-ratio").
  std::string parameter_column = scanned->option.substr(1, scanned->option.size() - 2);
  std::replace(parameter_column.begin(), parameter_column.end(), '_', '-');
  for (char& c : parameter_column)
    if (c == '-') c = '_';
  std::vector<ScanRow> rows;
  std::string csv;
  {
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto& [enc, b] = configs[i];
      PredictResult r =
          compute_prediction(enc, act, b, seed_value, a.method.use_sampled(enc), sampled);
      rows.push_back({values[i], std::move(r.prediction), std::move(r.lattice)});
    }
    csv = scan_csv(parameter_column, rows);
    if (plot_path) // the CLI's figure (`gridtheory scan --plot`)
      write_scan_figure(
          {parameter_column, range_text, configs.front().first, act, configs.front().second, rows},
          *plot_path, param("plot"));
  }
  if (fmt == "csv") return py::str(csv);
  if (fmt == "json") return to_python(scan_json(parameter_column, act, rows));

  // table: one numpy column per CSV column (NaN for an empty numeric cell, None for a missing
  // lattice mode), at full precision.
  const std::size_t n = rows.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto column = [&](auto get) {
    std::vector<double> v;
    for (const auto& r : rows)
      v.push_back(get(r));
    return to_numpy(std::move(v), {n});
  };
  const auto opt = [nan](const std::optional<double>& v) { return v ? *v : nan; };
  const auto triad = [](const ScanRow& r) -> const Triad* {
    return r.lattice && r.lattice->best_triad ? &*r.lattice->best_triad : nullptr;
  };
  py::dict t;
  t[py::str(parameter_column)] = column([](const ScanRow& r) { return r.value; });
  py::list pattern, method_list, k1, k2, k3, top;
  for (const auto& r : rows) {
    pattern.append(std::string(pattern_name(r.prediction.pattern)));
    method_list.append(r.prediction.method);
    const Triad* tr = triad(r);
    k1.append(tr ? py::object(py::str(mode_label(tr->modes[0]))) : py::object(py::none()));
    k2.append(tr ? py::object(py::str(mode_label(tr->modes[1]))) : py::object(py::none()));
    k3.append(tr ? py::object(py::str(mode_label(tr->modes[2]))) : py::object(py::none()));
    top.append(r.lattice && !r.lattice->top_modes.empty()
                   ? py::object(py::str(mode_label(r.lattice->top_modes[0])))
                   : py::object(py::none()));
  }
  t["pattern"] = pattern;
  t["method"] = method_list;
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

// ---------------------------------------------------------------------------- docstrings

const char* kEncodingDoc = R"(
Encoding arguments (the CLI's encoding options; numbers or the CLI's text):
  encoding: 'cartesian', 'polar', 'gaussian', 'dos' (NFL's difference of softmaxes,
      default), 'dog', 'true-dog', 'general-dog' (needs alpha_e, alpha_i), 'sod'.
  sigma: centre width sigma_E in metres, a number or 'uniform:LO,HI' drawn per field
      (default 0.12 m, NFL).
  surround_ratio: sigma_I / sigma_E > 1, NFL's convention, or 'uniform:LO,HI' (default 2
      when neither surround option is given).
  surround_variance_ratio: sigma_I^2 / sigma_E^2 > 1, Sorscher's convention; not with
      surround_ratio.
  alpha_e, alpha_i: general-dog amplitudes (dimensionless, default 1 and 1).
  fields_per_cell: N, or 'poisson:MEAN' for 1 + Poisson(MEAN) fields per cell (default 1).
  cells: number of place cells n_p (default 512, NFL).
A value given for an option that does not apply (alpha_e without 'general-dog', sigma
with 'cartesian', ...) is an error, as on the command line.)";

std::string doc(const char* head, const char* tail) {
  return std::string(head) + kEncodingDoc + tail;
}

} // namespace

void bind_theory(py::module_& m) {
  m.def(
      "make_encoding",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells) {
        const EncodingArgs ea =
            encoding_args(encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                          alpha_i, fields_per_cell, cells);
        return to_python(to_json(make_encoding(ea.spec())));
      },
      GRIDTHEORY_ENCODING_ARGS,
      doc(R"(The fully resolved target encoding, as every output records it.

Returns a dict: 'family', 'sigma_m' (metres; a number, or {'distribution': 'uniform',
'lo', 'hi'}), both surround conventions and 'sigma_i_m' in metres, 'fields_per_cell',
'cells', ... (the 'encoding' object of `gridtheory predict --format json`).
)",
          R"(

Raises ValueError with the CLI's message for a bad value, e.g. for sigma=0:
--sigma: '0' is out of range (allowed: a width in metres >= 1e-09 and <= 1e+09, or uniform:LO,HI with LO < HI).)")
          .c_str());

  m.def(
      "describe_encoding",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells) {
        const EncodingArgs ea =
            encoding_args(encoding, sigma, surround_ratio, surround_variance_ratio, alpha_e,
                          alpha_i, fields_per_cell, cells);
        return describe(make_encoding(ea.spec()));
      },
      GRIDTHEORY_ENCODING_ARGS,
      doc("The resolved encoding as one line of text (as in `gridtheory predict`'s output).\n", "")
          .c_str());

  m.def(
      "predict",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, bool periodic,
         py::object activation, py::object method, py::object seed, py::object res,
         py::object threads, py::object format, py::object plot) {
        return predict_py(encoding_args(encoding, sigma, surround_ratio, surround_variance_ratio,
                                        alpha_e, alpha_i, fields_per_cell, cells),
                          box, periodic, activation, seed, method, res, threads, format, plot);
      },
      GRIDTHEORY_ENCODING_ARGS, py::arg("box") = defaults::box_m, py::arg("periodic") = false,
      py::arg("activation") = defaults::activation, py::arg("method") = "auto",
      py::arg("seed") = defaults::seed, py::arg("res") = py::none(),
      py::arg("threads") = py::none(), py::arg("format") = "json", py::arg("plot") = py::none(),
      doc(R"(Predict the pattern a path integrator trained on a target encoding forms, and its
grid spacing, from the encoding's power spectrum (`gridtheory predict`).

Returns (format='json', default) the dict `gridtheory predict --format json` prints:
  'pattern': 'hexagonal', 'square', 'stripes', 'amorphous', 'none' or 'not_applicable';
  'reason': one sentence; 'method': 'analytic' or 'sampled';
  'k_star_per_m': the ring k* in rad/m (None without a ring);
  'wavelength_m' = 2 pi / k* and 'grid_spacing_m' = 4 pi / (sqrt(3) k*) in metres;
  'has_ring', 'cubic_term', 'ring_sharpness', 'ring_to_box_power_ratio',
  'box_lowest_mode_per_m' (the box lattice's step, rad/m: pi / box with solid walls,
  2 pi / box periodic), 'box_lattice' (the box's Fourier lattice:
  its strongest modes and best hexagonal triad, when there is a ring), 'sigma_i_m',
  'encoding' (fully resolved), 'activation', 'box_m', 'periodic', 'seed', 'version',
  'caveats'. format='text' returns the CLI's text output as a str.
)",
          R"(

Other arguments:
  box: square arena side L in metres (default 2.2, NFL).
  periodic: periodic walls, box lattice 2 pi (n, m) / L (default False: solid walls, whose
      standing waves cos(n pi x / L) cos(m pi y / L) make the lattice pi (n, m) / L).
  activation: hidden nonlinearity 'relu' (default), 'tanh', 'sigmoid', 'linear'.
  method: 'analytic' (closed-form spectrum), 'sampled' (a drawn population's spectrum) or
      'auto' (default: analytic where a closed form exists, else sampled).
  seed: random seed of the sampled population (default 0; recorded by every method).
  res: sampled solver grid bins per side (default None: 64); the sampled spectrum only, a
      ValueError with the analytic one, as `--res` is in the CLI.
  threads: sampled solver threads (default None: all cores; the result does not depend
      on it).
  format: 'json' (a dict, default) or 'text' (a str).
  plot: also write the spectrum figure to this .png path (with .csv and .gp beside it).

Raises ValueError with the CLI's one-line message for any bad value (the CLI prints it
after 'gridtheory predict: error: '), checked before any work.

Example:
  >>> gridtheory.predict(sigma=0.12, surround_ratio=2)['grid_spacing_m']
  0.906...)")
          .c_str());

  m.def(
      "spectrum",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, bool periodic,
         py::object method, py::object seed, py::object res, py::object threads, py::object k_max,
         py::object points, py::object plot) {
        return spectrum_py(encoding_args(encoding, sigma, surround_ratio, surround_variance_ratio,
                                         alpha_e, alpha_i, fields_per_cell, cells),
                           box, periodic, method, seed, res, threads, k_max, points, plot);
      },
      GRIDTHEORY_ENCODING_ARGS, py::arg("box") = defaults::box_m, py::arg("periodic") = false,
      py::arg("method") = "auto", py::arg("seed") = py::none(), py::arg("res") = py::none(),
      py::arg("threads") = py::none(), py::arg("k_max") = py::none(),
      py::arg("points") = py::none(), py::arg("plot") = py::none(),
      doc(R"(The radial power spectrum E|p~(k)|^2 of an encoding's tuning curve (analytic) or of a
sampled population (`gridtheory spectrum`).

Returns a dict:
  'k_per_m', 'power': 1-D float64 arrays, the rows of the CLI's CSV at full precision
      (analytic: `points` values from k = 0 to k_max; sampled: one per lattice radius
      |k| > 0 up to k_max). Power normalisation: theory/spectrum.hpp (unit-mass encodings:
      dimensionless, the centre term 1 at k = 0).
  'method': 'analytic' or 'sampled'.
  'k_star_per_m': the ring k* (rad/m) when the box can realise it, else None.
  'box_mode_per_m': the box's lowest mode (pi / box solid walls, 2 pi / box periodic);
      'power_at_box_mode': the power there.
  sampled only: 'half_spectrum' (fft_size x fft_size//2+1, [ky][kx], the 2-D power on the
      DFT lattice), 'fft_size' (res periodic, 2 res solid walls), 'k_step_per_m' (lattice
      spacing in rad/m).
)",
          R"(

Other arguments:
  box, periodic, method, seed, res, threads: as in predict, except that seed (default None:
      0) and cells are errors with the analytic spectrum, which draws nothing.
  k_max: largest wavenumber in rad/m (default 5 / the smallest width, at least
      2 x 2 pi / box).
  points: analytic rows from k = 0 to k_max (default 401); an error with the sampled
      method.
  plot: also write the figure to this .png path (with .csv and .gp beside it).

Raises ValueError (the CLI's message) for a bad value or an encoding without a spectrum
(cartesian, polar; multi-field or distributed codes analytically: use method='sampled').)")
          .c_str());

  m.def(
      "power",
      [](py::object k_per_m, py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells) {
        return power_py(k_per_m,
                        encoding_args(encoding, sigma, surround_ratio, surround_variance_ratio,
                                      alpha_e, alpha_i, fields_per_cell, cells));
      },
      py::arg("k_per_m"), GRIDTHEORY_ENCODING_ARGS,
      doc(R"(The closed-form power spectrum E|p~(k)|^2 at wavenumbers k_per_m (rad/m).

k_per_m: a number or a real array of any shape; returns a float64 array of the same shape
(a 0-d array for a number). Same normalisation as spectrum().
)",
          R"(

Raises ValueError for a bad value, a non-real k_per_m, or an encoding without a closed-form
spectrum.)")
          .c_str());

  m.def(
      "scan",
      [](py::object encoding, py::object sigma, py::object surround_ratio,
         py::object surround_variance_ratio, py::object alpha_e, py::object alpha_i,
         py::object fields_per_cell, py::object cells, py::object box, bool periodic,
         py::object activation, py::object method, py::object seed, py::object res,
         py::object threads, py::object format, py::object plot) {
        return scan_py(encoding_args(encoding, sigma, surround_ratio, surround_variance_ratio,
                                     alpha_e, alpha_i, fields_per_cell, cells),
                       box, periodic, activation, method, seed, res, threads, format, plot);
      },
      GRIDTHEORY_ENCODING_ARGS, py::arg("box") = defaults::box_m, py::arg("periodic") = false,
      py::arg("activation") = defaults::activation, py::arg("method") = "auto",
      py::arg("seed") = py::none(), py::arg("res") = py::none(), py::arg("threads") = py::none(),
      py::arg("format") = "json", py::arg("plot") = py::none(),
      doc(R"(The prediction and the box lattice's best hexagonal triad over one parameter's range
(`gridtheory scan`).

Exactly one of sigma, surround_ratio, surround_variance_ratio, alpha_e, alpha_i or box is
scanned: given as the CLI's 'LO:HI:STEP' text (e.g. sigma='0.08:0.20:0.005'; HI included
when on the grid) or as a list, tuple or 1-D array of values (e.g. sigma=[0.11, 0.12]).
Every value is validated before any is computed.

Returns, by format:
  'json' (default): the dict of `gridtheory scan --format json`: 'command', 'parameter'
      (e.g. 'sigma', 'surround_ratio', 'box'), 'activation', 'rows' (per value: 'value',
      'pattern', 'method', 'k_star_per_m', 'grid_spacing_m', 'box_lattice').
  'csv': the CLI's CSV text (numbers to 10 significant digits).
  'table': the CSV's columns as a dict at full precision: numbers as float64 arrays (NaN
      where the CSV cell is empty), 'pattern', 'method', 'triad_k1..3', 'top_mode' as
      lists of str (None where empty). Columns: the parameter, pattern, method,
      k_star_per_m (rad/m), wavelength_m, grid_spacing_m, ring_to_box_power_ratio,
      triad_k1, triad_k2, triad_k3 ('n:m' in lattice steps: k = pi (n, m) / box with solid
      walls, 2 pi (n, m) / box periodic), triad_mean_k_per_m,
      triad_length_mismatch (max |k_i - k*| / k*), triad_angle_mismatch_deg,
      triad_min_power_ratio, box_grid_spacing_m, box_orientation_deg, top_mode.
)",
          R"(

Other arguments: box, periodic, activation, method, seed, res, threads as in
predict (seed, default None: 0, and cells are errors when every value uses the analytic
spectrum, as in spectrum); plot: also write the CLI's scan figure to this .png path.

Raises ValueError (the CLI's message) for no or two scanned options, a malformed range, or
any bad value.)")
          .c_str());
}

} // namespace gridtheory::python
