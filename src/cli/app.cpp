#include "src/cli/app.hpp"

#include "src/cli/command.hpp"
#include "src/params/parameter_spelling.hpp"
#include "src/version.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <vector>

// OpenBLAS's own description of the library loaded at run time (cblas.h of OpenBLAS).
extern "C" char* openblas_get_config(void);

namespace gridtheory::cli {

namespace {

// `gridtheory --version`: the version on the first line, then the build.
std::string version_text() {
  std::string text = "gridtheory " + std::string(version) + "\n";
  text += "compiler  " + std::string(build_compiler) + " (" + build_type + " build)\n";
  text += "march     " + std::string(build_march) + "\n";
  text += "blas      " + std::string(build_blas) + "\n";
  const char* runtime = openblas_get_config();
  if (runtime) text += "          loaded: " + std::string(runtime) + "\n";
  return text;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

// What an option takes, for the "allowed" part: "--out DIR: folder for ..." (its help up to the
// first ';').
std::string option_usage(const CLI::Option* opt) {
  std::string usage = opt->get_name();
  const std::string type = opt->get_type_name();
  if (opt->get_items_expected_max() > 0 && !type.empty() && opt->get_positional() == false)
    usage += " " + type;
  std::string help = opt->get_description();
  const auto cut = help.find(';');
  if (cut != std::string::npos) help.resize(cut);
  if (!help.empty()) usage += ": " + help;
  return usage;
}

bool is_flag(const CLI::Option* opt) {
  return opt && opt->get_items_expected_max() == 0;
}

// The values given to `name` on the command line (--name V and --name=V).
std::vector<std::string> values_of(const std::string& name, const std::vector<std::string>& args) {
  std::vector<std::string> values;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == name && i + 1 < args.size())
      values.push_back(args[i + 1]);
    else if (args[i].rfind(name + "=", 0) == 0)
      values.push_back(args[i].substr(name.size() + 1));
  }
  return values;
}

// CLI11's parse errors in the project's voice: one line naming the option, the value and what is
// allowed. `app` is the deepest subcommand being parsed (the top-level app when none was named).
UserError parse_error(const CLI::ParseError& e, const CLI::App& app, const std::string& where,
                      const std::vector<std::string>& args) {
  const std::string msg = e.what();
  const std::string help = "see " + where + " --help";
  const auto before_colon = msg.substr(0, msg.find(':'));
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    // "The following argument(s) was/were not expected: C B A" (CLI11 lists them last first).
    auto words = split_words(msg.substr(msg.find(": ") + 2));
    std::reverse(words.begin(), words.end());
    const std::string first = words.empty() ? std::string() : words.front();
    if (!first.empty() && first[0] == '-' && first.size() > 1) {
      const std::string name = first.substr(0, first.find('='));
      if (const CLI::Option* opt = app.get_option_no_throw(name))
        return UserError(name, first.substr(std::min(first.size(), name.size() + 1)),
                         "does not take a value", option_usage(opt));
      return UserError::without_value(name, "is not an option of " + where,
                                      "the options " + where + " --help lists");
    }
    // A word where an option was expected: name the option before it.
    const auto at = std::find(args.begin(), args.end(), first);
    const std::size_t i = static_cast<std::size_t>(at - args.begin());
    if (at != args.end() && i >= 1) {
      const CLI::Option* prev = app.get_option_no_throw(args[i - 1]);
      if (is_flag(prev))
        return UserError(args[i - 1], first, "is not expected: " + args[i - 1] + " is a flag",
                         args[i - 1] + " alone, without a value");
      if (i >= 2 && !is_flag(app.get_option_no_throw(args[i - 2])) &&
          app.get_option_no_throw(args[i - 2]))
        return UserError(args[i - 2], first,
                         "is a second value: " + args[i - 2] + " takes one (after '" + args[i - 1] +
                             "')",
                         "one value; quote a value that holds spaces");
    }
    return UserError::without_value("'" + first + "'", "is neither an option nor an option's value",
                                    "--OPTION VALUE; " + help);
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    const CLI::Option* opt = app.get_option_no_throw(before_colon);
    const std::string usage = opt ? option_usage(opt) : help;
    if (msg.find(" required ") != std::string::npos && msg.find(" missing") != std::string::npos)
      return UserError::without_value(before_colon, "needs a value", usage);
    if (msg.find("At Most") != std::string::npos) {
      const auto values = values_of(before_colon, args);
      std::string list;
      for (const auto& v : values)
        list += (list.empty() ? "'" : ", '") + v + "'";
      return UserError::without_value(
          before_colon, "is given " + std::to_string(values.size()) + " times (" + list + ")",
          "one " + usage);
    }
    return UserError::without_value(before_colon, "has the wrong number of values", usage);
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e)) {
    // "Could not convert: NAME = VALUE", "NAME: too many inputs for a flag", "NAME: Should be
    // true/false or a number".
    std::string name = before_colon, value;
    if (msg.rfind("Could not convert: ", 0) == 0) {
      const std::string rest = msg.substr(19);
      const auto eq = rest.find(" = ");
      name = rest.substr(0, eq);
      if (eq != std::string::npos) value = rest.substr(eq + 3);
    }
    if (value.empty()) {
      const auto values = values_of(name, args);
      if (!values.empty()) value = values.back();
    }
    const CLI::Option* opt = app.get_option_no_throw(name);
    if (is_flag(opt))
      return UserError(name, value, "is not a flag's value",
                       name + " alone, or " + name + "=true or " + name + "=false");
    return UserError(name, value, "could not be read", opt ? option_usage(opt) : help);
  }
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    if (msg.rfind("A subcommand", 0) == 0) {
      std::string names;
      for (const CLI::App* sub : app.get_subcommands({}))
        names += (names.empty() ? "" : ", ") + sub->get_name();
      return UserError::without_value("a subcommand", "is required", names);
    }
    const std::string name = msg.substr(0, msg.find(" is required"));
    const CLI::Option* opt = app.get_option_no_throw(name);
    return UserError::without_value(name, "is required", opt ? option_usage(opt) : help);
  }
  std::string line = msg;
  for (char& ch : line)
    if (ch == '\n') ch = ' ';
  return UserError::without_value(where, "could not parse its arguments: " + line, help);
}

} // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        SweepRunner sweep_runner) {
  CLI::App app{"gridtheory: predict, solve and test whether path integrators grow hexagonal grid "
               "cells (Schaeffer, Khona & Fiete 2022). Units: metres, radians, rad/m.",
               "gridtheory"};
  app.set_version_flag("--version", std::string(version));
  app.require_subcommand(1);
  app.fallthrough(false);
  std::vector<Command> commands{add_predict_command(app),
                                add_spectrum_command(app),
                                add_scan_command(app),
                                add_pattern_command(app),
                                add_score_command(app),
                                add_ratemaps_command(app),
                                add_train_command(app),
                                add_loss_command(app),
                                add_evaluate_command(app),
                                add_batch_command(app),
                                add_sweep_command(app, sweep_runner),
                                add_validate_command(app),
                                add_figures_command(app)};

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
      out << version_text();
      return exit_ok;
    } catch (const CLI::ParseError& e) {
      const CLI::App* deepest = &app;
      for (const auto& c : commands)
        if (c.app->parsed()) {
          where = "gridtheory " + c.app->get_name();
          deepest = c.app;
          for (const CLI::App* sub : c.app->get_subcommands({}))
            if (sub->parsed()) deepest = sub;
        }
      std::vector<std::string> args;
      for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i]);
      err << where << ": error: " << parse_error(e, *deepest, where, args).what() << "\n";
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
    err << where << ": error: " << e.text(flag_spelling) << "\n";
    return exit_user_error;
  } catch (const sweep::RunsFailed& e) {
    err << where << ": error: " << spell_parameters(e.what(), flag_spelling) << "\n";
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
