// The `gridtheory` command line, callable in-process (tests) or from main().
#pragma once

#include "src/cli/command.hpp"

#include <ostream>

namespace gridtheory::cli {

// Exit codes, documented in README.md.
inline constexpr int exit_ok = 0;
inline constexpr int exit_user_error = 2;     // bad option, value or input file
inline constexpr int exit_internal_error = 3; // a bug or an environment failure (e.g. gnuplot)
inline constexpr int exit_diverged = 4;       // training stopped: the loss became NaN or infinite
inline constexpr int exit_runs_failed = 5;    // a sweep finished, but some of its runs failed

// Parses argv, runs the chosen subcommand, prints results to `out` and one-line errors to
// `err`. Returns the exit code; never throws.
// `sweep_runner` executes `sweep run` (default: the threaded sweep::run_sweep).
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        SweepRunner sweep_runner = {});

} // namespace gridtheory::cli
