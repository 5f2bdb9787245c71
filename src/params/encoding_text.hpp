// The encoding options as text (the command line, sweep specs, run configs, results tables) and
// their one parser into the typed EncodingOptions of theory/encoding.hpp.
#pragma once

#include "theory/defaults.hpp"
#include "theory/encoding.hpp"

#include <functional>
#include <optional>
#include <string>

namespace gridtheory {

// The encoding options exactly as typed; unset means "not given".
struct EncodingSpec {
  std::string encoding = defaults::encoding;
  std::optional<std::string> sigma;
  std::optional<std::string> surround_ratio;
  std::optional<std::string> surround_variance_ratio;
  std::optional<std::string> alpha_e;
  std::optional<std::string> alpha_i;
  std::optional<std::string> fields_per_cell;
  std::optional<std::string> cells;
};

// Parses each given option into its typed value, throwing a UserError that names the parameter
// (errors.hpp) and quotes the text: an unknown family, an option that does not apply to the
// family, malformed or out-of-range text.
EncodingOptions parse_encoding_options(const EncodingSpec& spec);

// make_encoding(parse_encoding_options(spec), box_m): the encoding a command's options ask for.
Encoding make_encoding(const EncodingSpec& spec, double box_m);
// The same in the reference 2.2 m box (theory/encoding.hpp).
Encoding make_encoding(const EncodingSpec& spec);

// The options that parse back to `enc` (every option that applies to its family given, so the
// box does not change the cell count): how a typed encoding is written as text, in run configs.
EncodingSpec spec_of(const Encoding& enc);

// The spec of a table row or record whose options are looked up by their CLI names ("sigma",
// "surround-ratio", ...): `option(name)` gives the text, or nullopt when the option is absent.
// The one place that maps option names to EncodingSpec fields for tables read back.
EncodingSpec
encoding_spec_from(const std::function<std::optional<std::string>(const char* name)>& option);

} // namespace gridtheory
