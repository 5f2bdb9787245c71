#include "src/app/predict.hpp"

#include "src/plot/spectrum_figure.hpp"
#include "theory/errors.hpp"
#include "theory/spectrum.hpp"

namespace gridtheory::app {

PredictResult predict(const PredictRequest& r) {
  PredictResult out;
  PredictConfig& config = out.config;
  config.box = make_box(r.box_m, r.periodic);
  config.encoding = make_encoding(r.encoding, config.box.side_m);
  config.activation = r.activation;
  config.seed = resolve_seed(r.seed);
  const bool sampled = uses_sampled(r.method, config.encoding);
  if (!sampled && r.sampled.res)
    refuse_sampled_only(r.method, param("res"), std::to_string(*r.sampled.res), config.encoding);
  const SampledSpectrumOptions options = resolve_sampled(r.sampled);
  if (r.plot) {
    if (sampled ? !uses_width(config.encoding.family) : !has_tuning_spectrum(config.encoding))
      throw UserError(param("plot"), *r.plot,
                      "cannot be drawn: " + param("encoding") + " " +
                          std::string(family_name(config.encoding.family)) +
                          " has no tuning-curve power spectrum",
                      param("plot") + " with a single-field place-cell encoding");
    check_figure_path(*r.plot, param("plot"));
  }
  if (r.log_power && !r.plot)
    throw UserError::without_value(
        param("log_power"), "does not apply without " + param("plot") + " (it styles the figure)",
        param("log_power") + " with " + param("plot") + " FILE.png");

  SourcedPrediction p = predict_with_lattice(config.encoding, config.activation, config.box,
                                             sampled, config.seed, options);
  if (r.plot) {
    SpectrumFigure fig = prediction_spectrum_figure(config.encoding, config.activation, config.box,
                                                    p.prediction, sampled ? &p.spectrum : nullptr);
    fig.log_power = r.log_power;
    write_spectrum_figure(fig, *r.plot, param("plot"));
  }
  out.prediction = std::move(p.prediction);
  out.lattice = std::move(p.lattice);
  out.sampled = sampled;
  return out;
}

} // namespace gridtheory::app
