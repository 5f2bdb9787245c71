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

std::optional<long long> SeedOption::value() const {
  if (!text) return std::nullopt;
  return parse_whole(param("seed"), *text, app::seed_range);
}

void add_log_power_flag(CLI::App& app, bool& target) {
  app.add_flag("--log-power", target,
               "with --plot: draw the power on a log axis (a weak peak beside a strong k = 0, "
               "such as true-dog's rejected one, shows)");
}

} // namespace gridtheory::cli
