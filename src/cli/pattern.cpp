// `gridtheory pattern`: run the theory's pattern-forming dynamics on an encoding's covariance
// and score the maps that form.
#include "numerics/grid_scores.hpp"
#include "numerics/pattern_dynamics.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "src/cli/command.hpp"
#include "src/cli/common_options.hpp"
#include "src/io/atomic_file.hpp"
#include "src/io/npy.hpp"
#include "src/plot/mosaic.hpp"
#include "src/report/encoding_report.hpp"
#include "src/report/pattern_report.hpp"
#include "src/report/progress.hpp"
#include "src/report/score_table.hpp"
#include "src/report/text_values.hpp"
#include "src/version.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <numeric>
#include <sstream>

namespace gridtheory::cli {

namespace fs = std::filesystem;
using nlohmann::json;

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

std::string number(double v) {
  if (!std::isfinite(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

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
    // Validate everything first.
    const Box box = opts->box.resolve();
    const Encoding enc = opts->encoding.resolve(box);
    const Activation act = opts->activation.resolve();
    const auto seed = opts->seed.resolve();
    if (!uses_width(enc.family))
      throw UserError("--encoding", std::string(family_name(enc.family)),
                      "is not a place code: it has no covariance kernel to form patterns from",
                      "a place-cell encoding");
    if (opts->kernel != "sampled" && opts->kernel != "analytic")
      throw UserError("--kernel", opts->kernel, "is not a known kernel", "sampled, analytic");
    if (opts->kernel == "analytic" && !has_tuning_spectrum(enc))
      throw UserError("--kernel", opts->kernel,
                      "needs a closed-form spectrum: " + why_no_tuning_spectrum(enc),
                      "--kernel sampled for this encoding");
    check_pattern_kernel_options(opts->encoding.spec, opts->kernel);
    if (opts->format != "text" && opts->format != "json")
      throw UserError("--format", opts->format, "is not a known format", "text, json");
    PatternOptions po = resolve_pattern_options(
        opts->multi, act, seed,
        {opts->maps, opts->steps, opts->res, opts->lr, opts->gain, opts->threads});
    validate_pattern_options(po);
    require_pattern_kernel(enc, box.side_m, po.res, opts->kernel == "analytic");
    const fs::path dir = opts->out;
    if (dir.empty()) throw UserError("--out", "", "is empty", "a folder path");
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
      throw UserError("--out", dir.string(), "exists and is not a folder", "a folder path");
    // An existing folder must be writable; a new one needs an existing, writable parent.
    check_output_path(fs::is_directory(dir, ec) ? dir / "summary.json" : dir, "--out");

    // The kernel and the prediction it implies (the dynamics are periodic: periodic box).
    const Box periodic{box.side_m, true};
    SampledSpectrum spectrum;
    std::vector<double> sigma_hat;
    Prediction prediction;
    if (opts->kernel == "sampled") {
      SampledSpectrumOptions so;
      so.res = po.res;
      so.threads = po.threads;
      prediction = predict_sampled(enc, act, periodic, seed, so, &spectrum);
      sigma_hat = spectrum.power;
      const double top = *std::max_element(sigma_hat.begin(), sigma_hat.end());
      if (!(top > 0.0)) throw InternalError("pattern: the sampled kernel has no power");
      for (double& v : sigma_hat)
        v /= top;
    } else {
      prediction = predict(enc, act, periodic);
      sigma_hat =
          isotropic_kernel_spectrum(po.res, box.side_m, [&](double k) { return power(enc, k); });
    }

    // The dynamics take seconds to hours (--res, --maps, --steps): a progress line on stderr.
    ProgressLine progress(&std::cerr, stderr_is_terminal(), po.steps, "step", "pattern: ");
    po.progress = [&progress, steps = po.steps](long long done, long long total) {
      progress.update((done * steps + total - 1) / total, {}, done == total);
    };
    const PatternResult result = run_pattern_dynamics(sigma_hat, po);
    progress.finish();
    if (!result.finite)
      throw UserError("--lr", number(po.lr),
                      "made the maps overflow" +
                          std::string(po.multi ? " with --gain " + number(po.gain) : ""),
                      "a smaller --lr" + std::string(po.multi ? " or --gain" : ""));
    const std::vector<GridScores> scores =
        score_ratemaps(result.maps_data.data(), static_cast<size_t>(result.maps), result.res,
                       box.side_m, default_sac, po.threads);

    // Files.
    fs::create_directories(dir, ec);
    if (ec)
      throw UserError("--out", dir.string(), "could not be created: " + ec.message(),
                      "a folder whose parent exists and is writable");
    const size_t n = static_cast<size_t>(result.res);
    write_npy(dir / "maps.npy", {static_cast<size_t>(result.maps), n, n}, result.maps_data.data(),
              NpyDtype::float64, "--out");

    write_file_atomically(dir / "metrics.csv", scores_csv(scores, default_sac), "--out");

    Mosaic mosaic;
    mosaic.title = "pattern maps sorted by score_60: " + describe(enc) + ", " +
                   std::string(activation_name(act)) + (po.multi ? ", multi" : ", single") +
                   "; periodic box L = " + number(box.side_m) + " m";
    mosaic.n = result.res;
    mosaic.bin_m = box.side_m / result.res;
    mosaic.value_label = mosaic_rate_label;
    for (size_t i : units_by_score_60(scores, scores.size()))
      mosaic.tiles.push_back({result.maps_data.data() + i * n * n,
                              "#" + std::to_string(i) + " " + number(scores[i].score_60)});
    write_mosaic(mosaic, dir / "mosaic.png", "--out");

    const json summary =
        pattern_summary({enc, act, box.side_m, opts->kernel, seed, po, scores, prediction});
    const auto value = [&](const char* name) {
      return summary.at(name).is_number() ? summary.at(name).get<double>() : std::nan("");
    };
    write_file_atomically(dir / "summary.json", summary.dump(2) + "\n", "--out");

    if (opts->format == "json") {
      out << summary.dump(2) << "\n";
      return;
    }
    out << "box           " << number(box.side_m)
        << " m, periodic (the solver's dynamics are always periodic); " << enc.cells
        << " place cells" << (opts->encoding.spec.cells ? "" : " (default: 512 x (L / 2.2 m)^2)")
        << "\n";
    out << "maps          " << po.maps << " x " << po.res << "^2, " << po.steps << " steps, "
        << (po.multi ? "multi (Oja/Sanger)" : "single") << ", " << activation_name(act)
        << ", kernel " << opts->kernel << "\n";
    out << "score_60>0.8  " << text_percent(value("fraction_score_60_above_0.8")) << " of maps ("
        << text_percent(value("fraction_score_60_above_0.3")) << " above 0.3; "
        << sac_mode_name(default_sac) << " SAC)\n";
    out << "spacing       median " << text_number(value("median_grid_spacing_m"), "m", 6)
        << " over maps above 0.3; predicted "
        << text_number(prediction.grid_spacing_m.value_or(NAN), "m", 6) << " ("
        << pattern_name(prediction.pattern) << ", " << prediction.method << ")\n";
    out << "written       " << (dir / "maps.npy").string() << ", metrics.csv, mosaic.png, "
        << "summary.json\n";
  };
  return {app, run};
}

} // namespace gridtheory::cli
