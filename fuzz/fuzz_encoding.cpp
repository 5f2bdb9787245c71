// libFuzzer target: the encoding options (theory/encoding.hpp) and the analytic prediction made
// from them. The input is split at newlines into the encoding name and the texts of --sigma,
// --surround-ratio, --surround-variance-ratio, --alpha-e, --alpha-i, --fields-per-cell and
// --cells (an empty line: option not given). Every combination either resolves into an encoding
// whose spectrum is finite and non-negative, with a prediction, or is refused with a UserError.
#include "src/params/encoding_text.hpp"
#include "theory/encoding.hpp"
#include "theory/errors.hpp"
#include "theory/prediction.hpp"
#include "theory/spectrum.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

using namespace gridtheory;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> fields(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      if (fields.size() == 8) break;
      fields.emplace_back();
    } else {
      fields.back() += static_cast<char>(data[i]);
    }
  }
  fields.resize(8);
  EncodingSpec spec;
  spec.encoding = fields[0];
  const auto opt = [&](std::size_t i) -> std::optional<std::string> {
    if (fields[i].empty()) return std::nullopt;
    return fields[i];
  };
  spec.sigma = opt(1);
  spec.surround_ratio = opt(2);
  spec.surround_variance_ratio = opt(3);
  spec.alpha_e = opt(4);
  spec.alpha_i = opt(5);
  spec.fields_per_cell = opt(6);
  spec.cells = opt(7);
  try {
    const Encoding enc = make_encoding(spec);
    if (has_tuning_spectrum(enc)) {
      for (double k : {0.0, 1.0, 8.0, 40.0}) {
        const double p = power(enc, k);
        if (!(p >= 0.0) || !std::isfinite(p)) std::abort();
      }
    }
    const Prediction pred = predict(enc, Activation::relu, Box{2.2, false});
    if (pred.grid_spacing_m && !(*pred.grid_spacing_m > 0.0)) std::abort();
  } catch (const UserError&) {
  }
  return 0;
}
