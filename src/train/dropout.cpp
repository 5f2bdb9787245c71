// Counter-based dropout masks (src/train/dropout.hpp documents the semantics).
#include "src/train/dropout.hpp"

#include "theory/errors.hpp"

#include <string>

namespace gridtheory::train {

namespace {

constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t input_stream = 1, recurrent_stream = 2;

void require(bool ok, const std::string& what) {
  if (!ok) throw InternalError("dropout: " + what);
}

// The key of the stream (seed, stream): splitmix64 outputs of both.
std::uint64_t stream_key(std::uint64_t seed, std::uint64_t stream) {
  return splitmix64_mix(splitmix64_mix(seed + golden_gamma) ^ stream);
}

// Position `index` of the stream with state `key`: splitmix64's (index + 1)-th output, 53 bits.
double uniform_at(std::uint64_t key, std::uint64_t index) {
  return static_cast<double>(splitmix64_mix(key + (index + 1) * golden_gamma) >> 11) * 0x1.0p-53;
}

bool valid_rate(double p) {
  return p >= 0.0 && p < 1.0;
} // false for NaN

// Fills `mask` (row-major) with 0 or 1/(1 - p) from the stream (seed, stream).
template <typename Scalar>
void fill_mask(RowMatrix<Scalar>& mask, double p, std::uint64_t seed, std::uint64_t stream) {
  const Scalar keep_scale = static_cast<Scalar>(1.0 / (1.0 - p));
  const std::uint64_t key = stream_key(seed, stream);
  Scalar* m = mask.data();
  const Index n = mask.size();
#pragma omp parallel for schedule(static)
  for (Index k = 0; k < n; ++k)
    m[k] = uniform_at(key, static_cast<std::uint64_t>(k)) >= p ? keep_scale : Scalar(0);
}

} // namespace

std::uint64_t splitmix64_mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

double counter_uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  return uniform_at(stream_key(seed, stream), index);
}

template <typename Scalar>
Dropout<Scalar>::Dropout(DropoutRates rates, Index batch, Index steps, Index n_grid)
    : rates_(rates), batch_(batch), steps_(steps), n_grid_(n_grid) {
  require(valid_rate(rates.input),
          "input rate " + std::to_string(rates.input) + " is outside [0, 1)");
  require(valid_rate(rates.recurrent),
          "recurrent rate " + std::to_string(rates.recurrent) + " is outside [0, 1)");
  require(batch > 0 && steps > 0 && n_grid > 0, "sizes must be positive");
  if (rates.input > 0.0) {
    input_mask_.resize(steps * batch, RnnParams<Scalar>::n_input);
    velocity_.resize(steps * batch, RnnParams<Scalar>::n_input);
  }
  if (rates.recurrent > 0.0) {
    recurrent_mask_.resize(batch, n_grid);
    hidden_.resize(steps * batch, n_grid);
    scratch_.resize(batch, n_grid);
  }
}

template <typename Scalar> void Dropout<Scalar>::draw(bool training, std::uint64_t seed) {
  input_active_ = training && rates_.input > 0.0;
  recurrent_active_ = training && rates_.recurrent > 0.0;
  if (input_active_) fill_mask(input_mask_, rates_.input, seed, input_stream);
  if (recurrent_active_) fill_mask(recurrent_mask_, rates_.recurrent, seed, recurrent_stream);
}

template <typename Scalar>
ConstRowMap<Scalar> Dropout<Scalar>::forward_input(const ConstRowMap<Scalar>& velocity) {
  require(velocity.rows() == steps_ * batch_ && velocity.cols() == RnnParams<Scalar>::n_input,
          "velocity shape");
  if (input_active_) velocity_.array() = velocity.array() * input_mask_.array();
  return input(velocity);
}

template <typename Scalar>
ConstRowMap<Scalar> Dropout<Scalar>::input(const ConstRowMap<Scalar>& velocity) const {
  if (!input_active_) return velocity;
  return ConstRowMap<Scalar>(velocity_.data(), velocity_.rows(), velocity_.cols());
}

template <typename Scalar>
ConstRowMap<Scalar> Dropout<Scalar>::forward_recurrent(const RowMatrix<Scalar>& hidden, Index t) {
  require(hidden.rows() == (steps_ + 1) * batch_ && hidden.cols() == n_grid_ && t >= 1 &&
              t <= steps_,
          "hidden shape or step");
  const Index first = (t - 1) * batch_;
  if (!recurrent_active_)
    return ConstRowMap<Scalar>(hidden.data() + first * n_grid_, batch_, n_grid_);
  hidden_.middleRows(first, batch_).array() =
      hidden.middleRows(first, batch_).array() * recurrent_mask_.array();
  return ConstRowMap<Scalar>(hidden_.data() + first * n_grid_, batch_, n_grid_);
}

template <typename Scalar>
ConstRowMap<Scalar> Dropout<Scalar>::recurrent(const RowMatrix<Scalar>& hidden) const {
  require(hidden.rows() == (steps_ + 1) * batch_ && hidden.cols() == n_grid_, "hidden shape");
  const Scalar* data = recurrent_active_ ? hidden_.data() : hidden.data();
  return ConstRowMap<Scalar>(data, steps_ * batch_, n_grid_);
}

template class Dropout<float>;
template class Dropout<double>;

} // namespace gridtheory::train
