// A subcommand: its CLI11 parser and the action run after a successful parse.
#pragma once

#include "src/sweep/sweep.hpp"

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
Command add_ratemaps_command(CLI::App& parent);
Command add_train_command(CLI::App& parent);
Command add_loss_command(CLI::App& parent);
Command add_evaluate_command(CLI::App& parent);
Command add_batch_command(CLI::App& parent);
Command add_validate_command(CLI::App& parent);
Command add_figures_command(CLI::App& parent);

// How `sweep run` executes a plan: run_sweep (threads) in `gridtheory`, the MPI backend in
// `gridtheory-mpi`.
using SweepRunner = std::function<sweep::RunOutcome(const sweep::RunRequest&)>;
Command add_sweep_command(CLI::App& parent, SweepRunner runner);

} // namespace gridtheory::cli
