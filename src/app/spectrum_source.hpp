// Where a prediction's spectrum comes from (the closed form or a sampled population), the
// sampled solver's settings, and the prediction with its box lattice: the one definition that
// predict, spectrum and scan share (the CLI and Python call them through the app functions).
#pragma once

#include "numerics/box_lattice.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "src/app/threads.hpp"
#include "theory/activation.hpp"
#include "theory/distribution.hpp"
#include "theory/encoding.hpp"
#include "theory/prediction.hpp"

#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace gridtheory::app {

// analytic: the closed-form spectrum; sampled: a drawn population's; automatic ("auto"): the
// closed form where one exists, else sampled.
enum class Method { automatic, analytic, sampled };
std::string_view method_name(Method m);
// A method's name ("auto", "analytic", "sampled"); UserError naming `option` otherwise.
Method parse_method(std::string_view option, std::string_view text);

// The square arena: side in metres (> 0, default 2.2 m) and its walls.
inline constexpr Range box_side_range{0.0, true, "a side in metres"};
// Checks the side (UserError naming {box}) and fills in the default.
Box make_box(std::optional<double> side_m, bool periodic);

// The whole-number parameters of the sampled solver and of every seed.
inline constexpr CountRange sampled_res_range{8, 1024, "bins per side"};
inline constexpr CountRange threads_range{1, 256, "threads"};
inline constexpr CountRange seed_range{0, std::numeric_limits<long long>::max(), "a seed"};
// A seed (UserError naming {seed} out of range), default 0.
unsigned long long resolve_seed(std::optional<long long> seed);

// The sampled solver's settings as a caller gives them; unset means the default (64 bins per
// side, every core). `res` applies only to the sampled spectrum; `threads` is a resource limit
// accepted whatever the method (a sweep passes it to every run).
struct SampledRequest {
  std::optional<long long> res;
  std::optional<long long> threads;
};
// Range checks (UserError naming {res} or {threads}) and defaults.
SampledSpectrumOptions resolve_sampled(const SampledRequest& request);

// Whether `enc` gets the sampled spectrum under `method`.
bool uses_sampled(Method method, const Encoding& enc);
// The UserError for an option of the sampled spectrum (`option`, given as `value`) where `enc`
// gets the analytic one: names the option, its value and why this run is analytic.
[[noreturn]] void refuse_sampled_only(Method method, const std::string& option,
                                      const std::string& value, const Encoding& enc);

// A prediction with the box-lattice analysis of its ring, from the spectrum `sampled` chooses.
struct SourcedPrediction {
  Prediction prediction;
  std::optional<BoxLattice> lattice; // when the prediction has a ring
  bool sampled = false;
  SampledSpectrum spectrum; // the sampled spectrum it used (empty when analytic)
};
SourcedPrediction predict_with_lattice(const Encoding& enc, Activation act, const Box& box,
                                       bool sampled, unsigned long long seed,
                                       const SampledSpectrumOptions& options);

} // namespace gridtheory::app
