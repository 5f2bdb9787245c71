// A subcommand: its CLI11 parser and the action run after a successful parse.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>

namespace gridtheory::cli {

struct Command {
  CLI::App* app = nullptr;
  // Validates the parsed options, does the work, writes files, then prints to `out`.
  // Throws UserError for bad input (before any output) and InternalError for bugs.
  std::function<void(std::ostream& out)> run;
};

Command add_predict_command(CLI::App& parent);
Command add_spectrum_command(CLI::App& parent);
Command add_scan_command(CLI::App& parent);
Command add_pattern_command(CLI::App& parent);
Command add_score_command(CLI::App& parent);
Command add_train_command(CLI::App& parent);
Command add_loss_command(CLI::App& parent);

} // namespace gridtheory::cli
