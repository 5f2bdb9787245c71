#include "src/app/spectrum_source.hpp"

#include "theory/errors.hpp"
#include "theory/spectrum.hpp"

namespace gridtheory::app {

std::string_view method_name(Method m) {
  switch (m) {
  case Method::automatic:
    return "auto";
  case Method::analytic:
    return "analytic";
  case Method::sampled:
    return "sampled";
  }
  throw InternalError("method_name: unknown method");
}

Method parse_method(std::string_view option, std::string_view text) {
  for (Method m : {Method::automatic, Method::analytic, Method::sampled})
    if (text == method_name(m)) return m;
  throw UserError(std::string(option), std::string(text), "is not a known method",
                  "auto, analytic, sampled");
}

Box make_box(std::optional<double> side_m, bool periodic) {
  Box b;
  if (side_m) require_in_range(param("box"), *side_m, box_side_range);
  b.side_m = side_m.value_or(defaults::box_m);
  b.periodic = periodic;
  return b;
}

unsigned long long resolve_seed(std::optional<long long> seed) {
  if (!seed) return defaults::seed;
  require_count_in_range(param("seed"), *seed, seed_range);
  return static_cast<unsigned long long>(*seed);
}

SampledSpectrumOptions resolve_sampled(const SampledRequest& r) {
  SampledSpectrumOptions o;
  if (r.res) require_count_in_range(param("res"), *r.res, sampled_res_range);
  if (r.threads) require_count_in_range(param("threads"), *r.threads, threads_range);
  o.res = r.res ? static_cast<int>(*r.res) : defaults::sampled_res;
  o.threads = r.threads ? static_cast<int>(*r.threads) : default_threads();
  return o;
}

bool uses_sampled(Method method, const Encoding& enc) {
  return method == Method::sampled ||
         (method == Method::automatic && uses_width(enc.family) && !has_tuning_spectrum(enc));
}

void refuse_sampled_only(Method method, const std::string& option, const std::string& value,
                         const Encoding& enc) {
  const std::string why = method == Method::analytic
                              ? "not to " + param("method") + " analytic"
                              : "and " + param("method") + " " + std::string(method_name(method)) +
                                    " uses the closed-form spectrum for " + param("encoding") +
                                    " " + std::string(family_name(enc.family));
  throw UserError(option, value, "applies only to the sampled spectrum, " + why,
                  option + " with " + param("method") + " sampled, or no " + option);
}

SourcedPrediction predict_with_lattice(const Encoding& enc, Activation act, const Box& box,
                                       bool sampled, unsigned long long seed,
                                       const SampledSpectrumOptions& options) {
  SourcedPrediction r;
  r.sampled = sampled;
  r.prediction = sampled ? predict_sampled(enc, act, box, seed, options, &r.spectrum)
                         : gridtheory::predict(enc, act, box);
  if (r.prediction.k_star_per_m) {
    const auto spectrum_power = [&](double k) {
      return sampled ? profile_power(r.spectrum, k) : power(enc, k);
    };
    r.lattice =
        analyse_box_lattice(spectrum_power, *r.prediction.k_star_per_m, box.side_m, box.periodic);
  }
  return r;
}

} // namespace gridtheory::app
