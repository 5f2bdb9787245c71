// Figures as the project ships them: a PNG, the CSV data behind it and the gnuplot script
// that turns one into the other, so anyone can restyle without rerunning (docs/CONVENTIONS.md,
// "Files that leave the tool").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory {

struct FigureFiles {
  std::filesystem::path png;    // FILE.png, as asked for
  std::filesystem::path data;   // FILE.csv beside it
  std::filesystem::path script; // FILE.gp beside it; `gnuplot FILE.gp` (run in its folder) redraws
};
FigureFiles figure_files_for(const std::filesystem::path& png);

// The data files gnuplot reads are CSV that is never quoted: `set datafile separator ','`
// splits at every comma and does not unquote, so a quoted field (csv_row quotes one holding a
// comma) would shift its columns and lose its series. A field as such a file holds it: commas
// become ';', quotes '`', line breaks spaces. Scripts that select a series by name must compare
// with figure_field(name).
std::string figure_field(std::string_view text);
// A row of figure_field()s joined by commas, ended by "\n".
std::string figure_row(const std::vector<std::string>& fields);

// Checks that the three files can be written (before any work). Throws UserError naming option.
void check_figure_path(const std::filesystem::path& png, std::string_view option);

// Writes data and script atomically, then runs gnuplot (pngcairo) to a temporary PNG that is
// renamed into place. The script must read its data from `data_name` and write to the gnuplot
// variable `outfile`. A PNG cut short by a full disk or the file-size limit throws UserError
// naming option, the file and the reason; any other gnuplot failure throws InternalError with
// gnuplot's last message. Either way the data and script are removed again.
void render_figure(const FigureFiles& files, std::string_view csv, std::string_view script,
                   std::string_view option);

} // namespace gridtheory
