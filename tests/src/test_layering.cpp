// The layering of src/README.md, checked on the source tree: theory/ -> numerics/ -> src/, and
// inside src/ io (with the generated src/version.hpp), params, report, plot, train, sweep, app,
// cli, mpi, each folder including only its own and lower ones. A new folder under src/ fails until
// it has its place in the order (here and in src/README.md).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// Bottom to top.
const std::vector<std::string>& layer_order() {
  static const std::vector<std::string> order{"theory",     "numerics", "src/io",    "src/params",
                                              "src/report", "src/plot", "src/train", "src/sweep",
                                              "src/app",    "src/cli",  "src/mpi"};
  return order;
}

// The layer of a path relative to the repository root ("src/plot/figure.hpp" -> "src/plot");
// the files directly in src/ (version.hpp) sit with io at the bottom of src/.
std::optional<std::string> layer_of(const std::string& path) {
  const auto slash = path.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const std::string top = path.substr(0, slash);
  if (top == "theory" || top == "numerics") return top;
  if (top != "src") return std::nullopt;
  const auto second = path.find('/', slash + 1);
  if (second == std::string::npos) return std::string("src/io");
  return path.substr(0, second);
}

long rank_of(const std::string& layer) {
  const auto& order = layer_order();
  const auto it = std::find(order.begin(), order.end(), layer);
  return it == order.end() ? -1 : static_cast<long>(it - order.begin());
}

// The quoted includes of a file: `#include "X"`.
std::vector<std::string> quoted_includes(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line.compare(start, 8, "#include") != 0) continue;
    const auto open = line.find('"', start);
    const auto close = open == std::string::npos ? open : line.find('"', open + 1);
    if (close != std::string::npos) out.push_back(line.substr(open + 1, close - open - 1));
  }
  return out;
}

} // namespace

TEST_CASE("layer_of and rank_of place paths in the documented order", "[layering]") {
  CHECK(layer_of("theory/encoding.hpp") == std::optional<std::string>("theory"));
  CHECK(layer_of("src/plot/result_rows.cpp") == std::optional<std::string>("src/plot"));
  CHECK(layer_of("src/version.hpp") == std::optional<std::string>("src/io"));
  CHECK(layer_of("python/module.cpp") == std::nullopt);
  CHECK(rank_of("src/plot") < rank_of("src/sweep"));
  CHECK(rank_of("numerics") < rank_of("src/io"));
  CHECK(rank_of("src/sweep") < rank_of("src/app"));
  CHECK(rank_of("src/app") < rank_of("src/cli"));
}

TEST_CASE("no file of theory, numerics or src includes a header of a layer above its own",
          "[layering]") {
  const fs::path root = GRIDTHEORY_SOURCE_DIR;
  std::vector<std::string> upward, unknown;
  std::size_t files = 0, checked = 0;
  for (const char* top : {"theory", "numerics", "src"})
    for (const auto& e : fs::recursive_directory_iterator(root / top)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
      const std::string path = fs::relative(e.path(), root).generic_string();
      const std::string from = layer_of(path).value_or("?");
      if (rank_of(from) < 0) {
        unknown.push_back(path);
        continue;
      }
      ++files;
      for (const std::string& include : quoted_includes(e.path())) {
        const auto to = layer_of(include);
        if (!to) continue; // a system or third-party header
        ++checked;
        if (rank_of(*to) < 0)
          unknown.push_back(path + " includes " + include);
        else if (rank_of(*to) > rank_of(from))
          upward.push_back(path + " (" + from + ") includes " + include + " (" + *to + ")");
      }
    }
  INFO("upward: " << Catch::Detail::stringify(upward));
  INFO("not in the order: " << Catch::Detail::stringify(unknown));
  CHECK(files > 100);
  CHECK(checked > 300);
  CHECK(upward.empty());
  CHECK(unknown.empty());
}

TEST_CASE("the Python module binds the library and the app layer, never the command line",
          "[layering]") {
  const fs::path root = GRIDTHEORY_SOURCE_DIR;
  std::vector<std::string> cli;
  std::size_t app = 0;
  for (const auto& e : fs::directory_iterator(root / "python")) {
    const std::string ext = e.path().extension().string();
    if (!e.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    for (const std::string& include : quoted_includes(e.path())) {
      const auto to = layer_of(include);
      if (to == std::optional<std::string>("src/cli") ||
          to == std::optional<std::string>("src/mpi"))
        cli.push_back(e.path().filename().string() + " includes " + include);
      if (to == std::optional<std::string>("src/app")) ++app;
    }
  }
  INFO("command-line includes: " << Catch::Detail::stringify(cli));
  CHECK(cli.empty());
  CHECK(app >= 5); // predict, spectrum, scan, score, pattern, train, ... go through src/app
}
