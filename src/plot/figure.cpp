#include "src/plot/figure.hpp"

#include "src/io/atomic_file.hpp"
#include "theory/errors.hpp"

#include <fstream>
#include <gnuplot-iostream.h>
#include <sstream>

namespace gridtheory {

namespace fs = std::filesystem;

FigureFiles figure_files_for(const fs::path& png) {
  FigureFiles f;
  f.png = png;
  f.data = fs::path(png).replace_extension(".csv");
  f.script = fs::path(png).replace_extension(".gp");
  return f;
}

void check_figure_path(const fs::path& png, std::string_view option) {
  if (png.extension() != ".png")
    throw UserError(std::string(option), png.string(), "does not end in .png", "a FILE.png path");
  if (png.string().find_first_of("'\"\n") != std::string::npos)
    throw UserError(std::string(option), png.string(), "contains a quote or newline",
                    "a path without quotes or newlines");
  const FigureFiles f = figure_files_for(png);
  check_output_path(f.png, option);
  check_output_path(f.data, option);
  check_output_path(f.script, option);
}

void render_figure(const FigureFiles& files, std::string_view csv, std::string_view script,
                   std::string_view option) {
  write_file_atomically(files.data, csv, option);
  write_file_atomically(files.script, script, option);

  const fs::path folder = fs::absolute(files.png).parent_path();
  const fs::path tmp_png = temporary_path_for(files.png);
  const fs::path log = temporary_path_for(fs::path(files.png).replace_extension(".gnuplot-log"));
  {
    // gnuplot's messages and exit status go to the log, not to our stderr.
    Gnuplot gp(std::string(GRIDTHEORY_GNUPLOT) + " > '" + log.string() +
               "' 2>&1; echo \"exit=$?\" >> '" + log.string() + "'");
    gp << "cd '" << folder.string() << "'\n";
    gp << "outfile = '" << fs::absolute(tmp_png).string() << "'\n";
    gp << "load '" << files.script.filename().string() << "'\n";
    gp << "exit\n";
  } // the destructor waits for gnuplot to finish

  std::error_code ec;
  std::string message, status;
  {
    std::ifstream in(log);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("exit=", 0) == 0)
        status = line.substr(5);
      else if (!line.empty())
        message = line;
    }
  }
  fs::remove(log, ec);
  const bool ok = status == "0" && fs::exists(tmp_png, ec) && fs::file_size(tmp_png, ec) > 0;
  if (!ok) {
    fs::remove(tmp_png, ec);
    throw InternalError("gnuplot did not produce " + files.png.string() + " (exit status " +
                        status + "): " + message);
  }
  commit_temporary(tmp_png, files.png, option);
}

} // namespace gridtheory
