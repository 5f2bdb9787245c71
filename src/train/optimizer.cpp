// torch.optim's Adam, SGD and RMSprop update rules and clip_grad_norm_ (optimizer.hpp).
// Arithmetic is done in the parameters' Scalar type with the hyper-parameters cast to it, as
// torch's CPU kernels do for float tensors; only the bias corrections are computed in double
// (Python floats in torch).
#include "src/train/optimizer.hpp"

#include "theory/errors.hpp"

#include <cmath>
#include <numeric>
#include <string>

namespace gridtheory::train {

namespace {

// torch.lerp(start, end, w): start + w (end - start) for |w| < 0.5, else end - (end - start)(1-w).
template <typename Scalar> Scalar torch_lerp(Scalar start, Scalar end, Scalar w) {
  return std::abs(w) < Scalar(0.5) ? start + w * (end - start)
                                   : end - (end - start) * (Scalar(1) - w);
}

} // namespace

template <typename Scalar>
Optimizer<Scalar>::Optimizer(std::vector<ParamRef<Scalar>> params) : params_(std::move(params)) {
  for (const auto& p : params_)
    if (p.value.size() != p.grad.size())
      throw InternalError("optimizer: a parameter and its gradient differ in length");
}

template <typename Scalar>
std::vector<std::span<Scalar>> Optimizer<Scalar>::make_state(std::vector<Scalar>& storage) const {
  size_t total = 0;
  for (const auto& p : params_)
    total += p.value.size();
  storage.assign(total, Scalar(0));
  std::vector<std::span<Scalar>> out;
  out.reserve(params_.size());
  size_t offset = 0;
  for (const auto& p : params_) {
    out.emplace_back(storage.data() + offset, p.value.size());
    offset += p.value.size();
  }
  return out;
}

// ----------------------------------------------------------------------------------- Adam
template <typename Scalar>
Adam<Scalar>::Adam(std::vector<ParamRef<Scalar>> params, const AdamOptions& options)
    : Optimizer<Scalar>(std::move(params)), opt_(options) {
  this->lr_ = options.lr;
  m_ = this->make_state(storage_m_);
  v_ = this->make_state(storage_v_);
}

template <typename Scalar> void Adam<Scalar>::step() {
  const std::int64_t t = ++this->steps_;
  const double bc1 = 1.0 - std::pow(opt_.beta1, static_cast<double>(t));
  const double bc2 = 1.0 - std::pow(opt_.beta2, static_cast<double>(t));
  const auto neg_step = static_cast<Scalar>(-this->lr_ / bc1);
  const auto bc2_sqrt = static_cast<Scalar>(std::sqrt(bc2));
  const auto w1 = static_cast<Scalar>(1.0 - opt_.beta1);
  const auto b2 = static_cast<Scalar>(opt_.beta2);
  const auto w2 = static_cast<Scalar>(1.0 - opt_.beta2);
  const auto eps = static_cast<Scalar>(opt_.eps);
  const auto wd = static_cast<Scalar>(opt_.weight_decay);
  const bool decay = opt_.weight_decay != 0.0;
  for (size_t k = 0; k < this->params_.size(); ++k) {
    Scalar* p = this->params_[k].value.data();
    const Scalar* grad = this->params_[k].grad.data();
    Scalar* m = m_[k].data();
    Scalar* v = v_[k].data();
    const auto n = static_cast<std::ptrdiff_t>(this->params_[k].value.size());
#pragma omp parallel for simd schedule(static) if (n > 65536)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const Scalar g = decay ? grad[i] + wd * p[i] : grad[i];
      m[i] = torch_lerp(m[i], g, w1);
      v[i] = v[i] * b2 + w2 * g * g;
      const Scalar denom = std::sqrt(v[i]) / bc2_sqrt + eps;
      p[i] += neg_step * (m[i] / denom);
    }
  }
}

// ------------------------------------------------------------------------------------ SGD
template <typename Scalar>
Sgd<Scalar>::Sgd(std::vector<ParamRef<Scalar>> params, const SgdOptions& options)
    : Optimizer<Scalar>(std::move(params)), opt_(options) {
  if (options.nesterov && (options.momentum <= 0.0 || options.dampening != 0.0))
    throw InternalError("sgd: nesterov momentum requires a momentum and zero dampening");
  this->lr_ = options.lr;
  if (options.momentum != 0.0) buf_ = this->make_state(storage_buf_);
}

template <typename Scalar> void Sgd<Scalar>::step() {
  const bool first = this->steps_ == 0;
  ++this->steps_;
  const auto neg_lr = static_cast<Scalar>(-this->lr_);
  const auto mu = static_cast<Scalar>(opt_.momentum);
  const auto keep = static_cast<Scalar>(1.0 - opt_.dampening);
  const auto wd = static_cast<Scalar>(opt_.weight_decay);
  const bool decay = opt_.weight_decay != 0.0, momentum = opt_.momentum != 0.0;
  for (size_t k = 0; k < this->params_.size(); ++k) {
    Scalar* p = this->params_[k].value.data();
    const Scalar* grad = this->params_[k].grad.data();
    Scalar* buf = momentum ? buf_[k].data() : nullptr;
    const auto n = static_cast<std::ptrdiff_t>(this->params_[k].value.size());
#pragma omp parallel for schedule(static) if (n > 65536)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      Scalar d = decay ? grad[i] + wd * p[i] : grad[i];
      if (momentum) {
        buf[i] = first ? d : buf[i] * mu + keep * d;
        d = opt_.nesterov ? d + mu * buf[i] : buf[i];
      }
      p[i] += neg_lr * d;
    }
  }
}

// -------------------------------------------------------------------------------- RMSprop
template <typename Scalar>
RmsProp<Scalar>::RmsProp(std::vector<ParamRef<Scalar>> params, const RmsPropOptions& options)
    : Optimizer<Scalar>(std::move(params)), opt_(options) {
  this->lr_ = options.lr;
  sq_ = this->make_state(storage_sq_);
  if (options.centered) avg_ = this->make_state(storage_avg_);
  if (options.momentum > 0.0) buf_ = this->make_state(storage_buf_);
}

template <typename Scalar> void RmsProp<Scalar>::step() {
  ++this->steps_;
  const auto neg_lr = static_cast<Scalar>(-this->lr_);
  const auto alpha = static_cast<Scalar>(opt_.alpha);
  const auto w = static_cast<Scalar>(1.0 - opt_.alpha);
  const auto eps = static_cast<Scalar>(opt_.eps);
  const auto wd = static_cast<Scalar>(opt_.weight_decay);
  const auto mu = static_cast<Scalar>(opt_.momentum);
  const bool decay = opt_.weight_decay != 0.0, centered = opt_.centered,
             momentum = opt_.momentum > 0.0;
  for (size_t k = 0; k < this->params_.size(); ++k) {
    Scalar* p = this->params_[k].value.data();
    const Scalar* grad = this->params_[k].grad.data();
    Scalar* sq = sq_[k].data();
    Scalar* ga = centered ? avg_[k].data() : nullptr;
    Scalar* buf = momentum ? buf_[k].data() : nullptr;
    const auto n = static_cast<std::ptrdiff_t>(this->params_[k].value.size());
#pragma omp parallel for schedule(static) if (n > 65536)
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const Scalar g = decay ? grad[i] + wd * p[i] : grad[i];
      sq[i] = sq[i] * alpha + w * g * g;
      Scalar avg;
      if (centered) {
        ga[i] = torch_lerp(ga[i], g, w);
        avg = std::sqrt(sq[i] - ga[i] * ga[i]) + eps;
      } else {
        avg = std::sqrt(sq[i]) + eps;
      }
      if (momentum) {
        buf[i] = buf[i] * mu + g / avg;
        p[i] += neg_lr * buf[i];
      } else {
        p[i] += neg_lr * (g / avg);
      }
    }
  }
}

template <typename Scalar>
std::vector<typename Optimizer<Scalar>::StateBuffer> RmsProp<Scalar>::state() {
  std::vector<typename Optimizer<Scalar>::StateBuffer> out{{"square_avg", sq_}};
  if (!buf_.empty()) out.push_back({"momentum_buffer", buf_});
  if (!avg_.empty()) out.push_back({"grad_avg", avg_});
  return out;
}

// ------------------------------------------------------------------------ gradient clipping
template <typename Scalar>
double clip_grad_norm(std::span<const std::span<Scalar>> grads, double max_norm) {
  double sum = 0.0;
  for (const auto& g : grads)
    for (const Scalar x : g)
      sum += static_cast<double>(x) * static_cast<double>(x);
  const double total = std::sqrt(sum);
  const double coef = max_norm / (total + 1e-6);
  if (!(coef >= 1.0)) { // torch: clamp(coef, max=1); NaN propagates
    const auto c = static_cast<Scalar>(coef);
    for (const auto& g : grads)
      for (Scalar& x : g)
        x *= c;
  }
  return total;
}

#define GRIDTHEORY_OPTIMIZER_INSTANTIATE(S)                                                        \
  template class Optimizer<S>;                                                                     \
  template class Adam<S>;                                                                          \
  template class Sgd<S>;                                                                           \
  template class RmsProp<S>;                                                                       \
  template double clip_grad_norm<S>(std::span<const std::span<S>>, double);

GRIDTHEORY_OPTIMIZER_INSTANTIATE(float)
GRIDTHEORY_OPTIMIZER_INSTANTIATE(double)

#undef GRIDTHEORY_OPTIMIZER_INSTANTIATE

} // namespace gridtheory::train
