// train and loss from Python: keyword values converted to the typed requests of src/app/train.hpp
// and src/app/loss.hpp, results as typed objects (TrainingResult, LossResult).
#include "python/bindings.hpp"
#include "python/convert.hpp"
#include "src/app/loss.hpp"
#include "src/app/train.hpp"
#include "theory/activation.hpp"
#include "theory/errors.hpp"

#include <memory>
#include <pybind11/stl.h>
#include <sstream>

namespace gridtheory::python {

namespace fs = std::filesystem;

namespace {

// Thrown through the trainer when the Python callback raised: unwinds training to the binding,
// which re-raises the Python exception.
struct CallbackRaised {};

std::string text_number_repr(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// The keyword dict of gridtheory.train (python/gridtheory/_run.py) as the typed options.
train::TrainOptions train_options_of(const py::dict& kw) {
  const auto get = [&](const char* key) -> py::object {
    return kw.contains(key) ? py::reinterpret_borrow<py::object>(kw[key]) : py::none();
  };
  train::TrainOptions o;
  EncodingArgs enc{
      get("encoding"), get("sigma"),   get("surround_ratio"),  get("surround_variance_ratio"),
      get("alpha_e"),  get("alpha_i"), get("fields_per_cell"), get("cells")};
  o.encoding = encoding_options_arg(enc, &o.encoding_given);
  o.box_m = optional_number_arg(get("box"), param("box"));
  o.periodic = flag_arg(get("periodic"), param("periodic"));
  o.hidden = optional_count_arg(get("hidden"), param("hidden"));
  if (const auto t = text_arg(get("cell"), param("cell"), "rnn, lstm, gru, ugrnn"))
    o.cell = train::parse_cell(param("cell"), *t);
  if (const auto t =
          text_arg(get("activation"), param("activation"), "relu, tanh, sigmoid, linear"))
    o.activation = parse_activation(param("activation"), *t);
  if (const auto t = text_arg(get("loss"), param("loss"), "cross-entropy, mse")) {
    if (*t == train::loss_name(train::Loss::mse))
      o.loss = train::Loss::mse;
    else if (*t == train::loss_name(train::Loss::cross_entropy))
      o.loss = train::Loss::cross_entropy;
    else
      throw UserError(param("loss"), *t, "is not a known loss", "cross-entropy, mse");
  }
  o.steps = optional_count_arg(get("steps"), param("steps"));
  o.batch = optional_count_arg(get("batch"), param("batch"));
  o.seq_len = optional_count_arg(get("seq_len"), param("seq_len"));
  o.lr = optional_number_arg(get("lr"), param("lr"));
  if (const auto t = text_arg(get("optimizer"), param("optimizer"), "adam, sgd, rmsprop"))
    o.optimizer = train::parse_optimizer(param("optimizer"), *t);
  o.weight_decay = optional_number_arg(get("weight_decay"), param("weight_decay"));
  o.input_dropout = optional_number_arg(get("input_dropout"), param("input_dropout"));
  o.recurrent_dropout = optional_number_arg(get("recurrent_dropout"), param("recurrent_dropout"));
  o.clip = optional_number_arg(get("clip"), param("clip"));
  o.seed = optional_count_arg(get("seed"), param("seed"));
  o.checkpoint_every = optional_count_arg(get("checkpoint_every"), param("checkpoint_every"));
  o.log_every = optional_count_arg(get("log_every"), param("log_every"));
  if (const auto t = text_arg(get("eval"), param("eval"), "none, default")) {
    if (*t != "none" && *t != "default")
      throw UserError(param("eval"), *t, "is not a known evaluation", "none, default");
    o.eval = *t == "default";
  }
  o.eval_batches = optional_count_arg(get("eval_batches"), param("eval_batches"));
  o.eval_bins = optional_count_arg(get("eval_bins"), param("eval_bins"));
  o.eval_every = optional_count_arg(get("eval_every"), param("eval_every"));
  o.threads = optional_count_arg(get("threads"), param("threads"));
  o.preset = text_arg(get("preset"), param("preset"), "lightweight, reference");
  return o;
}

app::TrainResult train_py(const py::dict& kw, const py::object& progress) {
  app::TrainRequest req;
  req.options = train_options_of(kw);
  const auto get = [&](const char* key) -> py::object {
    return kw.contains(key) ? py::reinterpret_borrow<py::object>(kw[key]) : py::none();
  };
  req.out = path_arg(get("out"), param("out"));
  req.resume = path_arg(get("resume"), param("resume"));
  req.init_from = path_arg(get("init_from"), param("init_from"));
  if (!progress.is_none() && !PyCallable_Check(progress.ptr()))
    throw UserError(param("progress"), py::repr(progress).cast<std::string>(), "is not callable",
                    "None or a callable taking a TrainingProgress");
  // At each logged step: Ctrl-C (KeyboardInterrupt) and the callback, with the GIL; a Python
  // exception is kept and stops training by unwinding it.
  std::unique_ptr<py::error_already_set> raised;
  req.progress = [&](const train::TrainingProgress& p) {
    py::gil_scoped_acquire gil;
    try {
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!progress.is_none()) progress(p);
    } catch (py::error_already_set& e) {
      raised = std::make_unique<py::error_already_set>(std::move(e));
      throw CallbackRaised{};
    }
  };
  try {
    py::gil_scoped_release release;
    return app::train(req);
  } catch (const CallbackRaised&) {
    py::error_already_set e = *raised;
    raised.reset();
    throw e;
  }
}

app::LossResult loss_py(const py::object& checkpoint, const py::object& batch,
                        const py::object& gradients, const py::object& precision) {
  app::LossRequest req;
  const auto required = [](const py::object& v, const char* name) {
    auto p = path_arg(v, param(name));
    if (!p)
      throw UserError::without_value(param(name), "is required", "a folder (str or PathLike)");
    return *p;
  };
  req.checkpoint = required(checkpoint, "checkpoint");
  req.batch = required(batch, "batch");
  req.gradients = path_arg(gradients, param("gradients"));
  req.precision = app::parse_precision(
      text_arg(precision, param("precision"), "float32, float64").value_or("float32"));
  py::gil_scoped_release release;
  return app::loss(req);
}

} // namespace

void bind_training(py::module_& m) {
  py::class_<train::TrainingProgress>(m, "TrainingProgress",
                                      "One logged training step (every log_every steps and the "
                                      "last), as the progress callback of train receives it.")
      .def_readonly("step", &train::TrainingProgress::step, "the step just taken (1-based)")
      .def_readonly("steps", &train::TrainingProgress::steps, "the run's configured steps")
      .def_readonly("loss", &train::TrainingProgress::loss,
                    "the training batch's loss (weight decay included)")
      .def_readonly("decoding_error_cm", &train::TrainingProgress::decoding_error_cm,
                    "the training batch's mean decoding error, cm")
      .def_readonly("seconds", &train::TrainingProgress::seconds,
                    "wall time of the run so far, s (resumed runs included)")
      .def("__repr__", [](const train::TrainingProgress& p) {
        return "TrainingProgress(step=" + std::to_string(p.step) + "/" + std::to_string(p.steps) +
               ", loss=" + text_number_repr(p.loss) +
               ", decoding_error_cm=" + text_number_repr(p.decoding_error_cm) +
               ", seconds=" + text_number_repr(p.seconds) + ")";
      });

  using R = app::TrainResult;
  py::class_<R>(m, "TrainingResult",
                "A finished train run: summary.json's numbers (NaN where the run has none) and its "
                "folder. to_dict() is summary.json, as `gridtheory train --format json` prints it.")
      .def_property_readonly(
          "path", [](const R& r) { return r.dir.string(); }, "the run folder")
      .def_readonly("already_finished", &R::already_finished,
                    "resume of a finished run: nothing was trained")
      .def_readonly("steps", &R::steps, "optimiser steps taken")
      .def_readonly("seconds", &R::seconds, "wall time of the run, s")
      .def_readonly("ms_per_step", &R::ms_per_step, "median wall time of a step, ms")
      .def_readonly("final_loss", &R::final_loss, "the loss at the last logged step")
      .def_readonly("train_decoding_error_cm", &R::train_decoding_error_cm,
                    "decoding error on the last logged training batch, cm")
      .def_readonly("decoding_error_cm", &R::decoding_error_cm,
                    "the final evaluation's decoding error, cm (the training batch's with "
                    "eval='none')")
      .def_readonly("evaluated", &R::evaluated, "whether the final evaluation ran")
      .def_readonly("max_score_60", &R::max_score_60, "the best unit's DeepMind score_60")
      .def_readonly("fraction_score_60_above_0_3", &R::fraction_score_60_above_0_3,
                    "fraction of units with score_60 above 0.3 (grid-like)")
      .def_readonly("median_grid_spacing_m", &R::median_grid_spacing_m,
                    "median SAC spacing of the grid-like units, m")
      .def_readonly("predicted_grid_spacing_m", &R::predicted_grid_spacing_m,
                    "the theory's grid spacing for the run, m (NaN: no hexagonal prediction)")
      .def_readonly("predicted_pattern", &R::predicted_pattern, "the theory's pattern")
      .def(
          "to_dict", [](const R& r) { return to_python(r.summary); },
          "summary.json as a dict (what `gridtheory train --format json` prints)")
      .def("__repr__", [](const R& r) {
        return "TrainingResult(path=" + py::repr(py::str(r.dir.string())).cast<std::string>() +
               ", steps=" + std::to_string(r.steps) +
               ", final_loss=" + text_number_repr(r.final_loss) +
               ", decoding_error_cm=" + text_number_repr(r.decoding_error_cm) +
               ", max_score_60=" + text_number_repr(r.max_score_60) + ")";
      });

  using L = app::LossResult;
  py::class_<L>(m, "LossResult",
                "A checkpoint's loss, decoding error and gradients on one batch. to_dict() is "
                "what `gridtheory loss --format json` prints.")
      .def_readonly("loss", &L::loss, "the loss on the batch, weight decay included")
      .def_readonly("decoding_error_cm", &L::decoding_error_cm,
                    "mean decoding error over the batch's positions, cm")
      .def_property_readonly(
          "precision", [](const L& r) { return std::string(app::precision_name(r.precision)); },
          "'float32' or 'float64': the arithmetic")
      .def_readonly("steps", &L::steps, "T, the batch's time steps")
      .def_readonly("batch", &L::batch, "B, the batch's trajectories")
      .def_readonly("gradients", &L::gradients, "the gradient files written (NAME.npy)")
      .def(
          "to_dict", [](const L& r) { return to_python(app::to_json(r)); },
          "what `gridtheory loss --format json` prints, as a dict")
      .def("__repr__", [](const L& r) {
        return "LossResult(loss=" + text_number_repr(r.loss) +
               ", decoding_error_cm=" + text_number_repr(r.decoding_error_cm) + ", precision='" +
               std::string(app::precision_name(r.precision)) + "')";
      });

  m.def("_train", &train_py, py::arg("options"), py::arg("progress") = py::none(),
        "gridtheory.train's native half: the keyword dict and the progress callable.");
  m.def("_loss", &loss_py, py::arg("checkpoint"), py::arg("batch"),
        py::arg("gradients") = py::none(), py::arg("precision") = "float32",
        "gridtheory.loss's native half.");
}

} // namespace gridtheory::python
