// The project's two error kinds: a user gave a bad value (exit code 2), or the program
// broke an invariant of its own (a bug, exit code 3). Every layer throws these.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gridtheory {

// A library parameter named in the library's own spelling, snake_case between braces:
// param("surround_ratio") is "{surround_ratio}". theory/ and numerics/ name parameters only this
// way, in an error's option and inside its message; each edge spells them as its users type
// them (the CLI --surround-ratio, Python the keyword surround_ratio) with spell_parameters.
std::string param(std::string_view name);

// How an edge spells a parameter name given in the library's spelling ("surround_ratio").
using ParameterSpelling = std::function<std::string(std::string_view name)>;
// `text` with every {name} (name: a lower-case letter, then lower-case letters, digits and '_')
// replaced by spell(name); all other text is left as it is.
std::string spell_parameters(std::string_view text, const ParameterSpelling& spell);

// Bad input from the user. what() is one line: "OPTION: 'VALUE' MESSAGE (allowed: ...)", or
// "OPTION MESSAGE (allowed: ...)" when there is no value to quote (a missing option). OPTION is
// a parameter in the library's spelling (param("sigma")) or an edge's own name ("--out"); an
// edge shows the line through text(spelling).
class UserError : public std::runtime_error {
public:
  UserError(std::string option, std::string value, const std::string& message,
            const std::string& allowed);
  // Without a value: "OPTION MESSAGE (allowed: ...)", e.g. "--out is required (allowed: ...)".
  static UserError without_value(std::string option, const std::string& message,
                                 const std::string& allowed);
  const std::string& option() const { return option_; }
  const std::string& value() const { return value_; }
  // What is wrong with the value, without the option, the value and the allowed part.
  const std::string& message() const { return message_; }
  // what() with every parameter spelt by `spell` (the CLI's --flag, Python's keyword).
  std::string text(const ParameterSpelling& spell) const { return spell_parameters(what(), spell); }

private:
  struct Line {
    std::string text;
  };
  UserError(Line line, std::string option, const std::string& message);
  std::string option_;
  std::string value_;
  std::string message_;
};

// A computation that ran as asked but could not go on: training whose loss became NaN or
// infinite (exit code 4). Not a bug and not a bad value by itself; the message says what was
// kept and what to try.
class DivergedError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A broken internal invariant: never the user's fault.
class InternalError : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

} // namespace gridtheory
