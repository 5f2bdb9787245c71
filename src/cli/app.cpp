#include "src/cli/app.hpp"

#include "src/cli/command.hpp"
#include "src/version.hpp"
#include "theory/errors.hpp"

#include <cerrno>
#include <cstring>
#include <sstream>
#include <vector>

namespace gridtheory::cli {

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        SweepRunner sweep_runner) {
  CLI::App app{"gridtheory: predict, solve and test whether path integrators grow hexagonal grid "
               "cells (Schaeffer, Khona & Fiete 2022). Units: metres, radians, rad/m.",
               "gridtheory"};
  app.set_version_flag("--version", std::string(version));
  app.require_subcommand(1);
  app.fallthrough(false);
  std::vector<Command> commands{
      add_predict_command(app),  add_spectrum_command(app), add_scan_command(app),
      add_pattern_command(app),  add_score_command(app),    add_train_command(app),
      add_loss_command(app),     add_evaluate_command(app), add_sweep_command(app, sweep_runner),
      add_validate_command(app), add_figures_command(app)};

  std::string where = "gridtheory";
  try {
    // CLI11 would only say "a subcommand is required"; name the unknown word instead.
    if (argc > 1 && argv[1][0] != '-') {
      std::string known;
      bool found = false;
      for (const auto& c : commands) {
        known += (known.empty() ? "" : ", ") + c.app->get_name();
        found = found || c.app->get_name() == argv[1];
      }
      if (!found) throw UserError("subcommand", argv[1], "is not a known subcommand", known);
    }
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
      // Top-level help lists every subcommand's options; a subcommand's help lists its own.
      for (const auto& c : commands)
        if (c.app->parsed()) {
          // The deepest parsed subcommand's help (gridtheory sweep run --help).
          const CLI::App* deepest = c.app;
          while (!deepest->get_subcommands().empty())
            deepest = deepest->get_subcommands().front();
          out << deepest->help();
          return exit_ok;
        }
      out << app.help("", CLI::AppFormatMode::All);
      return exit_ok;
    } catch (const CLI::CallForVersion&) {
      out << version << "\n";
      return exit_ok;
    } catch (const CLI::ParseError& e) {
      for (const auto& c : commands)
        if (c.app->parsed()) where = "gridtheory " + c.app->get_name();
      std::string msg = e.what();
      for (char& ch : msg)
        if (ch == '\n') ch = ' ';
      err << where << ": error: " << msg << " (see " << where << " --help)\n";
      return exit_user_error;
    }
    for (const auto& c : commands)
      if (c.app->parsed()) {
        where = "gridtheory " + c.app->get_name();
        // Buffer stdout so a failure part-way prints nothing.
        std::ostringstream buffer;
        c.run(buffer);
        errno = 0;
        out << buffer.str();
        out.flush();
        // A full disk under a redirected stdout (a sweep's predict run): fail, do not exit 0
        // with a truncated answer.
        if (!out)
          throw UserError("stdout", "-",
                          std::string("could not be written") +
                              (errno != 0 ? ": " + std::string(std::strerror(errno)) : ""),
                          "");
      }
    return exit_ok;
  } catch (const UserError& e) {
    err << where << ": error: " << e.what() << "\n";
    return exit_user_error;
  } catch (const sweep::RunsFailed& e) {
    err << where << ": error: " << e.what() << "\n";
    return exit_runs_failed;
  } catch (const DivergedError& e) {
    err << where << ": error: " << e.what() << "\n";
    return exit_diverged;
  } catch (const std::exception& e) {
    err << where << ": internal error: " << e.what() << "\n";
    return exit_internal_error;
  }
}

} // namespace gridtheory::cli
