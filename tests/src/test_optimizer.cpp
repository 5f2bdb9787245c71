// Optimisers (src/train/optimizer.hpp) against first steps worked out by hand from
// torch.optim's update rules, convergence on a 1-D quadratic, and clip_grad_norm_.
#include "src/train/optimizer.hpp"
#include "theory/errors.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <vector>

using namespace gridtheory;
using namespace gridtheory::train;

namespace {

// One scalar parameter and its gradient.
struct Scalar1 {
  double value;
  double grad = 0.0;
  std::vector<ParamRef<double>> refs() {
    return {ParamRef<double>{std::span<double>(&value, 1), std::span<const double>(&grad, 1)}};
  }
};

// Minimises 0.5 * a * (x - c)^2 from x = 0; returns the final x.
template <typename Make> double minimise(Make make, int steps) {
  const double a = 2.0, c = 1.5;
  Scalar1 x{0.0};
  auto opt = make(x.refs());
  for (int i = 0; i < steps; ++i) {
    x.grad = a * (x.value - c);
    opt->step();
  }
  return x.value;
}

} // namespace

TEST_CASE("adam first two steps by hand", "[optimizer]") {
  Scalar1 x{1.0};
  Adam<double> adam(x.refs(), AdamOptions{0.1, 0.9, 0.999, 1e-8, 0.0});
  x.grad = 0.5;
  adam.step();
  // m = 0.05, v = 0.00025; m_hat = 0.5, sqrt(v_hat) = 0.5: p = 1 - 0.1 * 0.5 / (0.5 + 1e-8).
  const double p1 = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8);
  CHECK(x.value == Approx(p1).epsilon(1e-15));
  x.grad = -0.25;
  adam.step();
  // m = 0.9 * 0.05 - 0.1 * 0.25 = 0.02; v = 0.999 * 0.00025 + 0.001 * 0.0625 = 0.00031225;
  // p -= 0.1 / (1 - 0.81) * 0.02 / (sqrt(0.00031225) / sqrt(1 - 0.998001) + 1e-8).
  const double p2 = p1 - 0.1 / 0.19 * 0.02 / (std::sqrt(0.00031225) / std::sqrt(0.001999) + 1e-8);
  CHECK(x.value == Approx(p2).epsilon(1e-12));
  CHECK(adam.steps_taken() == 2);
}

TEST_CASE("adam defaults and weight decay follow torch", "[optimizer]") {
  const AdamOptions d;
  CHECK(d.lr == 1e-3);
  CHECK(d.beta1 == 0.9);
  CHECK(d.beta2 == 0.999);
  CHECK(d.eps == 1e-8);
  Scalar1 x{2.0};
  Adam<double> adam(x.refs(), AdamOptions{0.01, 0.9, 0.999, 1e-8, 0.5});
  x.grad = 0.0; // g = 0 + 0.5 * 2 = 1
  adam.step();
  CHECK(x.value == Approx(2.0 - 0.01 * 1.0 / (1.0 + 1e-8)).epsilon(1e-15));
}

TEST_CASE("adam in float matches double on a first step", "[optimizer]") {
  float pf = 1.0f;
  const float gf = 0.3f;
  Adam<float> adam({ParamRef<float>{std::span<float>(&pf, 1), std::span<const float>(&gf, 1)}},
                   AdamOptions{1e-4});
  adam.step();
  CHECK(pf == Approx(1.0 - 1e-4 * 0.3 / (0.3 + 1e-8)).epsilon(1e-7));
}

TEST_CASE("sgd plain momentum and nesterov first steps by hand", "[optimizer]") {
  {
    Scalar1 x{1.0, 0.5};
    Sgd<double> sgd(x.refs(), SgdOptions{0.1});
    sgd.step();
    CHECK(x.value == Approx(0.95).epsilon(1e-15));
  }
  {
    Scalar1 x{1.0, 0.5};
    Sgd<double> sgd(x.refs(), SgdOptions{0.1, 0.9});
    sgd.step(); // buf = 0.5
    CHECK(x.value == Approx(0.95).epsilon(1e-15));
    sgd.step(); // buf = 0.9 * 0.5 + 0.5 = 0.95
    CHECK(x.value == Approx(0.855).epsilon(1e-15));
  }
  {
    Scalar1 x{1.0, 0.5};
    Sgd<double> sgd(x.refs(), SgdOptions{0.1, 0.9, 0.0, 0.0, true});
    sgd.step(); // buf = 0.5, d = 0.5 + 0.9 * 0.5 = 0.95
    CHECK(x.value == Approx(0.905).epsilon(1e-15));
  }
  {
    Scalar1 x{1.0, 0.5};
    Sgd<double> sgd(x.refs(), SgdOptions{0.1, 0.9, 0.5, 0.2});
    sgd.step(); // d = 0.5 + 0.2 = 0.7, buf = 0.7 (no dampening on the first step)
    CHECK(x.value == Approx(0.93).epsilon(1e-15));
    sgd.step(); // d = 0.5 + 0.2 * 0.93 = 0.686, buf = 0.63 + 0.5 * 0.686 = 0.973
    CHECK(x.value == Approx(0.93 - 0.0973).epsilon(1e-14));
  }
  Scalar1 y{1.0};
  CHECK_THROWS_AS(Sgd<double>(y.refs(), SgdOptions{0.1, 0.0, 0.0, 0.0, true}), InternalError);
}

TEST_CASE("rmsprop first steps by hand", "[optimizer]") {
  const RmsPropOptions d;
  CHECK(d.lr == 1e-2);
  CHECK(d.alpha == 0.99);
  CHECK(d.eps == 1e-8);
  {
    Scalar1 x{1.0, 0.5};
    RmsProp<double> rms(x.refs());
    rms.step(); // s = 0.0025, avg = 0.05 + 1e-8
    CHECK(x.value == Approx(1.0 - 0.01 * 0.5 / (0.05 + 1e-8)).epsilon(1e-15));
    const double p1 = x.value;
    x.grad = 0.25;
    rms.step(); // s = 0.99 * 0.0025 + 0.01 * 0.0625 = 0.003100
    CHECK(x.value == Approx(p1 - 0.01 * 0.25 / (std::sqrt(0.0031) + 1e-8)).epsilon(1e-14));
  }
  {
    Scalar1 x{1.0, 0.5};
    RmsProp<double> rms(x.refs(), RmsPropOptions{0.01, 0.99, 1e-8, 0.0, 0.9, true});
    rms.step(); // s = 0.0025, a = 0.005, avg = sqrt(0.0025 - 0.000025) + eps; buf = g / avg
    const double buf = 0.5 / (std::sqrt(0.002475) + 1e-8);
    CHECK(x.value == Approx(1.0 - 0.01 * buf).epsilon(1e-14));
  }
}

TEST_CASE("optimisers converge on a 1-D quadratic", "[optimizer]") {
  CHECK(minimise([](auto refs) { return std::make_unique<Sgd<double>>(refs, SgdOptions{0.1}); },
                 200) == Approx(1.5).margin(1e-8));
  CHECK(minimise(
            [](auto refs) {
              return std::make_unique<Sgd<double>>(refs, SgdOptions{0.05, 0.9});
            },
            500) == Approx(1.5).margin(1e-6));
  CHECK(minimise([](auto refs) { return std::make_unique<Adam<double>>(refs, AdamOptions{0.05}); },
                 2000) == Approx(1.5).margin(1e-3));
  CHECK(minimise(
            [](auto refs) { return std::make_unique<RmsProp<double>>(refs, RmsPropOptions{0.01}); },
            2000) == Approx(1.5).margin(2e-2));
}

TEST_CASE("optimiser state is per parameter", "[optimizer]") {
  std::vector<double> a{1.0, 2.0}, ga{0.5, -0.5};
  double b = 3.0, gb = 1.0;
  Adam<double> adam({ParamRef<double>{a, ga},
                     ParamRef<double>{std::span<double>(&b, 1), std::span<const double>(&gb, 1)}},
                    AdamOptions{0.1});
  adam.step();
  CHECK(a[0] == Approx(0.9).epsilon(1e-7));
  CHECK(a[1] == Approx(2.1).epsilon(1e-7));
  CHECK(b == Approx(2.9).epsilon(1e-7));
  std::vector<double> bad(3);
  CHECK_THROWS_AS(Adam<double>({ParamRef<double>{a, bad}}), InternalError);
}

TEST_CASE("clip_grad_norm follows torch clip_grad_norm_", "[optimizer]") {
  std::vector<float> g1{3.0f, 0.0f}, g2{4.0f};
  std::vector<std::span<float>> grads{g1, g2};
  CHECK(clip_grad_norm<float>(grads, 10.0) == Approx(5.0).epsilon(1e-12));
  CHECK(g1[0] == 3.0f); // coefficient 10 / 5 clamps to 1: untouched
  CHECK(g2[0] == 4.0f);
  CHECK(clip_grad_norm<float>(grads, 1.0) == Approx(5.0).epsilon(1e-12));
  CHECK(g1[0] == Approx(3.0 / (5.0 + 1e-6)).epsilon(1e-6));
  CHECK(g2[0] == Approx(4.0 / (5.0 + 1e-6)).epsilon(1e-6));
  CHECK(g1[1] == 0.0f);
}
