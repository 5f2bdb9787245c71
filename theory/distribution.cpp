#include "theory/distribution.hpp"

#include "theory/errors.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace gridtheory {

namespace {

// Only the bounds that matter: none is printed for a range that is open on that side (a lower
// bound of -infinity or the lowest double, an upper bound of +infinity).
std::string allowed_text(const Range& b) {
  const bool has_min = b.strict || b.min > std::numeric_limits<double>::lowest();
  const bool has_max = b.max < std::numeric_limits<double>::max();
  std::string text = b.what;
  if (has_min) text += (b.strict ? " > " : " >= ") + format_number(b.min);
  if (has_max) text += (has_min ? " and <= " : " <= ") + format_number(b.max);
  return text;
}

bool satisfies(double v, const Range& b) {
  return (b.strict ? v > b.min : v >= b.min) && v <= b.max;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// Parses a whole finite number or returns false; never throws.
bool read_double(std::string_view text, double& out) {
  text = trim(text);
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

std::string distribution_allowed_text(const Range& b) {
  return allowed_text(b) + ", or uniform:LO,HI with LO < HI";
}

std::string count_allowed_text(long long min, long long max, const char* what) {
  return std::string(what) + ", a whole number from " + std::to_string(min) + " to " +
         std::to_string(max);
}

constexpr long long kMaxFieldCount = 1000000;
constexpr const char* kFieldCountAllowed =
    "a whole number from 1 to 1000000, or poisson:MEAN (1 + Poisson(MEAN) fields, MEAN >= 0)";

} // namespace

std::string format_number(double value) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, ptr) : std::string("nan");
}

std::string Distribution::to_string() const {
  if (is_fixed()) return format_number(lo);
  return "uniform:" + format_number(lo) + "," + format_number(hi);
}

std::string FieldCount::to_string() const {
  if (kind == Kind::fixed) return std::to_string(count);
  return "poisson:" + format_number(mean);
}

double parse_number(std::string_view option, std::string_view text, const Range& bound) {
  double v = 0.0;
  if (!read_double(text, v))
    throw UserError(std::string(option), std::string(text), "is not a finite number",
                    allowed_text(bound));
  if (!satisfies(v, bound))
    throw UserError(std::string(option), std::string(text), "is out of range", allowed_text(bound));
  return v;
}

long long parse_count(std::string_view option, std::string_view text, long long min, long long max,
                      const char* what) {
  const std::string allowed = count_allowed_text(min, max, what);
  std::string_view t = trim(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  long long v = 0;
  const char* end = t.data() + t.size();
  auto [ptr, ec] = std::from_chars(t.data(), end, v);
  if (ec == std::errc::result_out_of_range && ptr == end)
    throw UserError(std::string(option), std::string(text), "is out of range", allowed);
  if (t.empty() || ec != std::errc() || ptr != end)
    throw UserError(std::string(option), std::string(text), "is not a whole number", allowed);
  if (v < min || v > max)
    throw UserError(std::string(option), std::string(text), "is out of range", allowed);
  return v;
}

Distribution parse_distribution(std::string_view option, std::string_view text,
                                const Range& bound) {
  constexpr std::string_view prefix = "uniform:";
  const std::string allowed = distribution_allowed_text(bound);
  if (trim(text).substr(0, prefix.size()) != prefix) {
    double v = 0.0;
    if (!read_double(text, v))
      throw UserError(std::string(option), std::string(text),
                      "is neither a number nor a distribution", allowed);
    if (!satisfies(v, bound))
      throw UserError(std::string(option), std::string(text), "is out of range", allowed);
    return Distribution::fixed(v);
  }
  const std::string_view body = trim(text).substr(prefix.size());
  const auto comma = body.find(',');
  double lo = 0.0, hi = 0.0;
  if (comma == std::string_view::npos || !read_double(body.substr(0, comma), lo) ||
      !read_double(body.substr(comma + 1), hi))
    throw UserError(std::string(option), std::string(text), "is a malformed distribution", allowed);
  if (!satisfies(lo, bound) || !satisfies(hi, bound) || !(lo < hi))
    throw UserError(std::string(option), std::string(text), "is out of range", allowed);
  return Distribution::uniform(lo, hi);
}

void require_in_range(std::string_view option, double value, const Range& bound) {
  if (!std::isfinite(value))
    throw UserError(std::string(option), format_number(value), "is not a finite number",
                    allowed_text(bound));
  if (!satisfies(value, bound))
    throw UserError(std::string(option), format_number(value), "is out of range",
                    allowed_text(bound));
}

void require_in_range(std::string_view option, const Distribution& value, const Range& bound) {
  // Non-finite values get the words the parser has for their text ("nan", "uniform:nan,1").
  if (!std::isfinite(value.lo) || !std::isfinite(value.hi))
    throw UserError(std::string(option), value.to_string(),
                    value.is_fixed() ? "is neither a number nor a distribution"
                                     : "is a malformed distribution",
                    distribution_allowed_text(bound));
  const bool fixed_ok = value.is_fixed() && value.lo == value.hi;
  const bool uniform_ok = !value.is_fixed() && value.lo < value.hi;
  if (!std::isfinite(value.lo) || !std::isfinite(value.hi) || !satisfies(value.lo, bound) ||
      !satisfies(value.hi, bound) || !(fixed_ok || uniform_ok))
    throw UserError(std::string(option), value.to_string(), "is out of range",
                    distribution_allowed_text(bound));
}

void require_count_in_range(std::string_view option, long long value, long long min, long long max,
                            const char* what) {
  if (value < min || value > max)
    throw UserError(std::string(option), std::to_string(value), "is out of range",
                    count_allowed_text(min, max, what));
}

long long parse_count(std::string_view option, std::string_view text, const CountRange& range) {
  return parse_count(option, text, range.min, range.max, range.what);
}

long long parse_whole(std::string_view option, std::string_view text, const CountRange& range) {
  try {
    return parse_count(option, text, std::numeric_limits<long long>::min(),
                       std::numeric_limits<long long>::max(), range.what);
  } catch (const UserError& e) {
    // The same error, with the allowed values of the parameter's own range.
    throw UserError(e.option(), e.value(), e.message(),
                    count_allowed_text(range.min, range.max, range.what));
  }
}

void require_count_in_range(std::string_view option, long long value, const CountRange& range) {
  require_count_in_range(option, value, range.min, range.max, range.what);
}

long long require_whole(std::string_view option, double value, const CountRange& range) {
  const std::string allowed = count_allowed_text(range.min, range.max, range.what);
  if (!std::isfinite(value) || value != std::floor(value))
    throw UserError(std::string(option), format_number(value), "is not a whole number", allowed);
  // 2^63 is the first double beyond long long.
  if (std::fabs(value) >= 9223372036854775808.0)
    throw UserError(std::string(option), format_number(value), "is out of range", allowed);
  return static_cast<long long>(value);
}

void require_valid(std::string_view option, const FieldCount& value) {
  const bool ok = value.kind == FieldCount::Kind::fixed
                      ? value.count >= 1 && value.count <= kMaxFieldCount
                      : std::isfinite(value.mean) && value.mean >= 0.0;
  if (!ok)
    throw UserError(std::string(option), value.to_string(), "is out of range", kFieldCountAllowed);
}

bool is_range(std::string_view text) {
  const std::string_view t = trim(text);
  return std::count(t.begin(), t.end(), ':') == 2 && t.substr(0, 8) != "uniform:" &&
         t.substr(0, 8) != "poisson:";
}

std::vector<double> parse_range(std::string_view option, std::string_view text,
                                const Range& bound) {
  const std::string allowed =
      "LO:HI:STEP with LO <= HI, STEP > 0, at most 100000 values, each " + allowed_text(bound);
  const std::string_view t = trim(text);
  const auto c1 = t.find(':'), c2 = t.find(':', c1 + 1);
  double lo = 0.0, hi = 0.0, step = 0.0;
  if (c1 == std::string_view::npos || c2 == std::string_view::npos ||
      !read_double(t.substr(0, c1), lo) || !read_double(t.substr(c1 + 1, c2 - c1 - 1), hi) ||
      !read_double(t.substr(c2 + 1), step))
    throw UserError(std::string(option), std::string(text), "is a malformed range", allowed);
  if (!(step > 0.0) || !(lo <= hi) || !satisfies(lo, bound) || !satisfies(hi, bound))
    throw UserError(std::string(option), std::string(text), "is out of range", allowed);
  const double count = std::floor((hi - lo) / step + 1e-9) + 1.0;
  if (count > 100000.0)
    throw UserError(std::string(option), std::string(text), "has too many values", allowed);
  std::vector<double> values;
  for (int i = 0; i < static_cast<int>(count); ++i)
    values.push_back(lo + i * step);
  return values;
}

FieldCount parse_field_count(std::string_view option, std::string_view text) {
  constexpr std::string_view prefix = "poisson:";
  const char* allowed = kFieldCountAllowed;
  const std::string_view t = trim(text);
  FieldCount fc;
  if (t.substr(0, prefix.size()) == prefix) {
    double mean = 0.0;
    if (!read_double(t.substr(prefix.size()), mean))
      throw UserError(std::string(option), std::string(text), "is a malformed distribution",
                      allowed);
    if (mean < 0.0)
      throw UserError(std::string(option), std::string(text), "is out of range", allowed);
    fc.kind = FieldCount::Kind::one_plus_poisson;
    fc.mean = mean;
    return fc;
  }
  long long n = 0;
  const char* end = t.data() + t.size();
  auto [ptr, ec] = std::from_chars(t.data(), end, n);
  if (t.empty() || ec != std::errc() || ptr != end)
    throw UserError(std::string(option), std::string(text), "is neither a count nor a distribution",
                    allowed);
  if (n < 1 || n > kMaxFieldCount)
    throw UserError(std::string(option), std::string(text), "is out of range", allowed);
  fc.count = static_cast<int>(n);
  return fc;
}

} // namespace gridtheory
