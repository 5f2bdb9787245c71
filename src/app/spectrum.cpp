#include "src/app/spectrum.hpp"

#include "src/plot/spectrum_figure.hpp"
#include "theory/errors.hpp"
#include "theory/spacing.hpp"
#include "theory/spectrum.hpp"

namespace gridtheory::app {

SpectrumResult spectrum(const SpectrumRequest& r) {
  SpectrumResult out;
  out.box = make_box(r.box_m, r.periodic);
  out.encoding = make_encoding(r.encoding, out.box.side_m);
  const Encoding& enc = out.encoding;
  const bool sampled = uses_sampled(r.method, enc);
  if (sampled ? !uses_width(enc.family) : !has_tuning_spectrum(enc))
    throw UserError(param("encoding"), std::string(family_name(enc.family)),
                    "has no tuning-curve power spectrum: " + why_no_tuning_spectrum(enc),
                    sampled ? "a place-cell encoding" : "a single-field place-cell encoding");
  // The analytic spectrum draws nothing (no seed) and is that of infinitely many cells.
  if (!sampled) {
    if (r.sampled.res)
      refuse_sampled_only(r.method, param("res"), std::to_string(*r.sampled.res), enc);
    if (r.seed) refuse_sampled_only(r.method, param("seed"), std::to_string(*r.seed), enc);
    if (r.encoding.cells)
      refuse_sampled_only(r.method, param("cells"), std::to_string(*r.encoding.cells), enc);
  }
  const unsigned long long seed = resolve_seed(r.seed);
  const SampledSpectrumOptions options = resolve_sampled(r.sampled);
  if (sampled && r.points)
    throw UserError(param("points"), std::to_string(*r.points),
                    "does not apply to " + param("method") + " sampled",
                    param("points") +
                        " with the analytic spectrum (sampled rows are lattice radii)");
  if (r.k_max_per_m) require_in_range(param("k_max"), *r.k_max_per_m, k_max_range);
  out.k_max_per_m = r.k_max_per_m.value_or(spectrum_default_k_max(enc, out.box));
  if (r.points) require_count_in_range(param("points"), *r.points, points_range);
  const int points = r.points ? static_cast<int>(*r.points) : defaults::csv_points;
  if (r.plot) check_figure_path(*r.plot, param("plot"));
  if (r.log_power && !r.plot)
    throw UserError::without_value(
        param("log_power"), "does not apply without " + param("plot") + " (it styles the figure)",
        param("log_power") + " with " + param("plot") + " FILE.png");

  out.sampled = sampled;
  out.rows =
      spectrum_rows(enc, out.box, sampled, seed, options, out.k_max_per_m, points, &out.full);
  out.box_mode_per_m = lowest_box_mode_per_m(out.box.side_m, out.box.periodic);
  if (out.rows.ring && is_realisable_ring(*out.rows.ring, out.box_mode_per_m, out.rows.box_power))
    out.k_star_per_m = out.rows.ring->k_star_per_m;
  if (r.plot) {
    SpectrumFigure fig = rows_spectrum_figure(enc, out.box, out.rows, sampled);
    fig.log_power = r.log_power;
    write_spectrum_figure(fig, *r.plot, param("plot"));
  }
  return out;
}

} // namespace gridtheory::app
