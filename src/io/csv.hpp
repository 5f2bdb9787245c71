// CSV tables (RFC 4180): what `sweep collect` writes and `validate` / `figures` read.
// A table is a header row and rows of text fields; numbers are parsed by the reader's user.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows; // every row has header.size() fields

  // The index of column `name`, or nullopt.
  std::optional<std::size_t> column(std::string_view name) const;
  // The field of `row` in column `name`; empty when the column does not exist.
  const std::string& field(std::size_t row, std::string_view name) const;
  // The field as a number; nullopt when the column is missing, the field empty or not a number.
  std::optional<double> number(std::size_t row, std::string_view name) const;
};

// One field, quoted when it holds a comma, a quote, a carriage return or a newline.
std::string csv_field(std::string_view text);
// A whole row: fields joined by commas, ended by "\n".
std::string csv_row(const std::vector<std::string>& fields);

// Parses CSV text (quoted fields may hold commas, doubled quotes and newlines; "\r\n" and "\n"
// both end rows; a final newline is optional). Every row must have as many fields as the header.
// Errors are UserErrors naming `option` and `source` (the path) and the row.
CsvTable parse_csv(std::string_view text, std::string_view option, const std::string& source);
// Reads and parses `path`.
CsvTable read_csv(const std::filesystem::path& path, std::string_view option);

} // namespace gridtheory
