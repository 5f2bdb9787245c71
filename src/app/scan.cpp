#include "src/app/scan.hpp"

#include "src/plot/scan_figure.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace gridtheory::app {

namespace {

// The value a CSV cell prints (%.10g), read back.
double printed_value(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return std::strtod(buf, nullptr);
}

// The request's options with the scanned parameter set to `v`.
void set_scanned(ScanParameter p, double v, EncodingOptions& enc, std::optional<double>& box_m) {
  switch (p) {
  case ScanParameter::sigma:
    enc.sigma_m = Distribution::fixed(v);
    return;
  case ScanParameter::surround_ratio:
    enc.surround_ratio = Distribution::fixed(v);
    return;
  case ScanParameter::surround_variance_ratio:
    enc.surround_variance_ratio = Distribution::fixed(v);
    return;
  case ScanParameter::alpha_e:
    enc.alpha_e = v;
    return;
  case ScanParameter::alpha_i:
    enc.alpha_i = v;
    return;
  case ScanParameter::box:
    box_m = v;
    return;
  }
}

} // namespace

std::string_view scan_parameter_name(ScanParameter p) {
  switch (p) {
  case ScanParameter::sigma:
    return "sigma";
  case ScanParameter::surround_ratio:
    return "surround_ratio";
  case ScanParameter::surround_variance_ratio:
    return "surround_variance_ratio";
  case ScanParameter::alpha_e:
    return "alpha_e";
  case ScanParameter::alpha_i:
    return "alpha_i";
  case ScanParameter::box:
    return "box";
  }
  throw InternalError("scan_parameter_name: unknown parameter");
}

void throw_no_scan_range(
    const std::vector<std::pair<std::string, std::optional<std::string>>>& given) {
  const std::string example = "e.g. " + param("sigma") + " 0.08:0.20:0.005";
  for (const auto& [option, text] : given) {
    if (!text || text->find(':') == std::string::npos) continue;
    if (text->rfind("uniform:", 0) == 0 || text->rfind("poisson:", 0) == 0) continue;
    const auto colons = std::count(text->begin(), text->end(), ':');
    throw UserError(option, *text,
                    "is not a range LO:HI:STEP: " +
                        (colons == 1 ? std::string("STEP is missing")
                                     : "it has " + std::to_string(colons) + " colons, not 2"),
                    "LO:HI:STEP, " + example);
  }
  throw UserError::without_value("scan", "needs one option given as a range LO:HI:STEP",
                                 "one of " + param("sigma") + ", " + param("surround_ratio") +
                                     ", " + param("surround_variance_ratio") + ", " +
                                     param("alpha_e") + ", " + param("alpha_i") + ", " +
                                     param("box") + " as LO:HI:STEP, " + example);
}

ScanResult scan(const ScanRequest& r) {
  const std::string name(scan_parameter_name(r.parameter));
  if (r.values.empty())
    throw UserError(param(name), r.values_label, "is an empty list of values",
                    "LO:HI:STEP or a non-empty list of values");
  const unsigned long long seed = resolve_seed(r.seed);
  const SampledSpectrumOptions options = resolve_sampled(r.sampled);
  if (r.plot) check_figure_path(*r.plot, param("plot"));

  // Validate every value before computing any.
  std::vector<std::pair<Encoding, Box>> configs;
  bool any_sampled = false;
  for (double v : r.values) {
    EncodingOptions enc_options = r.encoding;
    std::optional<double> box_m = r.box_m;
    set_scanned(r.parameter, r.values_from_range ? printed_value(v) : v, enc_options, box_m);
    const Box box = make_box(box_m, r.periodic);
    configs.emplace_back(make_encoding(enc_options, box.side_m), box);
    if (uses_sampled(r.method, configs.back().first)) {
      require_resolvable_widths(configs.back().first, box.side_m, options.res);
      any_sampled = true;
    }
  }
  // The sampled solver's options need at least one value on the sampled spectrum.
  const Encoding& first = configs.front().first;
  if (!any_sampled) {
    if (r.sampled.res)
      refuse_sampled_only(r.method, param("res"), std::to_string(*r.sampled.res), first);
    if (r.seed) refuse_sampled_only(r.method, param("seed"), std::to_string(*r.seed), first);
    if (r.encoding.cells)
      refuse_sampled_only(r.method, param("cells"), std::to_string(*r.encoding.cells), first);
  }

  ScanResult out;
  out.parameter_column = name;
  out.activation = r.activation;
  out.first_encoding = first;
  out.first_box = configs.front().second;
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    const auto& [enc, box] = configs[i];
    SourcedPrediction p =
        predict_with_lattice(enc, r.activation, box, uses_sampled(r.method, enc), seed, options);
    out.rows.push_back({r.values[i], std::move(p.prediction), std::move(p.lattice)});
  }
  if (r.plot)
    write_scan_figure({out.parameter_column, r.values_label, out.first_encoding, r.activation,
                       out.first_box, out.rows},
                      *r.plot, param("plot"));
  return out;
}

} // namespace gridtheory::app
