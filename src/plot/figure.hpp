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

// The lines every figure script starts with: a comment naming `what` and how to redraw, the
// output file, pngcairo at width x height pixels in Sans at font_pt points, CSV input. The
// terminal is noenhanced, so that an underscore (score_60, sigma_E) is never read as a subscript
// and every label shows the names the outputs use; UTF-8 draws Greek letters (π) as they are.
std::string figure_preamble(const FigureFiles& files, int width_px, int height_px, double font_pt,
                            std::string_view what);

// How many characters of Sans at font_pt points fit in width_px pixels. pngcairo draws this
// project's labels at 0.65 font_pt pixels a character on average (measured on a 115-character
// encoding description at 8 and 10 points); 0.72 leaves room for wider words.
std::size_t characters_fitting(double width_px, double font_pt);

// `text` broken at spaces into lines of at most `columns` characters; its own line breaks are
// kept, and a word longer than a line stands alone on its line.
std::string wrap_text(std::string_view text, std::size_t columns);

// `text` as a gnuplot double-quoted string: backslashes and double quotes escaped, line breaks
// written as \n (which gnuplot draws as new lines), backquotes (which would run a command) as '.
std::string gnuplot_quoted(std::string_view text);

// A title, label or key text that fits width_px pixels at font_pt points: wrapped, then quoted.
std::string fitted_text(std::string_view text, double width_px, double font_pt);

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
