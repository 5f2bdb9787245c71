// Options shared by the subcommands that take a target encoding, a box and an activation.
// Values are read as text and validated by theory/ so every bad value gets the same one-line
// error (option, value, what is allowed).
#pragma once

#include "numerics/pattern_dynamics.hpp"
#include "numerics/sampled_spectrum.hpp"
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
  Box resolve() const;
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
  unsigned long long resolve() const;
};

struct MethodOption;

// Options of the sampled solver (numerics/sampled_spectrum.hpp).
struct SampledOptions {
  std::optional<std::string> res;
  std::optional<std::string> threads;
  void add_to(CLI::App& app);
  // --res where the analytic spectrum is used is refused (UserError naming it). --threads is a
  // resource limit, accepted whatever the method (a sweep passes it to every run).
  void check_applies(bool use_sampled, const MethodOption& method, const Encoding& enc) const;
  SampledSpectrumOptions resolve() const;
};

// Where a spectrum comes from: analytic, sampled, or auto (analytic where a closed form
// exists, else sampled).
struct MethodOption {
  std::string name = "auto";
  void add_to(CLI::App& app);
  // Validates the name (UserError naming --method) and decides for `enc`.
  bool use_sampled(const Encoding& enc) const;
  // The UserError for an option of the sampled spectrum given where `enc` gets the analytic
  // one: names the option, its value and why this run is analytic.
  [[noreturn]] void refuse_sampled_only(const std::string& option, const std::string& value,
                                        const Encoding& enc) const;
};

// spectrum and scan with the analytic spectrum: --seed (nothing is drawn) and --cells (the closed
// form is the spectrum of infinitely many cells) are refused, as --res is.
void check_sampled_only_options(bool use_sampled, const MethodOption& method, const Encoding& enc,
                                const std::optional<std::string>& seed,
                                const std::optional<std::string>& cells);

// scan's error when no option is a range: names an option whose value looks like a range but is
// not one (e.g. --sigma 0.1:0.2, no STEP), else says which options take one.
[[noreturn]] void
throw_no_scan_range(const std::vector<std::pair<std::string, std::optional<std::string>>>& given);

using app::default_threads; // src/app/threads.hpp

// Strict optional string option: `target` is set only when the option is given.
CLI::Option* add_text_option(CLI::App& app, const std::string& name,
                             std::optional<std::string>& target, const std::string& help,
                             const std::string& type_name);

} // namespace gridtheory::cli
