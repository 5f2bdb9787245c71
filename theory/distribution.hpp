// Parameter values that are either fixed or drawn per cell/field, and the strict parsers
// for the option strings that name them ("0.12", "uniform:0.08,0.16", "poisson:1.5").
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory {

// A real parameter that is fixed or drawn uniformly on [lo, hi] (fixed: lo == hi).
struct Distribution {
  enum class Kind { fixed, uniform };
  Kind kind = Kind::fixed;
  double lo = 0.0;
  double hi = 0.0;

  static Distribution fixed(double value) { return {Kind::fixed, value, value}; }
  static Distribution uniform(double lo, double hi) { return {Kind::uniform, lo, hi}; }
  bool is_fixed() const { return kind == Kind::fixed; }
  double mean() const { return 0.5 * (lo + hi); }
  // The option syntax that parses back to this value.
  std::string to_string() const;
};

// Fields per place cell: a fixed count, or 1 + Poisson(mean) drawn per cell (NFL).
struct FieldCount {
  enum class Kind { fixed, one_plus_poisson };
  Kind kind = Kind::fixed;
  int count = 1;     // fixed count
  double mean = 0.0; // Poisson mean of the extra fields
  // Exactly one field per cell (1 + Poisson(0) included).
  bool is_single() const { return kind == Kind::fixed ? count == 1 : mean == 0.0; }
  std::string to_string() const;
};

// Allowed values of a parameter: value > min (strict) or value >= min, and value <= max.
struct Range {
  double min;
  bool strict;
  const char* what; // e.g. "a width in metres"
  double max = std::numeric_limits<double>::infinity();
};

// Allowed values of a whole-number parameter (a count, a seed): min <= value <= max; `what`
// says what it counts ("threads", "bins per side"). One constant per parameter serves its text
// parser (the CLI) and its typed check (the application layer, Python).
struct CountRange {
  long long min;
  long long max;
  const char* what;
};

// A finite real number spanning the whole text. Throws UserError(option, text, ...).
double parse_number(std::string_view option, std::string_view text, const Range& bound);
// A whole number spanning the whole text, in [min, max].
long long parse_count(std::string_view option, std::string_view text, long long min, long long max,
                      const char* what);
long long parse_count(std::string_view option, std::string_view text, const CountRange& range);
// A whole number spanning the whole text, not yet held to `range` (which only words the error):
// for a parameter whose applicability is checked before its range (the typed check,
// require_count_in_range, follows).
long long parse_whole(std::string_view option, std::string_view text, const CountRange& range);
// "V" or "uniform:LO,HI" with LO < HI, each value satisfying `bound`.
Distribution parse_distribution(std::string_view option, std::string_view text, const Range& bound);
// "N" (N >= 1) or "poisson:MEAN" (MEAN >= 0): the number of fields per cell.
FieldCount parse_field_count(std::string_view option, std::string_view text);

// The same rules for values that arrive typed (from Python or a caller of the library): each
// throws the UserError its parser would, quoting the value as to_string() writes it.
void require_in_range(std::string_view option, double value, const Range& bound);
void require_in_range(std::string_view option, const Distribution& value, const Range& bound);
void require_count_in_range(std::string_view option, long long value, long long min, long long max,
                            const char* what);
void require_count_in_range(std::string_view option, long long value, const CountRange& range);
void require_valid(std::string_view option, const FieldCount& value);
// A count that arrives as a real number (a Python float such as 256.0): the value when it is a
// whole number, else the UserError parse_count throws for text that is not one ("is not a whole
// number"; "is out of range" beyond the range of long long). The range is the caller's to check.
long long require_whole(std::string_view option, double value, const CountRange& range);

// "LO:HI:STEP" (a scan): LO <= HI, STEP > 0, at most 100000 values; HI is included when it
// lies on the grid (to 1e-9 of a step). Each value must satisfy `bound`.
std::vector<double> parse_range(std::string_view option, std::string_view text, const Range& bound);
// True when `text` has the scan form (two colons, no distribution prefix).
bool is_range(std::string_view text);

// Shortest text that reads back to the same double (used for printing parameters).
std::string format_number(double value);

} // namespace gridtheory
