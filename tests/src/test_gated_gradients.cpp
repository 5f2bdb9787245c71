// The gated cells (src/train/gated_rnn.hpp) and dropout (src/train/dropout.hpp) through the Model
// interface: each cell's loss against a recomputation with plain loops from the documented
// equations (dropout masks rebuilt from the documented counter-based generator); every
// parameter's BPTT gradient against central finite differences in double (h = 1e-6) for both
// losses and a non-zero weight decay, and with dropout on (fixed mask_seed) for every cell
// including the NFL rnn; float against double; the masks' determinism per mask_seed; and
// training = false ignoring dropout.
#include "rnn_test_batch.hpp"
#include "src/train/dropout.hpp"
#include "src/train/model.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace gridtheory;
using namespace gridtheory::train;
using namespace gridtheory::test;

namespace {

BatchData<float> to_float(const BatchData<double>& b) {
  auto cast = [](const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); };
  return {b.sz, cast(b.velocity), cast(b.p0), cast(b.targets)};
}

struct Setup {
  Cell cell;
  Activation activation = Activation::relu;
  Loss loss = Loss::cross_entropy;
  double weight_decay = 0.1;
  double p_in = 0.0, p_rec = 0.0;
};

ModelConfig config_of(const Setup& s) {
  ModelConfig c;
  c.cell = s.cell;
  c.activation = s.activation;
  c.loss = s.loss;
  c.weight_decay = s.weight_decay;
  c.input_dropout = s.p_in;
  c.recurrent_dropout = s.p_rec;
  return c;
}

template <typename S> std::unique_ptr<Model<S>> build(const Setup& s, const Sizes& sz) {
  return make_model<S>(config_of(s), sz.n_grid, sz.n_place, sz.batch, sz.steps);
}

// Normal parameters, scaled per kind so that the gates neither saturate nor vanish.
void fill(Model<double>& m, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n(0.0, 1.0);
  for (auto& p : m.parameters()) {
    double scale = 1.0;
    if (p.name.rfind("encoder", 0) == 0) scale = 2.0; // p0 rows sum to 1
    if (p.name == "rnn.weight_hh") scale = 0.6;
    if (p.name.rfind("rnn.bias", 0) == 0) scale = 0.5;
    for (Index i = 0; i < p.value->size(); ++i)
      p.value->data()[i] = scale * n(rng);
  }
}

void copy_params(Model<double>& from, Model<float>& to) {
  auto a = from.parameters();
  auto b = to.parameters();
  REQUIRE(a.size() == b.size());
  for (size_t k = 0; k < a.size(); ++k)
    *b[k].value = a[k].value->cast<float>();
}

const char* loss_name(Loss l) {
  return l == Loss::cross_entropy ? "cross_entropy" : "mse";
}

const Cell gated_cells[] = {Cell::lstm, Cell::gru, Cell::ugrnn};
const Loss both_losses[] = {Loss::cross_entropy, Loss::mse};

// ---- The reference: plain loops from the equations in gated_rnn.hpp / rnn.hpp / dropout.hpp.

using Params = std::map<std::string, RowMatrix<double>>;

Params snapshot(Model<double>& m) {
  Params out;
  for (auto& p : m.parameters())
    out[p.name] = *p.value;
  return out;
}

double sigmoid(double a) {
  return 1.0 / (1.0 + std::exp(-a));
}

double act(Activation a, double z) {
  switch (a) {
  case Activation::relu:
    return z > 0 ? z : 0.0;
  case Activation::tanh:
    return std::tanh(z);
  case Activation::sigmoid:
    return sigmoid(z);
  case Activation::linear:
    return z;
  }
  return 0.0;
}

// The documented mask: element k kept iff counter_uniform(seed, stream, k) >= p, then scaled.
std::vector<double> mask(double p, Index n, std::uint64_t seed, std::uint64_t stream) {
  std::vector<double> m(static_cast<size_t>(n), 1.0);
  if (p == 0.0) return m;
  for (Index k = 0; k < n; ++k)
    m[static_cast<size_t>(k)] =
        counter_uniform(seed, stream, static_cast<std::uint64_t>(k)) >= p ? 1.0 / (1.0 - p) : 0.0;
  return m;
}

// W (rows x cols) times v, rows [first, first + count).
std::vector<double> matvec(const RowMatrix<double>& w, const std::vector<double>& v, Index first,
                           Index count) {
  std::vector<double> out(static_cast<size_t>(count), 0.0);
  for (Index i = 0; i < count; ++i)
    for (Index j = 0; j < w.cols(); ++j)
      out[static_cast<size_t>(i)] += w(first + i, j) * v[static_cast<size_t>(j)];
  return out;
}

double reference_loss(const Setup& s, const Params& P, const BatchData<double>& b, bool training,
                      std::uint64_t seed) {
  const Index np = b.sz.n_place, ng = b.sz.n_grid, B = b.sz.batch, T = b.sz.steps;
  const auto m_in = mask(training ? s.p_in : 0.0, T * B * 2, seed, 1);
  const auto m_rec = mask(training ? s.p_rec : 0.0, B * ng, seed, 2);
  const auto& w_ih = P.at("rnn.weight_ih");
  const auto& w_hh = P.at("rnn.weight_hh");
  auto bias = [&](const char* name, Index i) { return P.count(name) ? P.at(name)(i, 0) : 0.0; };
  double total = 0.0;
  for (Index bi = 0; bi < B; ++bi) {
    std::vector<double> p0(b.p0.begin() + bi * np, b.p0.begin() + (bi + 1) * np);
    std::vector<double> h = matvec(P.at("encoder.weight"), p0, 0, ng);
    std::vector<double> c = s.cell == Cell::lstm ? matvec(P.at("encoder_cell.weight"), p0, 0, ng)
                                                 : std::vector<double>();
    for (Index t = 0; t < T; ++t) {
      const size_t row = static_cast<size_t>(t * B + bi);
      const std::vector<double> x = {b.velocity[row * 2] * m_in[row * 2],
                                     b.velocity[row * 2 + 1] * m_in[row * 2 + 1]};
      std::vector<double> hm(h.size());
      for (Index j = 0; j < ng; ++j)
        hm[static_cast<size_t>(j)] =
            h[static_cast<size_t>(j)] * m_rec[static_cast<size_t>(bi * ng + j)];
      const auto ax = matvec(w_ih, x, 0, w_ih.rows());
      const auto ah = matvec(w_hh, hm, 0, w_hh.rows());
      std::vector<double> next(h.size());
      for (Index j = 0; j < ng; ++j) {
        const size_t u = static_cast<size_t>(j);
        auto pre = [&](Index gate) { // input + recurrent pre-activation with both biases
          const Index k = gate * ng + j;
          return ax[static_cast<size_t>(k)] + ah[static_cast<size_t>(k)] + bias("rnn.bias_ih", k) +
                 bias("rnn.bias_hh", k) + bias("rnn.bias", k);
        };
        switch (s.cell) {
        case Cell::rnn:
          next[u] = act(s.activation, pre(0));
          break;
        case Cell::lstm: {
          const double i = sigmoid(pre(0)), f = sigmoid(pre(1)), g = std::tanh(pre(2)),
                       o = sigmoid(pre(3));
          c[u] = f * c[u] + i * g;
          next[u] = o * std::tanh(c[u]);
          break;
        }
        case Cell::gru: {
          const double r = sigmoid(pre(0)), z = sigmoid(pre(1));
          const Index k = 2 * ng + j;
          const double n = std::tanh(ax[static_cast<size_t>(k)] + bias("rnn.bias_ih", k) +
                                     r * (ah[static_cast<size_t>(k)] + bias("rnn.bias_hh", k)));
          next[u] = (1.0 - z) * n + z * h[u];
          break;
        }
        case Cell::ugrnn: {
          const double g = sigmoid(pre(0)), cand = std::tanh(pre(1));
          next[u] = g * h[u] + (1.0 - g) * cand;
          break;
        }
        }
      }
      h = next;
      const auto logit = matvec(P.at("decoder.weight"), h, 0, np);
      const double* y = b.targets.data() + row * static_cast<size_t>(np);
      if (s.loss == Loss::cross_entropy) {
        double denom = 0.0;
        for (double z : logit)
          denom += std::exp(z);
        for (Index k = 0; k < np; ++k)
          total -= y[k] * std::log(std::exp(logit[static_cast<size_t>(k)]) / denom);
      } else {
        for (Index k = 0; k < np; ++k)
          total += (logit[static_cast<size_t>(k)] - y[k]) * (logit[static_cast<size_t>(k)] - y[k]);
      }
    }
  }
  total /= static_cast<double>(T * B);
  if (s.loss == Loss::mse) total /= static_cast<double>(np);
  return total + s.weight_decay * w_hh.squaredNorm();
}

// Every parameter's gradient against central differences, with the masks of (training, seed).
void check_gradients(const Setup& s, const Sizes& sz, const BatchData<double>& b, unsigned seed,
                     bool training, std::uint64_t mask_seed) {
  auto m = build<double>(s, sz);
  fill(*m, seed);
  m->forward(b.view(), training, mask_seed);
  m->backward(b.view());
  auto params = m->parameters();
  auto grads = m->gradients();
  REQUIRE(params.size() == grads.size());
  const double h = 1e-6;
  for (size_t k = 0; k < params.size(); ++k) {
    RowMatrix<double>& w = *params[k].value;
    const RowMatrix<double>& analytic = *grads[k].value;
    RowMatrix<double> numeric(w.rows(), w.cols());
    for (Index i = 0; i < w.size(); ++i) {
      const double saved = w.data()[i];
      w.data()[i] = saved + h;
      const double up = m->forward(b.view(), training, mask_seed);
      w.data()[i] = saved - h;
      const double down = m->forward(b.view(), training, mask_seed);
      w.data()[i] = saved;
      numeric.data()[i] = (up - down) / (2.0 * h);
    }
    const double scale = std::max(numeric.norm(), analytic.norm());
    const double rel = (numeric - analytic).norm() / scale;
    INFO(cell_name(s.cell) << " " << loss_name(s.loss) << " " << params[k].name << " dropout "
                           << s.p_in << "/" << s.p_rec << " |grad| " << scale << " rel " << rel);
    CHECK(grads[k].name == params[k].name);
    CHECK(scale > 1e-6);
    CHECK(rel < 1e-6);
    // Entry-wise too, relative to the entry or 1e-3 of the parameter's largest entry, after
    // allowing the differences' rounding noise (about 1e-16 |loss| / h = 1e-10 here).
    const double floor = 1e-3 * numeric.cwiseAbs().maxCoeff();
    double worst = 0.0;
    for (Index i = 0; i < numeric.size(); ++i) {
      const double n = numeric.data()[i], an = analytic.data()[i];
      const double err = std::max(0.0, std::abs(n - an) - 1e-9);
      worst = std::max(worst, err / std::max({std::abs(n), std::abs(an), floor}));
    }
    CHECK(worst < 1e-5);
  }
}

const Sizes tiny{5, 4, 3, 4};

// A mask seed whose masks (for these sizes and rates) both drop and keep elements.
std::uint64_t mixed_mask_seed(const Sizes& sz, double p_in, double p_rec) {
  for (std::uint64_t seed = 1; seed < 100; ++seed) {
    const auto a = mask(p_in, sz.steps * sz.batch * 2, seed, 1);
    const auto r = mask(p_rec, sz.batch * sz.n_grid, seed, 2);
    auto mixed = [](const std::vector<double>& v) {
      return std::count(v.begin(), v.end(), 0.0) > 0 &&
             std::count(v.begin(), v.end(), 0.0) < static_cast<long>(v.size());
    };
    if (mixed(a) && mixed(r)) return seed;
  }
  FAIL("no mask seed both drops and keeps");
  return 0;
}

} // namespace

TEST_CASE("gated cell losses equal a plain-loop recomputation", "[gated]") {
  for (Cell cell : {Cell::rnn, Cell::lstm, Cell::gru, Cell::ugrnn})
    for (Loss loss : both_losses) {
      const auto b = make_batch(tiny, loss, 11);
      for (bool dropout : {false, true}) {
        Setup s{cell, Activation::tanh, loss, 0.05, 0.0, 0.0};
        if (cell != Cell::rnn) s.activation = Activation::relu;
        if (dropout) {
          s.p_in = 0.3;
          s.p_rec = 0.4;
        }
        auto m = build<double>(s, tiny);
        fill(*m, 5);
        const auto P = snapshot(*m);
        INFO(cell_name(cell) << " " << loss_name(loss) << " dropout " << dropout);
        CHECK(m->forward(b.view(), true, 17) ==
              Approx(reference_loss(s, P, b, true, 17)).epsilon(1e-12));
        CHECK(m->forward(b.view(), false, 17) ==
              Approx(reference_loss(s, P, b, false, 17)).epsilon(1e-12));
      }
    }
}

TEST_CASE("gated cell gradients match central finite differences in double", "[gated]") {
  for (Cell cell : gated_cells)
    for (Loss loss : both_losses) {
      const auto b = make_batch(tiny, loss, 42);
      check_gradients(Setup{cell, Activation::relu, loss, 0.1, 0.0, 0.0}, tiny, b, 3, false, 0);
    }
}

TEST_CASE("gradients with dropout match finite differences for every cell", "[gated][dropout]") {
  const double p_in = 0.3, p_rec = 0.4;
  const std::uint64_t mask_seed = mixed_mask_seed(tiny, p_in, p_rec);
  for (Cell cell : {Cell::rnn, Cell::lstm, Cell::gru, Cell::ugrnn})
    for (Loss loss : both_losses) {
      const auto b = make_batch(tiny, loss, 8);
      // tanh for the rnn cell keeps the finite differences away from relu's kink.
      const Setup s{cell, cell == Cell::rnn ? Activation::tanh : Activation::relu, loss, 0.1, p_in,
                    p_rec};
      check_gradients(s, tiny, b, 4, true, mask_seed);
    }
}

TEST_CASE("dropout masks depend only on mask_seed and are off without training",
          "[gated][dropout]") {
  for (Cell cell : {Cell::rnn, Cell::lstm, Cell::gru, Cell::ugrnn}) {
    INFO(cell_name(cell));
    const Activation a = cell == Cell::rnn ? Activation::tanh : Activation::relu;
    const auto b = make_batch(tiny, Loss::cross_entropy, 2);
    auto with = build<double>(Setup{cell, a, Loss::cross_entropy, 1e-4, 0.3, 0.4}, tiny);
    auto without = build<double>(Setup{cell, a, Loss::cross_entropy, 1e-4, 0.0, 0.0}, tiny);
    fill(*with, 6);
    fill(*without, 6);
    const double l1 = with->forward(b.view(), true, 123);
    const double l_other = with->forward(b.view(), true, 124);
    const double l2 = with->forward(b.view(), true, 123);
    CHECK(l1 == l2); // bit-identical: the masks are a pure function of the seed
    CHECK(l1 != l_other);
    // training = false: no dropout at all, whatever the seed.
    const double plain = without->forward(b.view(), true, 123);
    CHECK(with->forward(b.view(), false, 123) == plain);
    CHECK(with->forward(b.view(), false, 999) == plain);
    with->backward(b.view());
    without->backward(b.view());
    auto g1 = with->gradients();
    auto g2 = without->gradients();
    for (size_t k = 0; k < g1.size(); ++k)
      CHECK((*g1[k].value - *g2[k].value).cwiseAbs().maxCoeff() == 0.0);
    // A redrawn mask changes the gradients too, and drawing it again restores them.
    with->forward(b.view(), true, 123);
    with->backward(b.view());
    const RowMatrix<double> w_hh_grad = *with->gradients()[cell == Cell::lstm ? 3 : 2].value;
    with->forward(b.view(), true, 124);
    with->backward(b.view());
    CHECK((*with->gradients()[cell == Cell::lstm ? 3 : 2].value - w_hh_grad).norm() > 0.0);
  }
}

TEST_CASE("dropout masks keep a fraction 1 - p scaled by 1/(1 - p)", "[gated][dropout]") {
  const Index B = 50, T = 20, ng = 64;
  Dropout<double> d(DropoutRates{0.25, 0.5}, B, T, ng);
  d.draw(true, 77);
  REQUIRE(d.input_active());
  REQUIRE(d.recurrent_active());
  const auto& in = d.input_mask();
  const auto& rec = d.recurrent_mask();
  REQUIRE(in.rows() == T * B);
  REQUIRE(in.cols() == 2);
  REQUIRE(rec.rows() == B);
  REQUIRE(rec.cols() == ng);
  auto kept = [](const RowMatrix<double>& m, double scale) {
    Index n = 0;
    for (Index i = 0; i < m.size(); ++i) {
      const double v = m.data()[i];
      CHECK((v == 0.0 || v == Approx(scale).epsilon(1e-15)));
      n += v != 0.0;
    }
    return static_cast<double>(n) / static_cast<double>(m.size());
  };
  // 2000 and 3200 Bernoulli draws: 5 standard deviations are below 0.05.
  CHECK(kept(in, 1.0 / 0.75) == Approx(0.75).margin(0.05));
  CHECK(kept(rec, 2.0) == Approx(0.5).margin(0.05));
  d.draw(false, 77);
  CHECK_FALSE(d.input_active());
  CHECK_FALSE(d.recurrent_active());
}

TEST_CASE("dropout rates below 0, at or above 1, or NaN are an internal error",
          "[gated][dropout]") {
  for (Cell cell : {Cell::rnn, Cell::lstm, Cell::gru, Cell::ugrnn})
    for (double p : {-0.1, 1.0, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
      INFO(cell_name(cell) << " p " << p);
      CHECK_THROWS_AS(build<double>(Setup{cell, Activation::relu, Loss::mse, 0.0, p, 0.0}, tiny),
                      InternalError);
      CHECK_THROWS_AS(build<double>(Setup{cell, Activation::relu, Loss::mse, 0.0, 0.0, p}, tiny),
                      InternalError);
    }
}

TEST_CASE("gated cells in float agree with double", "[gated]") {
  const Sizes sz{32, 16, 8, 10};
  for (Cell cell : gated_cells)
    for (Loss loss : both_losses)
      for (bool dropout : {false, true}) {
        const auto bd = make_batch(sz, loss, 7);
        const auto bf = to_float(bd);
        const Setup s{cell, Activation::relu, loss, 1e-4, dropout ? 0.2 : 0.0, dropout ? 0.3 : 0.0};
        auto md = build<double>(s, sz);
        auto mf = build<float>(s, sz);
        fill(*md, 3);
        copy_params(*md, *mf);
        INFO(cell_name(cell) << " " << loss_name(loss) << " dropout " << dropout);
        const double ld = md->forward(bd.view(), true, 5);
        const double lf = mf->forward(bf.view(), true, 5);
        CHECK(lf == Approx(ld).epsilon(1e-5));
        const RowMatrix<double> out_d = md->outputs();
        const RowMatrix<double> out_f = mf->outputs().cast<double>();
        CHECK((out_f - out_d).cwiseAbs().maxCoeff() / out_d.cwiseAbs().maxCoeff() < 1e-5);
        md->backward(bd.view());
        mf->backward(bf.view());
        auto gd = md->gradients();
        auto gf = mf->gradients();
        for (size_t k = 0; k < gd.size(); ++k) {
          INFO(gd[k].name);
          CHECK((gf[k].value->cast<double>() - *gd[k].value).norm() / gd[k].value->norm() < 1e-4);
        }
      }
}

TEST_CASE("gated model reuse leaves no stale state", "[gated]") {
  for (Cell cell : gated_cells) {
    const Setup s{cell, Activation::relu, Loss::cross_entropy, 1e-4, 0.2, 0.3};
    const auto b1 = make_batch(tiny, s.loss, 1);
    const auto b2 = make_batch(tiny, s.loss, 2);
    auto reused = build<double>(s, tiny);
    auto fresh = build<double>(s, tiny);
    fill(*reused, 4);
    fill(*fresh, 4);
    reused->forward(b1.view(), true, 3);
    reused->backward(b1.view());
    const double l_reused = reused->forward(b2.view(), true, 9);
    reused->backward(b2.view());
    const double l_fresh = fresh->forward(b2.view(), true, 9);
    fresh->backward(b2.view());
    INFO(cell_name(cell));
    CHECK(l_reused == l_fresh);
    auto g1 = reused->gradients();
    auto g2 = fresh->gradients();
    for (size_t k = 0; k < g1.size(); ++k)
      CHECK((*g1[k].value - *g2[k].value).cwiseAbs().maxCoeff() == 0.0);
  }
}
