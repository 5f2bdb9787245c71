// The Model interface (src/train/model.hpp) over every cell: parameter names and shapes as
// documented in rnn.hpp and gated_rnn.hpp, torch's default initialisation bounds and its
// determinism per seed, parse_cell, the shapes of states() and outputs(), and make_model's
// rejections.
#include "src/train/model.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

using namespace gridtheory;
using namespace gridtheory::train;

namespace {

struct Shape {
  std::string name;
  Index rows, cols;
};

const Index n_grid = 6, n_place = 10, batch = 3, steps = 4;

// The documented parameters of each cell, in parameters() order (biases are k n_g x 1 columns).
std::vector<Shape> expected(Cell cell) {
  const Index g = n_grid, p = n_place;
  switch (cell) {
  case Cell::rnn:
    return {{"encoder.weight", g, p},
            {"rnn.weight_ih", g, 2},
            {"rnn.weight_hh", g, g},
            {"decoder.weight", p, g}};
  case Cell::lstm:
    return {{"encoder.weight", g, p},    {"encoder_cell.weight", g, p}, {"rnn.weight_ih", 4 * g, 2},
            {"rnn.weight_hh", 4 * g, g}, {"rnn.bias_ih", 4 * g, 1},     {"rnn.bias_hh", 4 * g, 1},
            {"decoder.weight", p, g}};
  case Cell::gru:
    return {{"encoder.weight", g, p},  {"rnn.weight_ih", 3 * g, 2}, {"rnn.weight_hh", 3 * g, g},
            {"rnn.bias_ih", 3 * g, 1}, {"rnn.bias_hh", 3 * g, 1},   {"decoder.weight", p, g}};
  case Cell::ugrnn:
    return {{"encoder.weight", g, p},
            {"rnn.weight_ih", 2 * g, 2},
            {"rnn.weight_hh", 2 * g, g},
            {"rnn.bias", 2 * g, 1},
            {"decoder.weight", p, g}};
  }
  return {};
}

const Cell all_cells[] = {Cell::rnn, Cell::lstm, Cell::gru, Cell::ugrnn};

template <typename S> std::unique_ptr<Model<S>> build(Cell cell) {
  ModelConfig c;
  c.cell = cell;
  return make_model<S>(c, n_grid, n_place, batch, steps);
}

} // namespace

TEST_CASE("model parameters have the documented names and shapes for every cell", "[model]") {
  for (Cell cell : all_cells) {
    INFO(cell_name(cell));
    auto m = build<double>(cell);
    CHECK(m->cell() == cell);
    CHECK(m->n_grid() == n_grid);
    CHECK(m->n_place() == n_place);
    CHECK(m->batch() == batch);
    CHECK(m->steps() == steps);
    const auto want = expected(cell);
    auto params = m->parameters();
    auto grads = m->gradients();
    REQUIRE(params.size() == want.size());
    REQUIRE(grads.size() == want.size());
    for (size_t k = 0; k < want.size(); ++k) {
      INFO(want[k].name);
      CHECK(params[k].name == want[k].name);
      CHECK(params[k].value->rows() == want[k].rows);
      CHECK(params[k].value->cols() == want[k].cols);
      CHECK(params[k].value->cwiseAbs().maxCoeff() == 0.0); // make_model: all zero
      CHECK(grads[k].name == want[k].name);
      CHECK(grads[k].value->rows() == want[k].rows);
      CHECK(grads[k].value->cols() == want[k].cols);
      CHECK(grads[k].value != params[k].value);
    }
  }
}

TEST_CASE("init_default draws within torch's bounds and is deterministic per seed", "[model]") {
  const double bound_p = 1.0 / std::sqrt(static_cast<double>(n_place));
  const double bound_g = 1.0 / std::sqrt(static_cast<double>(n_grid));
  for (Cell cell : all_cells) {
    INFO(cell_name(cell));
    auto a = build<double>(cell);
    auto b = build<double>(cell);
    auto c = build<double>(cell);
    auto f = build<float>(cell);
    init_default(*a, 42);
    init_default(*b, 42);
    init_default(*c, 43);
    init_default(*f, 42);
    auto pa = a->parameters();
    auto pb = b->parameters();
    auto pc = c->parameters();
    auto pf = f->parameters();
    for (size_t k = 0; k < pa.size(); ++k) {
      INFO(pa[k].name);
      const bool encoder = pa[k].name.rfind("encoder", 0) == 0;
      const double bound = encoder ? bound_p : bound_g;
      CHECK(pa[k].init_bound == Approx(bound).epsilon(1e-15));
      const RowMatrix<double>& v = *pa[k].value;
      CHECK(v.cwiseAbs().maxCoeff() <= bound);
      CHECK(v.cwiseAbs().maxCoeff() > 0.5 * bound); // spread over the range, not all tiny
      CHECK(v.mean() == Approx(0.0).margin(bound));
      CHECK((v - *pb[k].value).cwiseAbs().maxCoeff() == 0.0);
      CHECK((v - *pc[k].value).cwiseAbs().maxCoeff() > 0.0);
      CHECK((v.cast<float>() - *pf[k].value).cwiseAbs().maxCoeff() == 0.0f);
    }
  }
}

TEST_CASE("parse_cell accepts the four cell names and rejects others", "[model]") {
  for (Cell cell : all_cells)
    CHECK(parse_cell("--cell", cell_name(cell)) == cell);
  CHECK(cell_name(Cell::rnn) == "rnn");
  CHECK(cell_name(Cell::lstm) == "lstm");
  CHECK(cell_name(Cell::gru) == "gru");
  CHECK(cell_name(Cell::ugrnn) == "ugrnn");
  for (const char* bad : {"LSTM", "", "vanilla", "gru ", "ugrnn2"}) {
    INFO("'" << bad << "'");
    try {
      parse_cell("--cell", bad);
      FAIL("accepted");
    } catch (const UserError& e) {
      CHECK(e.option() == "--cell");
      CHECK(e.value() == bad);
      CHECK(std::string(e.what()).find("--cell") != std::string::npos);
    }
  }
}

TEST_CASE("model states and outputs have the documented shapes", "[model]") {
  std::vector<double> velocity(static_cast<size_t>(steps * batch * 2), 0.1),
      p0(static_cast<size_t>(batch * n_place), 1.0 / static_cast<double>(n_place)),
      targets(static_cast<size_t>(steps * batch * n_place), 1.0 / static_cast<double>(n_place));
  const RnnBatch<double> b(batch, steps, n_place, velocity.data(), p0.data(), targets.data());
  for (Cell cell : all_cells) {
    INFO(cell_name(cell));
    auto m = build<double>(cell);
    init_default(*m, 1);
    const double loss = m->forward(b, false, 0);
    CHECK(std::isfinite(loss));
    const auto h = m->states();
    const auto z = m->outputs();
    CHECK(h.rows() == steps * batch);
    CHECK(h.cols() == n_grid);
    CHECK(z.rows() == steps * batch);
    CHECK(z.cols() == n_place);
    // z_t = W_dec h_t row by row: states() are the decoder's input.
    const RowMatrix<double> decoded = h * m->parameters().back().value->transpose();
    CHECK((decoded - z).cwiseAbs().maxCoeff() == Approx(0.0).margin(1e-14));
  }
}

TEST_CASE("make_model rejects bad configurations", "[model]") {
  for (Cell cell : all_cells) {
    INFO(cell_name(cell));
    ModelConfig c;
    c.cell = cell;
    CHECK_THROWS_AS(make_model<double>(c, 0, n_place, batch, steps), InternalError);
    CHECK_THROWS_AS(make_model<double>(c, n_grid, n_place, 0, steps), InternalError);
    CHECK_THROWS_AS(make_model<float>(c, n_grid, n_place, batch, -1), InternalError);
    for (Activation a : {Activation::tanh, Activation::sigmoid, Activation::linear}) {
      c.activation = a;
      if (cell == Cell::rnn) {
        CHECK_NOTHROW(make_model<double>(c, n_grid, n_place, batch, steps));
        continue;
      }
      try {
        make_model<double>(c, n_grid, n_place, batch, steps);
        FAIL("accepted a non-relu activation for a gated cell");
      } catch (const UserError& e) {
        CHECK(e.option() == "--activation");
        CHECK(e.value() == std::string(activation_name(a)));
      }
    }
  }
}

TEST_CASE("model forward rejects a batch of another size", "[model]") {
  std::vector<double> velocity(static_cast<size_t>(steps * (batch + 1) * 2), 0.1),
      p0(static_cast<size_t>((batch + 1) * n_place), 0.1),
      targets(static_cast<size_t>(steps * (batch + 1) * n_place), 0.1);
  const RnnBatch<double> b(batch + 1, steps, n_place, velocity.data(), p0.data(), targets.data());
  for (Cell cell : all_cells) {
    INFO(cell_name(cell));
    auto m = build<double>(cell);
    CHECK_THROWS_AS(m->forward(b, false, 0), InternalError);
  }
}
