// The project's two error kinds: a user gave a bad value (exit code 2), or the program
// broke an invariant of its own (a bug, exit code 3). Every layer throws these.
#pragma once

#include <stdexcept>
#include <string>

namespace gridtheory {

// Bad input from the user. what() is one line: "OPTION: 'VALUE' MESSAGE (allowed: ...)", or
// "OPTION MESSAGE (allowed: ...)" when there is no value to quote (a missing option).
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
