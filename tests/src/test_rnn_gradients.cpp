// The path-integration RNN (src/train/rnn.hpp): the loss against a straightforward
// recomputation with plain loops and no workspace; every parameter's BPTT gradient against
// central finite differences in double precision (h = 1e-6) for every activation, both losses
// and a non-zero weight decay; float against double; and a reused workspace.
#include "rnn_test_batch.hpp"
#include "src/train/rnn.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace gridtheory;
using namespace gridtheory::train;
using namespace gridtheory::test;

namespace {

RnnParams<double> make_params(const Sizes& sz, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n(0.0, 1.0);
  RnnParams<double> p(sz.n_grid, sz.n_place);
  const double scale[4] = {2.0, 1.0, 0.6, 1.0}; // encoder (p0 rows sum to 1), ih, hh, decoder
  auto ms = p.matrices();
  for (size_t k = 0; k < ms.size(); ++k)
    for (Index i = 0; i < ms[k]->size(); ++i)
      ms[k]->data()[i] = scale[k] * n(rng);
  return p;
}

double f(Activation a, double z) {
  switch (a) {
  case Activation::relu:
    return z > 0 ? z : 0.0;
  case Activation::tanh:
    return std::tanh(z);
  case Activation::sigmoid:
    return 1.0 / (1.0 + std::exp(-z));
  case Activation::linear:
    return z;
  }
  return 0.0;
}

struct Reference {
  double loss;
  double min_abs_pre; // smallest |pre-activation| seen (relu kinks)
};

// The model written out with plain loops, from the definitions in rnn.hpp (and the peer's
// PathIntegratorRNN / train_step), without the workspace or any matrix product.
Reference reference(const RnnParams<double>& p, const BatchData<double>& b, const RnnConfig& c) {
  const Index np = b.sz.n_place, ng = b.sz.n_grid, B = b.sz.batch, T = b.sz.steps;
  double total = 0.0, min_abs = std::numeric_limits<double>::infinity();
  for (Index bi = 0; bi < B; ++bi) {
    std::vector<double> h(static_cast<size_t>(ng), 0.0), next(h.size());
    for (Index i = 0; i < ng; ++i)
      for (Index j = 0; j < np; ++j)
        h[static_cast<size_t>(i)] += p.encoder(i, j) * b.p0[static_cast<size_t>(bi * np + j)];
    for (Index t = 0; t < T; ++t) {
      const size_t row = static_cast<size_t>(t * B + bi);
      for (Index i = 0; i < ng; ++i) {
        double z = p.w_ih(i, 0) * b.velocity[row * 2] + p.w_ih(i, 1) * b.velocity[row * 2 + 1];
        for (Index j = 0; j < ng; ++j)
          z += p.w_hh(i, j) * h[static_cast<size_t>(j)];
        min_abs = std::min(min_abs, std::abs(z));
        next[static_cast<size_t>(i)] = f(c.activation, z);
      }
      h = next;
      std::vector<double> logit(static_cast<size_t>(np), 0.0);
      for (Index k = 0; k < np; ++k)
        for (Index i = 0; i < ng; ++i)
          logit[static_cast<size_t>(k)] += p.decoder(k, i) * h[static_cast<size_t>(i)];
      const double* y = b.targets.data() + row * static_cast<size_t>(np);
      if (c.loss == Loss::cross_entropy) {
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
  if (c.loss == Loss::mse) total /= static_cast<double>(np);
  double wsum = 0.0;
  for (Index i = 0; i < p.w_hh.size(); ++i)
    wsum += p.w_hh.data()[i] * p.w_hh.data()[i];
  return {total + c.weight_decay * wsum, min_abs};
}

const Activation all_activations[] = {Activation::relu, Activation::tanh, Activation::sigmoid,
                                      Activation::linear};
const Loss both_losses[] = {Loss::cross_entropy, Loss::mse};

const char* loss_name(Loss l) {
  return l == Loss::cross_entropy ? "cross_entropy" : "mse";
}

// A parameter seed for which no pre-activation is within 1e-3 of relu's kink (other
// activations take the first seed).
unsigned pick_seed(const Sizes& sz, const BatchData<double>& b, const RnnConfig& c) {
  for (unsigned seed = 1; seed < 200; ++seed) {
    if (c.activation != Activation::relu) return seed;
    const auto p = make_params(sz, seed);
    if (reference(p, b, c).min_abs_pre > 1e-3) return seed;
  }
  FAIL("no seed keeps relu pre-activations away from 0");
  return 0;
}

} // namespace

TEST_CASE("rnn loss equals a direct recomputation with plain loops", "[rnn]") {
  const Sizes sz{3, 2, 2, 2};
  for (Loss loss : both_losses) {
    const auto b = make_batch(sz, loss, 11);
    const auto p = make_params(sz, 5);
    for (Activation a : all_activations) {
      const RnnConfig c{a, loss, 0.05};
      RnnWorkspace<double> ws(sz.batch, sz.steps, sz.n_grid, sz.n_place);
      INFO(activation_name(a) << " " << loss_name(loss));
      CHECK(rnn_forward(p, b.view(), c, ws) == Approx(reference(p, b, c).loss).epsilon(1e-12));
    }
  }
}

TEST_CASE("rnn h0 is the encoder output without activation", "[rnn]") {
  const Sizes sz{4, 3, 2, 1};
  const auto b = make_batch(sz, Loss::cross_entropy, 3);
  auto p = make_params(sz, 9);
  p.encoder *= -1.0; // make some h0 entries negative: relu would zero them
  RnnWorkspace<double> ws(sz.batch, sz.steps, sz.n_grid, sz.n_place);
  rnn_forward(p, b.view(), RnnConfig{Activation::relu, Loss::cross_entropy, 0.0}, ws);
  const RowMatrix<double> h0 = b.view().p0 * p.encoder.transpose();
  REQUIRE(h0.minCoeff() < 0.0);
  CHECK((ws.hidden.topRows(sz.batch) - h0).cwiseAbs().maxCoeff() == Approx(0.0).margin(1e-14));
}

TEST_CASE("rnn gradients match central finite differences in double", "[rnn]") {
  const Sizes sz{7, 5, 3, 4};
  const double h = 1e-6;
  for (Loss loss : both_losses) {
    const auto b = make_batch(sz, loss, 42);
    for (Activation a : all_activations) {
      const RnnConfig c{a, loss, 0.1};
      const unsigned seed = pick_seed(sz, b, c);
      auto p = make_params(sz, seed);
      RnnWorkspace<double> ws(sz.batch, sz.steps, sz.n_grid, sz.n_place);
      RnnParams<double> g(sz.n_grid, sz.n_place);
      rnn_forward(p, b.view(), c, ws);
      rnn_backward(p, b.view(), c, ws, g);

      auto pm = p.matrices();
      auto gm = g.matrices();
      for (size_t k = 0; k < pm.size(); ++k) {
        RowMatrix<double> numeric(pm[k]->rows(), pm[k]->cols());
        for (Index i = 0; i < pm[k]->size(); ++i) {
          double& w = pm[k]->data()[i];
          const double saved = w;
          w = saved + h;
          const double up = rnn_forward(p, b.view(), c, ws);
          w = saved - h;
          const double down = rnn_forward(p, b.view(), c, ws);
          w = saved;
          numeric.data()[i] = (up - down) / (2.0 * h);
        }
        const double scale = std::max(numeric.norm(), gm[k]->norm());
        const double rel = (numeric - *gm[k]).norm() / scale;
        INFO(activation_name(a) << " " << loss_name(loss) << " " << RnnParams<double>::names[k]
                                << " seed " << seed << " |grad| " << scale << " rel " << rel);
        CHECK(scale > 1e-6);
        CHECK(rel < 1e-6);
        // Entry-wise too, relative to the entry or 1e-3 of the parameter's largest entry.
        const double floor = 1e-3 * numeric.cwiseAbs().maxCoeff();
        double worst = 0.0;
        for (Index i = 0; i < numeric.size(); ++i) {
          const double n = numeric.data()[i], an = gm[k]->data()[i];
          worst = std::max(worst, std::abs(n - an) / std::max({std::abs(n), std::abs(an), floor}));
        }
        CHECK(worst < 1e-5);
      }
    }
  }
}

TEST_CASE("rnn float forward agrees with double", "[rnn]") {
  const Sizes sz{32, 16, 8, 10};
  for (Loss loss : both_losses) {
    const auto bd = make_batch(sz, loss, 7);
    BatchData<float> bf{sz, {}, {}, {}};
    auto cast = [](const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); };
    bf.velocity = cast(bd.velocity);
    bf.p0 = cast(bd.p0);
    bf.targets = cast(bd.targets);
    auto pd = make_params(sz, 3);
    pd.w_hh *= 0.4; // keep the 10-step recurrence tame
    RnnParams<float> pf(sz.n_grid, sz.n_place);
    for (size_t k = 0; k < 4; ++k)
      *pf.matrices()[k] = pd.matrices()[k]->cast<float>();
    for (Activation a : all_activations) {
      const RnnConfig c{a, loss, 1e-4};
      RnnWorkspace<double> wd(sz.batch, sz.steps, sz.n_grid, sz.n_place);
      RnnWorkspace<float> wf(sz.batch, sz.steps, sz.n_grid, sz.n_place);
      const double ld = rnn_forward(pd, bd.view(), c, wd);
      const double lf = rnn_forward(pf, bf.view(), c, wf);
      INFO(activation_name(a) << " " << loss_name(loss));
      CHECK(lf == Approx(ld).epsilon(1e-5));
      const double logit_scale = wd.logits.cwiseAbs().maxCoeff();
      CHECK((wf.logits.cast<double>() - wd.logits).cwiseAbs().maxCoeff() / logit_scale < 1e-5);
      RnnParams<double> gd(sz.n_grid, sz.n_place);
      RnnParams<float> gf(sz.n_grid, sz.n_place);
      rnn_backward(pd, bd.view(), c, wd, gd);
      rnn_backward(pf, bf.view(), c, wf, gf);
      for (size_t k = 0; k < 4; ++k)
        CHECK((gf.matrices()[k]->cast<double>() - *gd.matrices()[k]).norm() /
                  gd.matrices()[k]->norm() <
              1e-4);
    }
  }
}

TEST_CASE("rnn workspace reuse leaves no stale state", "[rnn]") {
  const Sizes sz{6, 4, 3, 5};
  const RnnConfig c{Activation::tanh, Loss::cross_entropy, 1e-4};
  const auto b1 = make_batch(sz, c.loss, 1);
  const auto b2 = make_batch(sz, c.loss, 2);
  const auto p = make_params(sz, 4);
  RnnWorkspace<double> reused(sz.batch, sz.steps, sz.n_grid, sz.n_place);
  RnnWorkspace<double> fresh(sz.batch, sz.steps, sz.n_grid, sz.n_place);
  RnnParams<double> g1(sz.n_grid, sz.n_place), g2(sz.n_grid, sz.n_place);
  rnn_forward(p, b1.view(), c, reused);
  rnn_backward(p, b1.view(), c, reused, g1);
  const double l_reused = rnn_forward(p, b2.view(), c, reused);
  rnn_backward(p, b2.view(), c, reused, g1);
  const double l_fresh = rnn_forward(p, b2.view(), c, fresh);
  rnn_backward(p, b2.view(), c, fresh, g2);
  CHECK(l_reused == Approx(l_fresh).epsilon(1e-15));
  for (size_t k = 0; k < 4; ++k)
    CHECK((*g1.matrices()[k] - *g2.matrices()[k]).cwiseAbs().maxCoeff() ==
          Approx(0.0).margin(1e-15));
}

TEST_CASE("rnn rejects mismatched shapes", "[rnn]") {
  const Sizes sz{6, 4, 3, 5};
  const auto b = make_batch(sz, Loss::mse, 1);
  const auto p = make_params(sz, 4);
  RnnWorkspace<double> wrong(sz.batch + 1, sz.steps, sz.n_grid, sz.n_place);
  CHECK_THROWS_AS(rnn_forward(p, b.view(), RnnConfig{}, wrong), InternalError);
  RnnWorkspace<double> ws(sz.batch, sz.steps, sz.n_grid, sz.n_place);
  rnn_forward(p, b.view(), RnnConfig{}, ws);
  RnnParams<double> g(sz.n_grid + 1, sz.n_place);
  CHECK_THROWS_AS(rnn_backward(p, b.view(), RnnConfig{}, ws, g), InternalError);
}
