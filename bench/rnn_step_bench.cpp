// Times one training step of the NFL RNN (forward, BPTT, Adam) in float, for the sizes of
// ../shared/peers/torch_rnn_step.py (batch 200, 20 steps, n_p 512). Run by bench/rnn_step.sh.
// Usage: bench_rnn_step [--configs 256,512,1024] [--reps N] [--threads N]
#include "src/train/optimizer.hpp"
#include "src/train/rnn.hpp"
#include "theory/eigen.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace gridtheory;
using namespace gridtheory::train;

int main(int argc, char** argv) {
  std::vector<long> configs{256, 512, 1024};
  int reps = 10, threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--configs") {
      configs.clear();
      std::stringstream ss(argv[i + 1]);
      for (std::string s; std::getline(ss, s, ',');)
        configs.push_back(std::stol(s));
    } else if (a == "--reps") {
      reps = std::atoi(argv[i + 1]);
    } else if (a == "--threads") {
      threads = std::atoi(argv[i + 1]);
    }
  }
  Eigen::setNbThreads(threads);
  const long B = 200, T = 20, np = 512;
  std::mt19937_64 rng(0);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::printf("# gridtheory NFL RNN step (float, relu, cross-entropy, Adam), B=%ld T=%ld Np=%ld, "
              "Eigen threads %d\n",
              B, T, np, threads);
  for (long ng : configs) {
    RnnParams<float> params(ng, np), grads(ng, np);
    for (auto* m : params.matrices())
      for (long i = 0; i < m->size(); ++i)
        m->data()[i] = 0.02f * normal(rng);
    std::vector<float> velocity(static_cast<size_t>(T * B * 2)), p0(static_cast<size_t>(B * np)),
        targets(static_cast<size_t>(T * B * np));
    for (float& v : velocity)
      v = 0.5f * normal(rng);
    const auto fill_distribution = [&](std::vector<float>& v) {
      for (size_t r = 0; r < v.size() / np; ++r) {
        float sum = 0;
        for (long c = 0; c < np; ++c)
          sum += (v[r * np + c] = std::abs(normal(rng)));
        for (long c = 0; c < np; ++c)
          v[r * np + c] /= sum;
      }
    };
    fill_distribution(p0);
    fill_distribution(targets);
    RnnBatch<float> batch(B, T, np, velocity.data(), p0.data(), targets.data());
    RnnWorkspace<float> ws(B, T, ng, np);
    RnnConfig config;
    std::vector<ParamRef<float>> refs;
    const auto values = params.spans();
    const auto gs = grads.spans();
    for (size_t i = 0; i < values.size(); ++i)
      refs.push_back({values[i], gs[i]});
    AdamOptions adam_options;
    adam_options.lr = 1e-4;
    Adam<float> adam(refs, adam_options);
    std::vector<double> ms;
    for (int r = 0; r < reps + 2; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      rnn_forward(params, batch, config, ws);
      rnn_backward(params, batch, config, ws, grads);
      adam.step();
      const auto t1 = std::chrono::steady_clock::now();
      if (r >= 2) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    const double med = ms[ms.size() / 2];
    const double g = static_cast<double>(ng), p = static_cast<double>(np);
    const double flops = 6.0 * static_cast<double>(B * T) * (g * g + g * p);
    std::printf("ours Ng=%ld: %.2f ms/step (min %.2f max %.2f, n=%zu) = %.1f GFLOP/s\n", ng, med,
                ms.front(), ms.back(), ms.size(), flops / (med * 1e6));
  }
}
