// First-order optimisers with torch.optim's exact update rules and defaults (Adam, SGD,
// RMSprop, torch 2.x single-tensor ("foreach=False") code paths), and gradient clipping by
// global norm with torch.nn.utils.clip_grad_norm_ semantics.
//
// An optimiser is built on a list of (parameter, gradient) flat views; its state (moments,
// momentum buffers) is allocated once in the constructor and step() allocates nothing.
// Options torch also has and these do not: amsgrad, maximize, capturable, differentiable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace gridtheory::train {

// A parameter and its gradient: two views of the same length.
template <typename Scalar> struct ParamRef {
  std::span<Scalar> value;
  std::span<const Scalar> grad;
};

template <typename Scalar> class Optimizer {
public:
  // Throws InternalError when a value and its gradient differ in length.
  explicit Optimizer(std::vector<ParamRef<Scalar>> params);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // One update of every parameter from its current gradient.
  virtual void step() = 0;
  std::int64_t steps_taken() const { return steps_; }
  // For checkpoints: restoring the step count and every state buffer resumes the optimiser
  // exactly (the bias corrections and SGD's first-step rule depend on the count).
  void set_steps_taken(std::int64_t steps) { steps_ = steps; }
  // The state buffers, each named as torch's state_dict names it (exp_avg, exp_avg_sq,
  // momentum_buffer, square_avg, grad_avg), one span per parameter in construction order.
  struct StateBuffer {
    const char* name;
    std::vector<std::span<Scalar>> per_param;
  };
  virtual std::vector<StateBuffer> state() = 0;
  double learning_rate() const { return lr_; }
  void set_learning_rate(double lr) { lr_ = lr; }

protected:
  std::vector<ParamRef<Scalar>> params_;
  std::int64_t steps_ = 0;
  double lr_ = 0.0;
  // One zeroed buffer of the total parameter length, split per parameter like params_.
  std::vector<std::span<Scalar>> make_state(std::vector<Scalar>& storage) const;
};

// torch.optim.Adam. Per element, with t = steps taken including this one:
//   g = grad + weight_decay * p                  (L2, only if weight_decay != 0)
//   m = m + (1 - beta1) (g - m)                  (exp_avg.lerp_)
//   v = beta2 v + (1 - beta2) g^2
//   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
};

template <typename Scalar> class Adam final : public Optimizer<Scalar> {
public:
  Adam(std::vector<ParamRef<Scalar>> params, const AdamOptions& options = {});
  void step() override;
  std::vector<typename Optimizer<Scalar>::StateBuffer> state() override {
    return {{"exp_avg", m_}, {"exp_avg_sq", v_}};
  }

private:
  AdamOptions opt_;
  std::vector<Scalar> storage_m_, storage_v_;
  std::vector<std::span<Scalar>> m_, v_;
};

// torch.optim.SGD. g = grad + weight_decay * p; with momentum mu != 0: buf = g on the first
// step, else buf = mu buf + (1 - dampening) g; then g = g + mu buf (nesterov) or g = buf;
// p = p - lr g.
struct SgdOptions {
  double lr = 1e-3; // torch 2.x default
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;
};

template <typename Scalar> class Sgd final : public Optimizer<Scalar> {
public:
  // Throws InternalError for nesterov without momentum or with dampening (torch's rule).
  Sgd(std::vector<ParamRef<Scalar>> params, const SgdOptions& options = {});
  void step() override;
  std::vector<typename Optimizer<Scalar>::StateBuffer> state() override {
    if (buf_.empty()) return {};
    return {{"momentum_buffer", buf_}};
  }

private:
  SgdOptions opt_;
  std::vector<Scalar> storage_buf_;
  std::vector<std::span<Scalar>> buf_;
};

// torch.optim.RMSprop. g = grad + weight_decay * p; s = alpha s + (1 - alpha) g^2;
// centered: a = a + (1 - alpha)(g - a), avg = sqrt(s - a^2) + eps; else avg = sqrt(s) + eps;
// momentum mu > 0: buf = mu buf + g / avg, p = p - lr buf; else p = p - lr g / avg.
struct RmsPropOptions {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0.0;
  double momentum = 0.0;
  bool centered = false;
};

template <typename Scalar> class RmsProp final : public Optimizer<Scalar> {
public:
  RmsProp(std::vector<ParamRef<Scalar>> params, const RmsPropOptions& options = {});
  void step() override;
  std::vector<typename Optimizer<Scalar>::StateBuffer> state() override;

private:
  RmsPropOptions opt_;
  std::vector<Scalar> storage_sq_, storage_avg_, storage_buf_;
  std::vector<std::span<Scalar>> sq_, avg_, buf_;
};

// torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=2): total = sqrt(sum of all
// squared gradient entries) (accumulated in double); every gradient is multiplied by
// min(1, max_norm / (total + 1e-6)). Returns total (the norm before clipping). A non-finite
// total is returned as is and the gradients are scaled by it like torch does
// (error_if_nonfinite=False).
template <typename Scalar>
double clip_grad_norm(std::span<const std::span<Scalar>> grads, double max_norm);

} // namespace gridtheory::train
