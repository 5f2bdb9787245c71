// `validate`'s output folder (src/sweep/validation.hpp): the checks before any work, and every
// file written atomically, the spacing figure last.
#include "src/io/atomic_file.hpp"
#include "src/plot/figure.hpp"
#include "src/sweep/validation.hpp"
#include "src/sweep/validation_detail.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <sstream>
#include <system_error>

namespace gridtheory::sweep {

namespace fs = std::filesystem;
using namespace validation_detail;

namespace {

// The spacing figure's gnuplot script: measured against predicted spacing, one point per run,
// trainer and solver apart, with the line y = x.
std::string spacing_script(const Validation& v, const FigureFiles& files) {
  double top = 0.0;
  std::size_t n[2] = {0, 0};
  for (const SpacingPoint& p : v.spacing_points) {
    top = std::max({top, p.predicted_m, p.measured_m});
    ++n[p.source == Source::trainer ? 0 : 1];
  }
  top = top > 0.0 ? 1.1 * top : 1.0;
  const std::string data = files.data.filename().string();
  std::ostringstream gp;
  gp << "# Measured against predicted grid spacing, written by gridtheory validate; run `gnuplot "
     << files.script.filename().string() << "` in this folder to redraw.\n";
  gp << "if (!exists(\"outfile\")) outfile = '" << files.png.filename().string() << "'\n";
  gp << "set terminal pngcairo size 720,680 enhanced font 'Sans,10'\n";
  gp << "set output outfile\nset datafile separator ','\n";
  gp << "set title \"grid spacing of runs hexagonal at score_60 > "
     << key(v.options.headline_threshold) << "\" noenhanced\n";
  gp << "set xlabel 'predicted grid spacing (m)'\nset ylabel 'measured grid spacing (m)'\n";
  gp << "set grid\nset key top left\nset size square\n";
  gp << "set xrange [0:" << format_number(top) << "]\nset yrange [0:" << format_number(top)
     << "]\n";
  gp << "plot x with lines dt 2 lw 1.5 lc rgb '#555555' title 'y = x', \\\n";
  gp << "     '" << data
     << "' using 4:(strcol(1) eq 'trainer' ? $5 : NaN) skip 1 with points pt 7 ps 1.3 lc rgb "
        "'#1f4e79' title 'trainer ("
     << n[0] << " runs)', \\\n";
  gp << "     '" << data
     << "' using 4:(strcol(1) eq 'solver' ? $5 : NaN) skip 1 with points pt 9 ps 1.3 lc rgb "
        "'#c0392b' title 'solver ("
     << n[1] << " runs)'\n";
  return gp.str();
}

} // namespace

std::vector<std::string> validation_file_names() {
  return {"report.md",    "summary.json", "configs.csv", "confusion.csv", "pattern_confusion.csv",
          "failures.csv", "spacing.png",  "spacing.csv", "spacing.gp"};
}

void check_validation_dir(const fs::path& dir, const std::string& option) {
  if (dir.empty()) throw UserError(option, "", "is empty", "a folder path");
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw UserError(option, dir.string(), "exists and is not a folder", "a folder path");
  check_output_path(fs::is_directory(dir, ec) ? dir / "summary.json" : dir, option);
  if (fs::is_directory(dir, ec)) check_figure_path(dir / "spacing.png", option);
}

void write_validation(const Validation& v, const fs::path& dir, const std::string& option) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw UserError(option, dir.string(), "could not be created: " + ec.message(),
                    "a folder whose parent exists and is writable");
  write_file_atomically(dir / "report.md", validation_markdown(v), option);
  write_file_atomically(dir / "summary.json", validation_summary(v).dump(2) + "\n", option);
  write_file_atomically(dir / "configs.csv", configs_csv(v), option);
  write_file_atomically(dir / "confusion.csv", confusion_csv(v), option);
  write_file_atomically(dir / "pattern_confusion.csv", pattern_confusion_csv(v), option);
  write_file_atomically(dir / "failures.csv", failures_csv(v), option);

  // The figure: measured against predicted spacing, one point per run, y = x.
  const FigureFiles files = figure_files_for(dir / "spacing.png");
  render_figure(files, spacing_points_csv(v), spacing_script(v, files), option);
}

} // namespace gridtheory::sweep
