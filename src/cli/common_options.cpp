#include "src/cli/common_options.hpp"

#include "theory/defaults.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"
#include "theory/spectrum.hpp"

#include <limits>

namespace gridtheory::cli {

CLI::Option* add_text_option(CLI::App& app, const std::string& name,
                             std::optional<std::string>& target, const std::string& help,
                             const std::string& type_name) {
  return app
      .add_option_function<std::string>(
          name, [&target](const std::string& v) { target = v; }, help)
      ->type_name(type_name);
}

void EncodingFlags::add_to(CLI::App& app, bool cells_scale_with_box) {
  app.add_option("--encoding", spec.encoding,
                 "target code: cartesian, polar, gaussian, dos, dog, true-dog, general-dog, sod "
                 "(default dos, NFL's difference of softmaxes)")
      ->type_name("NAME");
  add_text_option(app, "--sigma", spec.sigma,
                  "centre width sigma_E in metres, fixed or uniform:LO,HI drawn per field "
                  "(default 0.12 m, NFL)",
                  "M|uniform:LO,HI");
  add_text_option(app, "--surround-ratio", spec.surround_ratio,
                  "sigma_I / sigma_E > 1 (NFL convention), fixed or uniform:LO,HI "
                  "(default 2 when neither surround option is given)",
                  "S|uniform:LO,HI");
  add_text_option(app, "--surround-variance-ratio", spec.surround_variance_ratio,
                  "sigma_I^2 / sigma_E^2 > 1 (Sorscher convention); not with --surround-ratio",
                  "S2|uniform:LO,HI");
  add_text_option(app, "--alpha-e", spec.alpha_e,
                  "general-dog centre amplitude alpha_E > 0 (dimensionless, default 1)", "A");
  add_text_option(app, "--alpha-i", spec.alpha_i,
                  "general-dog surround amplitude alpha_I >= 0 (dimensionless, default 1)", "A");
  add_text_option(app, "--fields-per-cell", spec.fields_per_cell,
                  "fields per place cell: N, or poisson:MEAN for 1 + Poisson(MEAN) (default 1)",
                  "N|poisson:MEAN");
  add_text_option(app, "--cells", spec.cells,
                  cells_scale_with_box
                      ? "number of place cells n_p (default: NFL's 512 in the 2.2 m box, at that "
                        "density elsewhere: round(512 (L / 2.2)^2), 2048 at 4.4 m)"
                      : "number of place cells n_p (default 512, NFL, whatever the box)",
                  "N");
}

void BoxOptions::add_to(CLI::App& app, bool always_periodic) {
  add_text_option(app, "--box", side, "square arena side L in metres (default 2.2 m, NFL)", "L");
  if (always_periodic)
    app.add_flag("--periodic", periodic,
                 "accepted and ignored: this command's box is always periodic");
  else
    app.add_flag("--periodic", periodic,
                 "periodic walls: box lattice 2pi(n,m)/L (default: solid walls, standing waves "
                 "on the lattice pi(n,m)/L)");
}

std::optional<double> BoxOptions::side_m() const {
  if (!side) return std::nullopt;
  return parse_number(param("box"), *side, app::box_side_range);
}

void ActivationOption::add_to(CLI::App& app) {
  app.add_option("--activation", name,
                 "hidden nonlinearity: relu, tanh, sigmoid, linear (default relu)")
      ->type_name("NAME");
}

void SeedOption::add_to(CLI::App& app, bool recorded) {
  add_text_option(app, "--seed", text,
                  recorded ? "random seed for sampled quantities (default 0; the analytic method "
                             "draws nothing but records it)"
                           : "random seed of the sampled population (default 0; the sampled "
                             "spectrum only)",
                  "N");
}

void SampledOptions::add_to(CLI::App& app) {
  add_text_option(app, "--res", res,
                  "sampled solver only: grid bins per side of the arena (default 64; k resolves "
                  "to 2pi/L periodic, pi/L solid)",
                  "N");
  add_text_option(app, "--threads", threads,
                  "threads for the sampled solver (default: all cores; accepted, and unused, "
                  "with the analytic spectrum)",
                  "N");
}

app::SampledRequest SampledOptions::request() const {
  app::SampledRequest r;
  if (res) r.res = parse_whole(param("res"), *res, app::sampled_res_range);
  if (threads) r.threads = parse_whole(param("threads"), *threads, app::threads_range);
  return r;
}

void MethodOption::add_to(CLI::App& app) {
  app.add_option("--method", name,
                 "analytic (closed-form spectrum), sampled (a drawn population's spectrum), or "
                 "auto: analytic where a closed form exists, else sampled; default auto")
      ->type_name("auto|analytic|sampled");
}

void check_pattern_kernel_options(const EncodingSpec& spec, const std::string& kernel) {
  if (kernel == "analytic" && spec.cells)
    throw UserError(param("cells"), *spec.cells,
                    "applies only to " + param("kernel") +
                        " sampled (the analytic kernel is the closed-form "
                        "spectrum of infinitely many cells)",
                    param("cells") + " with " + param("kernel") + " sampled, or no " +
                        param("cells"));
}

std::optional<long long> SeedOption::value() const {
  if (!text) return std::nullopt;
  return parse_whole(param("seed"), *text, app::seed_range);
}

PatternOptions resolve_pattern_options(bool multi, Activation act, unsigned long long seed,
                                       const PatternOptionText& t) {
  PatternOptions po = multi ? PatternOptions::peer_multi() : PatternOptions::peer_single();
  po.normalise = true;
  po.activation = act;
  po.seed = seed;
  po.lr = po.multi ? defaults::pattern_multi_lr : defaults::pattern_single_lr;
  po.steps = po.multi ? defaults::pattern_multi_steps : defaults::pattern_single_steps;
  if (po.multi) po.gain = defaults::pattern_multi_gain;
  po.maps = t.maps ? static_cast<int>(
                         parse_count(param("maps"), *t.maps, 1, pattern_defaults::max_maps, "maps"))
                   : defaults::pattern_maps;
  if (t.steps)
    po.steps = static_cast<int>(
        parse_count(param("steps"), *t.steps, 0, pattern_defaults::max_steps, "steps"));
  if (t.res)
    po.res = static_cast<int>(
        parse_count(param("res"), *t.res, 8, pattern_defaults::max_res, "grid points per side"));
  if (t.gain && !multi)
    throw UserError(param("gain"), *t.gain,
                    "applies only to " + param("multi") +
                        " (the single-map rule has no f(r G) term)",
                    param("gain") + " with " + param("multi") + ", or no " + param("gain"));
  if (t.gain) po.gain = parse_number(param("gain"), *t.gain, {0.0, false, "a gain"});
  if (t.lr) po.lr = parse_number(param("lr"), *t.lr, {0.0, true, "a step size", 1.0});
  po.threads = t.threads ? static_cast<int>(parse_count(param("threads"), *t.threads, 1,
                                                        pattern_defaults::max_threads, "threads"))
                         : default_threads();
  return po;
}

} // namespace gridtheory::cli
