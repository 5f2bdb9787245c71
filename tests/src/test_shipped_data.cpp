// Shipped data found relative to the running executable (src/io/shipped_data.hpp): the install
// layout's PREFIX/share/gridtheory for PREFIX/bin/gridtheory, then the build tree's
// share/gridtheory beside the binary. The installed binary itself is checked by
// tests/consumer/install_and_consume.sh.
#include "src/io/shipped_data.hpp"
#include "tests/src/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace gridtheory;
namespace fs = std::filesystem;

TEST_CASE("Shipped data: an installed binary looks in PREFIX/share/gridtheory, then beside itself",
          "[shipped_data]") {
  const std::vector<fs::path> dirs = shipped_data_dirs("/opt/gt/bin/gridtheory");
  REQUIRE(dirs.size() == 2);
  CHECK(dirs[0] == fs::path("/opt/gt/share/gridtheory"));
  CHECK(dirs[1] == fs::path("/opt/gt/bin/share/gridtheory"));
  // A build tree's binary: <build>/gridtheory reads <build>/share/gridtheory.
  CHECK(shipped_data_dirs("/src/build/gridtheory")[1] == fs::path("/src/build/share/gridtheory"));
}

TEST_CASE("Shipped data: the first folder holding the file wins, folders and absent files do not "
          "count",
          "[shipped_data]") {
  test::TempFolder tmp("shipped-data");
  const fs::path exe = tmp.path / "bin" / "gridtheory";
  const fs::path rel = "sweeps/figures.toml";
  const auto write = [](const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "name = \"x\"\n";
  };
  CHECK_FALSE(find_shipped_file(exe, rel));
  // A folder with the file's name is not the file.
  fs::create_directories(tmp.path / "share/gridtheory/sweeps/figures.toml");
  CHECK_FALSE(find_shipped_file(exe, rel));
  write(tmp.path / "bin/share/gridtheory/sweeps/figures.toml");
  CHECK(find_shipped_file(exe, rel) == tmp.path / "bin/share/gridtheory/sweeps/figures.toml");
  fs::remove(tmp.path / "share/gridtheory/sweeps/figures.toml");
  write(tmp.path / "share/gridtheory/sweeps/figures.toml");
  CHECK(find_shipped_file(exe, rel) == tmp.path / "share/gridtheory/sweeps/figures.toml");
}

TEST_CASE("Shipped data: the running executable is this test program", "[shipped_data]") {
  const fs::path self = running_executable();
  CHECK(self.is_absolute());
  CHECK(self.filename() == "test_src");
  CHECK(fs::is_regular_file(self));
}
