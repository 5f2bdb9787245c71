// `gridtheory predict` and `spectrum` end to end: outputs, reference numbers, files.
#include "tests/src/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
using nlohmann::json;

namespace {
json predict_json(std::initializer_list<std::string> extra) {
  std::vector<std::string> args{"predict", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_cli(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  REQUIRE(r.err.empty());
  return json::parse(r.out);
}
std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
} // namespace

// docs/CONVENTIONS.md, "The theory's reference numbers".
TEST_CASE("predict reproduces the theory's reference numbers for NFL's ideal target") {
  SECTION("NFL surround ratio 2: k* 8.011 rad/m, grid spacing 0.906 m") {
    const json j = predict_json({"--encoding", "dos", "--sigma", "0.12", "--surround-ratio", "2"});
    CHECK(j["pattern"] == "hexagonal");
    CHECK(j["method"] == "analytic");
    CHECK(j["k_star_per_m"].get<double>() == Approx(8.011).epsilon(0.002));
    CHECK(j["grid_spacing_m"].get<double>() == Approx(0.906).epsilon(0.002));
    CHECK(j["wavelength_m"].get<double>() == Approx(0.784).epsilon(0.002));
    CHECK(j["sigma_i_m"].get<double>() == Approx(0.24));
    CHECK(j["encoding"]["surround_convention"] == "ratio");
    CHECK(j["encoding"]["sigma_i_m"].get<double>() == Approx(0.24));
  }
  SECTION("Sorscher surround variance ratio 2: k* 9.812 rad/m, grid spacing 0.739 m") {
    const json j = predict_json({"--surround-variance-ratio", "2"});
    CHECK(j["pattern"] == "hexagonal");
    CHECK(j["k_star_per_m"].get<double>() == Approx(9.812).epsilon(0.002));
    CHECK(j["grid_spacing_m"].get<double>() == Approx(0.739).epsilon(0.002));
    CHECK(j["sigma_i_m"].get<double>() == Approx(0.1697).epsilon(0.001));
    CHECK(j["encoding"]["surround_convention"] == "variance_ratio");
    CHECK(j["encoding"]["surround_ratio"].get<double>() == Approx(std::sqrt(2.0)));
  }
  SECTION("the defaults are NFL's ideal target and are written out resolved") {
    const json j = predict_json({});
    CHECK(j["encoding"]["name"] == "dos");
    CHECK(j["encoding"]["sigma_m"].get<double>() == 0.12);
    CHECK(j["encoding"]["surround_ratio"].get<double>() == 2.0);
    CHECK(j["encoding"]["cells"] == 512);
    CHECK(j["box_m"].get<double>() == 2.2);
    CHECK(j["activation"] == "relu");
    CHECK(j["seed"] == 0);
    CHECK(j["periodic"] == false);
    // Convention change: solid walls (the default) hold the standing waves cos(n pi x / L), so
    // the lowest mode is pi / L = 1.428 rad/m (it was reported as 2 pi / L = 2.856 before);
    // --periodic keeps 2 pi / L.
    CHECK(j["box_lowest_mode_per_m"].get<double>() == Approx(1.428).epsilon(0.001));
    CHECK(j["box_lattice"]["lowest_mode_per_m"].get<double>() == Approx(1.428).epsilon(0.001));
    CHECK(j["box_lattice"]["lowest_mode"] == "pi/L");
    const json periodic = predict_json({"--periodic"});
    CHECK(periodic["box_lowest_mode_per_m"].get<double>() == Approx(2.856).epsilon(0.001));
    CHECK(periodic["box_lattice"]["lowest_mode"] == "2pi/L");
    CHECK(j.contains("version"));
  }
  SECTION("the text output names the walls' lowest mode") {
    const auto solid = run_cli({"predict"});
    REQUIRE(solid.code == 0);
    CHECK_THAT(solid.out, Catch::Contains("solid walls; lowest mode pi/L = 1.428 rad/m"));
    CHECK_THAT(solid.out, Catch::Contains("(units of pi/L)"));
    CHECK_THAT(solid.out, Catch::Contains("(power at k* / power at pi/L)"));
    const auto periodic = run_cli({"predict", "--periodic"});
    REQUIRE(periodic.code == 0);
    CHECK_THAT(periodic.out, Catch::Contains("periodic; lowest mode 2pi/L = 2.856 rad/m"));
    CHECK_THAT(periodic.out, Catch::Contains("(units of 2pi/L)"));
  }
  SECTION("dog gives the same ring as dos") {
    const json dos = predict_json({"--encoding", "dos"});
    const json dog = predict_json({"--encoding", "dog"});
    CHECK(dog["k_star_per_m"].get<double>() == Approx(dos["k_star_per_m"].get<double>()));
    CHECK(dog["pattern"] == "hexagonal");
  }
}

TEST_CASE("predict does not call hexagonal what the theory says cannot be") {
  for (const char* enc : {"gaussian", "true-dog", "sod", "cartesian"}) {
    INFO(enc);
    const json j = predict_json({"--encoding", enc});
    CHECK(j["pattern"] != "hexagonal");
    CHECK(j["k_star_per_m"].is_null());
    CHECK(j["grid_spacing_m"].is_null());
  }
  CHECK(predict_json({"--activation", "tanh"})["pattern"] == "stripes");
  CHECK(predict_json({"--activation", "linear"})["pattern"] == "amorphous");
  CHECK(predict_json({"--activation", "sigmoid"})["pattern"] == "stripes");
  const json polar = predict_json({"--encoding", "polar"});
  CHECK(polar["pattern"] == "not_applicable");
  CHECK(polar["reason"].get<std::string>().find("translation invariant") != std::string::npos);
  const json multi = predict_json({"--fields-per-cell", "poisson:1", "--method", "analytic"});
  CHECK(multi["pattern"] == "not_applicable");
  CHECK(multi["encoding"]["fields_per_cell"] == "poisson:1");
}

TEST_CASE("predict falls back to the sampled solver where no closed form exists") {
  const json multi = predict_json({"--fields-per-cell", "poisson:1", "--threads", "2"});
  CHECK(multi["method"] == "sampled");
  CHECK(multi["has_spectrum"] == true);
  const json single = predict_json({});
  CHECK(single["method"] == "analytic");
  const json forced = predict_json({"--method", "sampled", "--periodic", "--threads", "2"});
  CHECK(forced["method"] == "sampled");
  CHECK(forced["pattern"] == "hexagonal");
  // Periodic box, 512 cells, 64 bins: the sampled ring sits on the closed form's within 3%.
  CHECK(forced["k_star_per_m"].get<double>() == Approx(8.011).epsilon(0.03));
  // The cartesian code is not a place code whichever method is asked for.
  CHECK(predict_json({"--encoding", "cartesian", "--method", "sampled"})["pattern"] == "none");
}

TEST_CASE("predict's text output names the pattern, spacing, wavelength and units") {
  const auto r = run_cli({"predict"});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("hexagonal"));
  CHECK_THAT(r.out, Catch::Contains("8.011 rad/m"));
  CHECK_THAT(r.out, Catch::Contains("0.906 m"));
  CHECK_THAT(r.out, Catch::Contains("0.784 m"));
  CHECK_THAT(r.out, Catch::Contains("sigma_I = 0.24 m"));
  CHECK_THAT(r.out, Catch::Contains("method: analytic"));
}

TEST_CASE("predict --plot writes the figure, its data and its script, and nothing else") {
  TempFolder dir("plot");
  const auto png = (dir.path / "spectrum.png").string();
  const auto r = run_cli({"predict", "--plot", png});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(std::filesystem::file_size(png) > 1000);
  const std::string csv = read(dir.path / "spectrum.csv");
  CHECK(csv.rfind("k_per_m,power\n", 0) == 0);
  const std::string gp = read(dir.path / "spectrum.gp");
  CHECK_THAT(gp, Catch::Contains("spectrum.csv"));
  CHECK_THAT(gp, Catch::Contains("pngcairo"));
  // The default box has solid walls: its lowest mode is pi / L (1.428 rad/m), not 2 pi / L.
  CHECK_THAT(gp, Catch::Contains("box π/L = 1.428 rad/m"));
  auto files = dir.files();
  std::sort(files.begin(), files.end());
  CHECK(files == std::vector<std::string>{"spectrum.csv", "spectrum.gp", "spectrum.png"});
}

TEST_CASE("spectrum writes the radial power spectrum as CSV with k and power columns") {
  const auto r = run_cli({"spectrum", "--points", "5", "--k-max", "16"});
  REQUIRE(r.code == 0);
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  CHECK(line == "k_per_m,power");
  std::vector<double> k, p;
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    k.push_back(std::stod(line.substr(0, comma)));
    p.push_back(std::stod(line.substr(comma + 1)));
  }
  REQUIRE(k == std::vector<double>{0, 4, 8, 12, 16});
  CHECK(p[0] == Approx(0.0).margin(1e-15)); // unit-mass DoG: no power at k = 0
  // (e^-a - e^-4a)^2 with a = (0.12 * 8)^2 / 2
  const double a = 0.5 * 0.12 * 0.12 * 64.0;
  CHECK(p[2] == Approx(std::pow(std::exp(-a) - std::exp(-4 * a), 2)).epsilon(1e-8));

  TempFolder dir("spectrum");
  const auto csv = (dir.path / "s.csv").string();
  const auto w = run_cli({"spectrum", "--points", "5", "--k-max", "16", "--out", csv});
  REQUIRE(w.code == 0);
  CHECK(w.out.empty());
  CHECK(read(csv) == r.out);
}

TEST_CASE("help lists every option with its unit and default") {
  const auto top = run_cli({"--help"});
  REQUIRE(top.code == 0);
  for (const char* s :
       {"predict", "spectrum", "--sigma", "--surround-ratio", "--surround-variance-ratio",
        "--alpha-e", "--alpha-i", "--fields-per-cell", "--cells", "--box", "--periodic",
        "--activation", "--seed", "--format", "--plot", "--k-max", "--points", "--out"})
    CHECK_THAT(top.out, Catch::Contains(s));
  const auto sub = run_cli({"predict", "--help"});
  REQUIRE(sub.code == 0);
  CHECK_THAT(sub.out, Catch::Contains("metres"));
  CHECK_THAT(sub.out, Catch::Contains("default 0.12 m"));
  CHECK_THAT(sub.out, Catch::Contains("default 2.2 m"));
  CHECK_THAT(sub.out, Catch::Contains("default relu"));
}

TEST_CASE("the default cell count keeps NFL's density in any box, and --cells wins") {
  // 512 cells in the 2.2 m box (105.8 per square metre); round(512 (L / 2.2)^2) elsewhere.
  const auto cells_of = [](std::vector<std::string> args) {
    const auto r = run_cli(args);
    INFO(r.err);
    REQUIRE(r.code == 0);
    return json::parse(r.out)["encoding"]["cells"].get<int>();
  };
  CHECK(cells_of({"predict", "--format", "json"}) == 512);
  CHECK(cells_of({"predict", "--box", "4.4", "--format", "json"}) == 2048);
  CHECK(cells_of({"predict", "--box", "4.4", "--cells", "300", "--format", "json"}) == 300);
  // The sampled spectrum draws that many cells (its caveat says how many).
  const auto sampled = run_cli({"predict", "--method", "sampled", "--box", "4.4", "--res", "24",
                                "--threads", "1", "--format", "json"});
  REQUIRE(sampled.code == 0);
  const json s = json::parse(sampled.out);
  CHECK(s["encoding"]["cells"] == 2048);
  bool caveat = false;
  for (const auto& c : s["caveats"])
    caveat = caveat || c.get<std::string>().find("sampled: 2048 cells") != std::string::npos;
  CHECK(caveat);
  // scan over --box: each box its own default count.
  const auto scan = run_cli({"scan", "--box", "2.2:4.4:2.2", "--method", "sampled", "--res", "24",
                             "--threads", "1", "--format", "json"});
  REQUIRE(scan.code == 0);
  const json rows = json::parse(scan.out)["rows"];
  REQUIRE(rows.size() == 2);
}

TEST_CASE("scan writes one row per value with the lattice's best triad") {
  const auto r = run_cli({"scan", "--sigma", "0.10:0.12:0.01", "--periodic"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::istringstream in(r.out);
  std::string header, line;
  std::getline(in, header);
  CHECK(header.rfind("sigma,pattern,method,k_star_per_m,wavelength_m,grid_spacing_m,", 0) == 0);
  std::vector<std::string> rows;
  while (std::getline(in, line))
    rows.push_back(line);
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].rfind("0.12,hexagonal,analytic,8.011", 0) == 0);

  const auto j = run_cli({"scan", "--surround-ratio", "1.5:2.5:0.5", "--format", "json"});
  REQUIRE(j.code == 0);
  const json parsed = json::parse(j.out);
  REQUIRE(parsed["rows"].size() == 3);
  CHECK(parsed["parameter"] == "surround_ratio");
  CHECK(parsed["rows"][1]["box_lattice"]["best_triad"]["modes"].size() == 3);
}

TEST_CASE("scan needs exactly one range and validates every value first") {
  TempFolder dir("scan-bad");
  const auto out = (dir.path / "scan.csv").string();
  const auto none = run_cli({"scan", "--sigma", "0.12", "--out", out});
  CHECK(none.code == 2);
  CHECK_THAT(none.err, Catch::Contains("LO:HI:STEP"));
  const auto two = run_cli({"scan", "--sigma", "0.1:0.2:0.05", "--box", "1:2:1", "--out", out});
  CHECK(two.code == 2);
  CHECK_THAT(two.err, Catch::Contains("--box"));
  const auto bad = run_cli({"scan", "--sigma", "-0.1:0.2:0.1", "--out", out});
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--sigma: '-0.1'"));
  CHECK(dir.files().empty());
}

TEST_CASE("spectrum --method sampled writes the sampled profile, one row per lattice radius") {
  const auto r = run_cli({"spectrum", "--method", "sampled", "--periodic", "--res", "32",
                          "--threads", "2", "--k-max", "10"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  CHECK(line == "k_per_m,power");
  std::getline(in, line);
  CHECK(std::stod(line.substr(0, line.find(','))) == Approx(2 * M_PI / 2.2)); // lowest radius
  const auto bad = run_cli({"spectrum", "--method", "sampled", "--points", "10"});
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--points"));
  CHECK(run_cli({"spectrum", "--method", "magic"}).code == 2);
}
