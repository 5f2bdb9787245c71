// Options shared by the subcommands that take a target encoding, a box and an activation.
// Values are read as text and validated by theory/ so every bad value gets the same one-line
// error (option, value, what is allowed).
#pragma once

#include "numerics/pattern_dynamics.hpp"
#include "numerics/sampled_spectrum.hpp"
#include "src/app/spectrum_source.hpp"
#include "src/app/threads.hpp"
#include "src/params/encoding_text.hpp"
#include "theory/activation.hpp"
#include "theory/defaults.hpp"
#include "theory/encoding.hpp"
#include "theory/prediction.hpp"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gridtheory::cli {

struct EncodingFlags {
  EncodingSpec spec;
  // cells_scale_with_box: the --cells help describes the box-scaled default (false for train,
  // whose run configuration resolves the cells without the box: 512 by default).
  void add_to(CLI::App& app, bool cells_scale_with_box = true);
  // The box sets the default cell count (default_cell_count, theory/encoding.hpp).
  Encoding resolve(const Box& box) const { return make_encoding(spec, box.side_m); }
};

struct BoxOptions {
  std::optional<std::string> side;
  bool periodic = false;
  // always_periodic: the command's box is periodic whatever the flag (pattern's solver).
  void add_to(CLI::App& app, bool always_periodic = false);
  // The side parsed (UserError naming --box), unset when not given.
  std::optional<double> side_m() const;
  Box resolve() const { return app::make_box(side_m(), periodic); }
};

struct ActivationOption {
  std::string name = defaults::activation;
  void add_to(CLI::App& app);
  Activation resolve() const { return parse_activation(param("activation"), name); }
};

struct SeedOption {
  std::optional<std::string> text;
  // recorded: the command records the seed even where it draws nothing (predict); otherwise
  // the help says it applies to the sampled spectrum only.
  void add_to(CLI::App& app, bool recorded = true);
  // A whole number (UserError naming --seed), unset when not given; its range is the app's.
  std::optional<long long> value() const;
  unsigned long long resolve() const { return app::resolve_seed(value()); }
};

// Options of the sampled solver (numerics/sampled_spectrum.hpp).
struct SampledOptions {
  std::optional<std::string> res;
  std::optional<std::string> threads;
  void add_to(CLI::App& app);
  // Each given option as a whole number (UserError naming it); ranges and applicability are
  // the app's (src/app/spectrum_source.hpp).
  app::SampledRequest request() const;
  SampledSpectrumOptions resolve() const { return app::resolve_sampled(request()); }
};

// Where a spectrum comes from: analytic, sampled, or auto (analytic where a closed form
// exists, else sampled).
struct MethodOption {
  std::string name = "auto";
  void add_to(CLI::App& app);
  // The method (UserError naming --method for an unknown name).
  app::Method resolve() const { return app::parse_method(param("method"), name); }
};

using app::default_threads; // src/app/threads.hpp

// --log-power of the spectrum figures (predict --plot, spectrum --plot).
void add_log_power_flag(CLI::App& app, bool& target);

// Strict optional string option: `target` is set only when the option is given.
CLI::Option* add_text_option(CLI::App& app, const std::string& name,
                             std::optional<std::string>& target, const std::string& help,
                             const std::string& type_name);

} // namespace gridtheory::cli
