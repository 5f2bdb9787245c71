#include "src/plot/result_rows.hpp"

#include "src/io/sweep_folder.hpp"
#include "src/params/encoding_text.hpp"
#include "src/report/score_table.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <exception>

namespace gridtheory {

namespace fs = std::filesystem;

bool ResultRow::single_width() const {
  return !multi_field() && !heterogeneous();
}

bool ResultRow::heterogeneous() const {
  return !encoding.sigma_m.is_fixed() ||
         (encoding.surround && !encoding.surround->value.is_fixed());
}

std::vector<const ResultRow*> ResultTable::of(std::string_view command) const {
  std::vector<const ResultRow*> out;
  for (const auto& r : rows)
    if (r.command == command) out.push_back(&r);
  return out;
}

ResultTable make_result_table(CsvTable table, const fs::path& dir, std::string_view option,
                              const std::string& source) {
  for (const char* column : {"run_id", "command", "status"})
    if (!table.column(column))
      throw UserError(std::string(option), source,
                      "is not a sweep results table: it has no column " + std::string(column),
                      "a results.csv written by `gridtheory sweep collect`");
  ResultTable out;
  out.dir = dir;
  out.table = std::move(table);
  const CsvTable& t = out.table;
  const auto opt = [&](std::size_t i, const char* name) -> std::optional<std::string> {
    const std::string& f = t.field(i, std::string("opt.") + name);
    if (f.empty()) return std::nullopt;
    return f;
  };
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (t.field(i, "status") != "done") {
      ++out.not_done;
      continue;
    }
    ResultRow r;
    r.row = i;
    r.run_id = t.field(i, "run_id");
    r.command = t.field(i, "command");
    const EncodingSpec spec = encoding_spec_from([&](const char* name) { return opt(i, name); });
    try {
      r.encoding = make_encoding(spec);
      // The box as the run read it (a NaN or negative side would reach the theory as one).
      const auto box = opt(i, "box");
      r.box_m =
          box ? parse_number("--box", *box, {0.0, true, "a side in metres"}) : defaults::box_m;
    } catch (const UserError&) {
      ++out.refused; // the run itself would have refused these options; nothing to draw
      continue;
    }
    r.activation = opt(i, "activation").value_or(defaults::activation);
    r.folder = sweep::run_folder(dir, r.run_id);
    for (std::size_t c = 0; c < t.header.size(); ++c) {
      const auto v = t.number(i, t.header[c]);
      if (!v || std::isfinite(*v)) continue;
      ++out.non_finite_fields;
      if (std::find(out.non_finite_columns.begin(), out.non_finite_columns.end(), t.header[c]) ==
          out.non_finite_columns.end())
        out.non_finite_columns.push_back(t.header[c]);
    }
    out.rows.push_back(std::move(r));
  }
  std::sort(out.non_finite_columns.begin(), out.non_finite_columns.end());
  return out;
}

ResultTable read_results(const fs::path& csv, std::string_view option) {
  CsvTable table = read_csv(csv, option);
  fs::path dir = csv.parent_path();
  if (dir.empty()) dir = ".";
  return make_result_table(std::move(table), dir, option, csv.string());
}

std::vector<UnitScore> read_unit_scores(const ResultRow& row) {
  fs::path file;
  if (row.command == "train")
    file = row.folder / "scores.csv";
  else if (row.command == "pattern")
    file = row.folder / "metrics.csv";
  else
    return {};
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return {};
  CsvTable t;
  try {
    t = read_csv(file, "--results");
  } catch (const std::exception&) {
    return {};
  }
  // The index column is "unit"; pattern runs written before it was named so say "map".
  const char* id = t.column(unit_column) ? unit_column : legacy_unit_column;
  std::vector<UnitScore> out;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto s60 = t.number(i, "score_60");
    const auto s90 = t.number(i, "score_90");
    if (!s60 || !s90) continue;
    out.push_back({static_cast<int>(t.number(i, id).value_or(static_cast<double>(i))), *s60, *s90});
  }
  return out;
}

} // namespace gridtheory
