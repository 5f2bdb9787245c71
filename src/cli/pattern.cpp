// `gridtheory pattern`: run the theory's pattern-forming dynamics on an encoding's covariance
// and score the maps that form.
#include "src/app/pattern.hpp"

#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/params/number_text.hpp"
#include "src/report/pattern_report.hpp"
#include "src/report/progress.hpp"
#include "theory/errors.hpp"

#include <iostream>
#include <limits>
#include <memory>
#include <mutex>

namespace gridtheory::cli {

namespace {

struct PatternCliOptions {
  EncodingFlags encoding;
  BoxOptions box;
  ActivationOption activation;
  SeedOption seed;
  std::optional<std::string> maps, steps, res, lr, gain, threads;
  bool multi = false;
  std::string kernel = "sampled";
  std::string format = "text";
  std::string out;
};

} // namespace

Command add_pattern_command(CLI::App& parent) {
  auto opts = std::make_shared<PatternCliOptions>();
  CLI::App* app = parent.add_subcommand(
      "pattern", "Run the theory's pattern-forming dynamics (Sorscher et al.) on an encoding's "
                 "covariance, score the maps and write them (.npy, mosaic, metrics)");
  opts->encoding.add_to(*app);
  opts->box.add_to(*app, /*always_periodic=*/true);
  opts->activation.add_to(*app);
  opts->seed.add_to(*app);
  add_text_option(*app, "--maps", opts->maps, "number of maps (default 16)", "N");
  add_text_option(*app, "--steps", opts->steps, "update steps (default 1500)", "T");
  add_text_option(*app, "--res", opts->res,
                  "grid points per side of the periodic box (default 55, the peer's)", "R");
  add_text_option(*app, "--lr", opts->lr,
                  "step size in (0, 1] on the unit-peak kernel (default 0.3)", "V");
  add_text_option(*app, "--gain", opts->gain,
                  "--multi only: r in the rule's f(r G) term, >= 0 (default 1 on the unit-peak "
                  "kernel; the peer's 30 on its kernel of peak ~56 is 0.54 here)",
                  "R");
  add_text_option(*app, "--threads", opts->threads, "worker threads (default: all cores)", "N");
  app->add_flag("--multi", opts->multi,
                "many maps at once with the Oja/Sanger orthogonalising term (default: "
                "independent single maps)");
  app->add_option("--kernel", opts->kernel,
                  "Sigma from a sampled population of --cells cells (sampled, default; any "
                  "place code) or from the closed-form spectrum (analytic)")
      ->type_name("sampled|analytic");
  app->add_option("--format", opts->format,
                  "stdout: text summary, or json with per-map lists score_60, score_90, "
                  "grid_spacing_m; default text")
      ->type_name("text|json");
  app->add_option("--out", opts->out,
                  "folder for maps.npy (maps x R x R, row = y), metrics.csv, mosaic.png and "
                  "summary.json; created if missing (its parent must exist)")
      ->type_name("DIR")
      ->required();

  auto run = [opts](std::ostream& out) {
    // Text to typed values; app::pattern checks the ranges and the rules, runs and writes.
    app::PatternRequest q;
    if (opts->box.side)
      q.box_m = parse_real(param("box"), *opts->box.side, {0.0, true, "a side in metres"});
    q.encoding = parse_encoding_options(opts->encoding.spec);
    q.activation = opts->activation.resolve();
    if (opts->seed.text)
      q.seed = parse_whole(param("seed"), *opts->seed.text, 0,
                           std::numeric_limits<long long>::max(), "a seed");
    q.kernel = app::parse_kernel_source(opts->kernel);
    if (opts->format != "text" && opts->format != "json")
      throw UserError("--format", opts->format, "is not a known format", "text, json");
    const auto count = [](const char* name, const std::optional<std::string>& text, long long min,
                          long long max, const char* what) -> std::optional<long long> {
      if (!text) return std::nullopt;
      return parse_whole(param(name), *text, min, max, what);
    };
    q.numbers.maps = count("maps", opts->maps, 1, pattern_defaults::max_maps, "maps");
    q.numbers.steps = count("steps", opts->steps, 0, pattern_defaults::max_steps, "steps");
    q.numbers.res = count("res", opts->res, 8, pattern_defaults::max_res, "grid points per side");
    if (opts->gain) q.numbers.gain = parse_real(param("gain"), *opts->gain, {0.0, false, "a gain"});
    if (opts->lr)
      q.numbers.lr = parse_real(param("lr"), *opts->lr, {0.0, true, "a step size", 1.0});
    q.numbers.threads =
        count("threads", opts->threads, 1, pattern_defaults::max_threads, "threads");
    q.multi = opts->multi;
    q.out = opts->out;

    // The dynamics take seconds to hours (--res, --maps, --steps): a progress line on stderr,
    // started by the first step (the callback runs on the solver's threads).
    std::once_flag started;
    std::unique_ptr<ProgressLine> progress;
    q.progress = [&](long long done, long long steps) {
      std::call_once(started, [&] {
        progress = std::make_unique<ProgressLine>(&std::cerr, stderr_is_terminal(), steps, "step",
                                                  "pattern: ");
      });
      progress->update(done, {}, done == steps);
    };
    const app::PatternResult r = app::pattern(q);
    if (progress) progress->finish();

    if (opts->format == "json")
      out << pattern_summary(r.run).dump(2) << "\n";
    else
      out << pattern_text(r.run, r.cells_given, opts->out);
  };
  return {app, run};
}

} // namespace gridtheory::cli
