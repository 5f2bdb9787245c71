#include "src/plot/figure.hpp"

#include "src/io/atomic_file.hpp"
#include "theory/errors.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <gnuplot-iostream.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace gridtheory {

namespace fs = std::filesystem;

namespace {

// A PNG ends with the 12-byte IEND chunk; a file cut short by a write error does not.
bool png_is_complete(const fs::path& png) {
  static const char iend[] = "\0\0\0\0IEND\xae\x42\x60\x82";
  std::ifstream in(png, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() < 20) return false;
  in.seekg(-12, std::ios::end);
  char tail[12];
  in.read(tail, 12);
  return in && std::equal(tail, tail + 12, iend);
}

// Why a file of `size` bytes in `folder` was cut short, when the system tells: the file-size
// limit (ulimit -f) reached or no space left. Empty when neither holds (a gnuplot failure).
std::string write_failure_reason(const fs::path& folder, std::uintmax_t size) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      size >= limit.rlim_cur)
    return std::strerror(EFBIG);
  struct statvfs fs_stat {};
  if (::statvfs(folder.c_str(), &fs_stat) == 0 &&
      (fs_stat.f_bfree == 0 || (::geteuid() != 0 && fs_stat.f_bavail == 0)))
    return std::strerror(ENOSPC);
  return "";
}

} // namespace

FigureFiles figure_files_for(const fs::path& png) {
  FigureFiles f;
  f.png = png;
  f.data = fs::path(png).replace_extension(".csv");
  f.script = fs::path(png).replace_extension(".gp");
  return f;
}

std::string figure_field(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == ',') c = ';';
    if (c == '"' || c == '\'') c = '`';
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string figure_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i)
    out += (i ? "," : "") + figure_field(fields[i]);
  return out + "\n";
}

std::string figure_preamble(const FigureFiles& files, int width_px, int height_px, double font_pt,
                            std::string_view what) {
  std::ostringstream gp;
  gp << "# " << what << " written by gridtheory; run `gnuplot " << files.script.filename().string()
     << "` in this folder to redraw.\n"
     << "if (!exists(\"outfile\")) outfile = '" << files.png.filename().string() << "'\n"
     << "set encoding utf8\n"
     << "set terminal pngcairo size " << width_px << "," << height_px << " noenhanced font 'Sans,"
     << font_pt << "'\n"
     << "set output outfile\nset datafile separator ','\n";
  return gp.str();
}

std::size_t characters_fitting(double width_px, double font_pt) {
  if (!(width_px > 0.0) || !(font_pt > 0.0)) return 1;
  return std::max<std::size_t>(1, static_cast<std::size_t>(width_px / (0.72 * font_pt)));
}

std::string wrap_text(std::string_view text, std::size_t columns) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    // One given line, broken greedily at spaces (runs of spaces count as one).
    std::string current;
    for (std::size_t pos = start; pos < end;) {
      const std::size_t space = std::min(text.find(' ', pos), end);
      const std::string_view word = text.substr(pos, space - pos);
      pos = space + 1;
      if (word.empty()) continue;
      if (!current.empty() && current.size() + 1 + word.size() > columns) {
        out += current + "\n";
        current.clear();
      }
      current += (current.empty() ? "" : " ") + std::string(word);
    }
    out += current;
    if (end == text.size()) return out;
    out += '\n';
    start = end + 1;
  }
}

std::string gnuplot_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '\\' || c == '"')
      out += std::string("\\") + c;
    else if (c == '\n')
      out += "\\n";
    else if (c == '`') // gnuplot substitutes a command between backquotes, even in a string
      out += '\'';
    else if (c != '\r')
      out += c;
  }
  return out + "\"";
}

std::string fitted_text(std::string_view text, double width_px, double font_pt) {
  return gnuplot_quoted(wrap_text(text, characters_fitting(width_px, font_pt)));
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
  // gnuplot exits 0 even when its PNG was cut short by a full disk: check the PNG's last chunk.
  const bool ok = status == "0" && png_is_complete(tmp_png);
  if (!ok) {
    const std::uintmax_t size = fs::exists(tmp_png, ec) ? fs::file_size(tmp_png, ec) : 0;
    // No figure is left half-made: without its PNG the data and script go too.
    for (const fs::path& p : {tmp_png, files.data, files.script})
      fs::remove(p, ec);
    const std::string reason = write_failure_reason(folder, size);
    if (!reason.empty())
      throw UserError(std::string(option), files.png.string(), "could not be written: " + reason,
                      "");
    throw InternalError("gnuplot did not produce " + files.png.string() + " (exit status " +
                        status + "): " + message);
  }
  commit_temporary(tmp_png, files.png, option);
}

} // namespace gridtheory
