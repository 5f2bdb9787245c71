// How values read in the text outputs meant for people (predict, pattern, train, evaluate,
// validate, score's note): one token for a missing value and one form for a fraction, the same
// in every subcommand (docs/CONVENTIONS.md, "Files that leave the tool"). Machine outputs keep
// their own encodings: `nan` in CSV, `null` in JSON.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace gridtheory {

// A value that does not exist or is undefined (no unit above the threshold, a NaN score).
inline constexpr const char* missing_text = "n/a";

// `significant` significant digits (%g), or missing_text for NaN and infinities.
inline std::string text_number(double v, int significant = 4) {
  if (!std::isfinite(v)) return missing_text;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return buf;
}

// text_number followed by " UNIT" ("0.892 m"), or missing_text alone ("n/a", not "n/a m").
inline std::string text_number(double v, const char* unit, int significant = 4) {
  return std::isfinite(v) ? text_number(v, significant) + " " + unit : missing_text;
}

// A fraction in [0, 1] as a percentage with up to 3 significant digits: 0.0625 -> "6.25%",
// 0.4375 -> "43.8%", 1 -> "100%"; missing_text for NaN.
inline std::string text_percent(double fraction) {
  if (!std::isfinite(fraction)) return missing_text;
  return text_number(100.0 * fraction, 3) + "%";
}

} // namespace gridtheory
