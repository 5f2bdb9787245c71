#include "src/report/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace gridtheory {

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long long s = std::llround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  else
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  return buf;
}

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) != 0;
}

ProgressLine::ProgressLine(std::ostream* out, bool tty, long long total, std::string unit,
                           std::string prefix, long long first)
    : out_(out), tty_(tty), total_(std::max(1LL, total)), unit_(std::move(unit)),
      prefix_(std::move(prefix)), first_(first), start_(std::chrono::steady_clock::now()) {}

std::string ProgressLine::line(long long done, const std::string& details, double seconds) const {
  // The rate of this process's work (a resumed run's earlier steps are not in `seconds`).
  const double rate = seconds > 0 ? static_cast<double>(done - first_) / seconds : NAN;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : NAN;
  const std::string extra = details.empty() ? std::string() : " " + details;
  char rate_text[32];
  // Three significant digits, without an exponent for fast work (8230, not 8.23e+03).
  std::snprintf(rate_text, sizeof rate_text,
                !std::isfinite(rate) ? "?"
                : rate >= 100        ? "%.0f"
                                     : "%.3g",
                rate);
  const std::string count = std::to_string(done) + "/" + std::to_string(total_);
  if (tty_) {
    constexpr int width = 24;
    const int filled = static_cast<int>(width * std::clamp(done, 0LL, total_) / total_);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(width, '.');
    return prefix_ + "[" + bar + "] " + count + extra + " " + rate_text + " " + unit_ + "s/s ETA " +
           duration_text(eta);
  }
  return prefix_ + unit_ + " " + count + extra + " " + unit_ + "s_per_s " + rate_text + " eta " +
         duration_text(eta);
}

void ProgressLine::update(long long done, const std::string& details, bool force) {
  if (!out_) return;
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_).count();
  if (printed_ && !force && since < (tty_ ? 0.2 : 10.0)) return;
  printed_ = true;
  last_ = now;
  const std::string text = line(done, details, std::chrono::duration<double>(now - start_).count());
  if (tty_) {
    *out_ << "\r" << text << "   " << std::flush;
    open_ = true;
  } else {
    *out_ << text << "\n" << std::flush;
  }
}

void ProgressLine::message(const std::string& text) {
  if (!out_) return;
  std::lock_guard lock(mutex_);
  *out_ << (open_ ? "\n" : "") << text << "\n" << std::flush;
  open_ = false;
}

void ProgressLine::finish() {
  if (!out_) return;
  std::lock_guard lock(mutex_);
  if (open_) *out_ << "\n" << std::flush;
  open_ = false;
}

} // namespace gridtheory
