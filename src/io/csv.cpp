#include "src/io/csv.hpp"

#include "theory/errors.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

namespace gridtheory {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

const std::string& CsvTable::field(std::size_t row, std::string_view name) const {
  static const std::string empty;
  const auto c = column(name);
  return c ? rows.at(row).at(*c) : empty;
}

std::optional<double> CsvTable::number(std::size_t row, std::string_view name) const {
  const std::string& f = field(row, name);
  if (f.empty()) return std::nullopt;
  double v = 0.0;
  const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
  if (ec != std::errc() || end != f.data() + f.size()) {
    // from_chars does not read "nan"/"inf" spellings of every writer; accept the common ones.
    if (f == "nan" || f == "NaN") return std::nan("");
    return std::nullopt;
  }
  return v;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
}

CsvTable parse_csv(std::string_view text, std::string_view option, const std::string& source) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string fieldtext;
  bool quoted = false, field_started = false;
  std::size_t line = 1;
  const auto fail = [&](const std::string& why) {
    throw UserError(std::string(option), source,
                    "is not a valid CSV table: line " + std::to_string(line) + ": " + why,
                    "an RFC 4180 table with a header row");
  };
  const auto end_record = [&] {
    record.push_back(std::move(fieldtext));
    fieldtext.clear();
    records.push_back(std::move(record));
    record.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          fieldtext += '"';
          ++i;
        } else {
          quoted = false;
          if (i + 1 < text.size() && text[i + 1] != ',' && text[i + 1] != '\n' &&
              text[i + 1] != '\r')
            fail("text after a closing quote");
        }
      } else {
        if (c == '\n') ++line;
        fieldtext += c;
      }
      continue;
    }
    if (c == '"') {
      if (!fieldtext.empty()) fail("a quote inside an unquoted field");
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(fieldtext));
      fieldtext.clear();
      field_started = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    } else if (c == '\n') {
      end_record();
      ++line;
    } else {
      fieldtext += c;
      field_started = true;
    }
  }
  if (quoted) fail("a quoted field is not closed");
  if (field_started || !fieldtext.empty() || !record.empty()) end_record();
  if (records.empty()) fail("no header row");
  CsvTable table;
  table.header = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size())
      throw UserError(std::string(option), source,
                      "is not a valid CSV table: row " + std::to_string(r) + " has " +
                          std::to_string(records[r].size()) + " fields, the header " +
                          std::to_string(table.header.size()),
                      "rows as wide as the header");
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

CsvTable read_csv(const std::filesystem::path& path, std::string_view option) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UserError(std::string(option), path.string(), "cannot be read",
                    "an existing, readable CSV file");
  std::ostringstream s;
  s << in.rdbuf();
  return parse_csv(s.str(), option, path.string());
}

} // namespace gridtheory
