// Progress of long work on stderr, one definition for train, pattern and sweep run: on a terminal
// one line rewritten in place ("\r") with a bar, the count, the rate and the ETA; elsewhere (a
// log, a pipe, a sweep run's log.txt) plain lines, the first at once, then at most one every
// 10 s, and always the last.
#pragma once

#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

namespace gridtheory {

// "1h05m" from an hour up, "3m07s" below; "?" for no estimate (NaN, infinite or negative).
std::string duration_text(double seconds);

// True when stderr is a terminal (the carriage-return line), false for a file or a pipe.
bool stderr_is_terminal();

class ProgressLine {
public:
  // `total` units of work named `unit` ("step", "run"); `prefix` starts every line
  // ("pattern: ", "sweep: rank 1 "). The rate and the ETA count from `first` (a resumed run's
  // step) and from the moment of construction. `out` null: nothing is printed.
  ProgressLine(std::ostream* out, bool tty, long long total, std::string unit,
               std::string prefix = {}, long long first = 0);
  // `done` of `total`, with `details` ("loss 0.12 ...") after the count. Printed when `force`, on
  // the first call, and then every 0.2 s on a terminal or 10 s otherwise. Thread-safe.
  void update(long long done, const std::string& details = {}, bool force = false);
  // A line of its own (a terminal's progress line is ended first, and redrawn by the next
  // update). Thread-safe.
  void message(const std::string& line);
  // Ends the terminal line after the last update (nothing to do for plain lines).
  void finish();
  // What update(done, details) prints, without the terminal's leading "\r" and padding (tests
  // and the plain lines use it).
  std::string line(long long done, const std::string& details, double seconds) const;

private:
  std::ostream* out_;
  bool tty_;
  long long total_;
  std::string unit_, prefix_;
  long long first_;
  bool printed_ = false, open_ = false;
  std::chrono::steady_clock::time_point start_, last_;
  std::mutex mutex_;
};

} // namespace gridtheory
