// Figures a reviewer accepts (issue 16): every figure type rendered from small inputs, its PNG
// the size its script asks for (read from the PNG header), nothing cut off at the image's edge
// (no ink in the outer 2 pixels), and its gnuplot script setting what the figure must show:
// titles that fit, labels outside the maps, a colour bar and a scale bar in metres on every
// map, units on the axes, keys that match the lines, the rejected peak and the log power axis.
#include "src/plot/figure.hpp"
#include "src/plot/mosaic.hpp"
#include "src/plot/spacing_figure.hpp"
#include "src/sweep/sweep.hpp"
#include "tests/src/cli_harness.hpp"
#include "tests/src/png_reader.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace gridtheory;
using gridtheory::test::ink_on_edge;
using gridtheory::test::png_size;
using gridtheory::test::read_png;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The PNG size the script's terminal line asks for.
std::pair<int, int> terminal_size(const std::string& gp) {
  std::smatch m;
  REQUIRE(std::regex_search(gp, m, std::regex("set terminal pngcairo size (\\d+),(\\d+) (\\w+)")));
  CHECK(m[3] == "noenhanced"); // an underscore is never a subscript
  return {std::stoi(m[1]), std::stoi(m[2])};
}

// The checks every figure passes: its PNG is the size its script asks for and nothing touches
// the image's edge.
void check_figure(const fs::path& png) {
  INFO(png.string());
  REQUIRE(fs::is_regular_file(png));
  const std::string gp = read_all(fs::path(png).replace_extension(".gp"));
  CHECK(png_size(png) == terminal_size(gp));
  CHECK(ink_on_edge(read_png(png)) == 0);
}

// One map of n x n bins: a plane wave along x, so that its min and max are known.
std::vector<double> wave(int n, double phase) {
  std::vector<double> v(static_cast<size_t>(n * n));
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      v[static_cast<size_t>(y * n + x)] = std::cos(1.3 * x + phase);
  return v;
}

} // namespace

TEST_CASE("titles wrap at spaces to the width that fits and are quoted for gnuplot", "[plot]") {
  // 0.72 font_pt pixels a character: 1000 / 7.2 = 138.9 at 10 points, 480 / 5.76 = 83.3 at 8.
  CHECK(characters_fitting(1000, 10) == 138);
  CHECK(characters_fitting(480, 8) == 83);
  CHECK(wrap_text("aaa bbb ccc", 7) == "aaa bbb\nccc");
  CHECK(wrap_text("one\ntwo three", 5) == "one\ntwo\nthree");
  CHECK(wrap_text("abcdefghij kl", 4) == "abcdefghij\nkl"); // a long word stands alone
  CHECK(wrap_text("a  b", 10) == "a b");
  CHECK(gnuplot_quoted("a \"b\"\nc\\d`e") == "\"a \\\"b\\\"\\nc\\\\d'e\"");
  CHECK(fitted_text("aaa bbb ccc", 7 * 7.2, 10) == "\"aaa bbb\\nccc\"");
}

TEST_CASE("the edge check finds a title cut off at the image's edge and passes a fitted one",
          "[plot]") {
  // The same 300-character title, once as one line (cut at both sides) and once fitted.
  TempFolder dir("figure-edge");
  std::string title;
  for (int i = 0; i < 50; ++i)
    title += "title ";
  for (const bool fitted : {false, true}) {
    const fs::path png = dir.path / (fitted ? "fitted.png" : "cut.png");
    const FigureFiles files = figure_files_for(png);
    const std::string gp = figure_preamble(files, 600, 300, 10, "Edge test") + "set title " +
                           (fitted ? fitted_text(title, 600 - 80, 10) : gnuplot_quoted(title)) +
                           "\nplot '" + files.data.filename().string() +
                           "' using 1:2 skip 1 with lines notitle\n";
    render_figure(files, "x,y\n0,0\n1,1\n", gp, "--out");
    INFO(gp);
    CHECK(png_size(png) == std::pair{600, 300});
    if (fitted)
      CHECK(ink_on_edge(read_png(png)) == 0);
    else
      CHECK(ink_on_edge(read_png(png)) > 0);
  }
}

TEST_CASE("the scale bar is 1, 2 or 5 times a power of ten metres, at most 40% of a tile",
          "[plot]") {
  CHECK(scale_bar_length_m(2.2) == Approx(0.5));  // limit 0.88
  CHECK(scale_bar_length_m(4.35) == Approx(1.0)); // a 44-bin SAC: limit 1.74
  CHECK(scale_bar_length_m(4.4) == Approx(1.0));  // limit 1.76
  CHECK(scale_bar_length_m(6.0) == Approx(2.0));  // limit 2.4
  CHECK(scale_bar_length_m(0.3) == Approx(0.1));  // limit 0.12
  CHECK(scale_bar_length_m(15.0) == Approx(5.0)); // limit 6
}

TEST_CASE("a mosaic labels its tiles above them and has a colour bar and a scale bar in metres",
          "[plot]") {
  TempFolder dir("mosaic-labels");
  const int n = 8;
  std::vector<std::vector<double>> maps;
  Mosaic m;
  m.title = "test mosaic";
  m.n = n;
  m.bin_m = 2.2 / n; // 0.275 m
  m.value_label = mosaic_rate_label;
  for (int t = 0; t < 5; ++t)
    maps.push_back(wave(n, t));
  for (int t = 0; t < 5; ++t)
    m.tiles.push_back({maps[static_cast<size_t>(t)].data(), "#" + std::to_string(t) + " tile"});
  const fs::path png = dir.path / "m.png";
  write_mosaic(m, png, "--out");
  check_figure(png);

  // 5 tiles: 3 columns x 2 rows of 8 bins at 150 / 8 = 18.75 pixels a bin; gaps of 1 bin (the
  // label band needs 16 px: 1 bin); scale band ceil(28 / 18.75) = 2 bins. Canvas 26 x 17 bins:
  // 487.5 x (17 + 1 + 2) 18.75 = 375 pixels; PNG 14 + 487.5 + 150 -> 652 wide, title 36 +
  // 375 + 6 = 417 high.
  const MosaicLayout l = mosaic_layout(m);
  CHECK(l.columns == 3);
  CHECK(l.rows == 2);
  CHECK(l.gap_y == 1);
  CHECK(l.scale_band == 2);
  CHECK(png_size(png) == std::pair{652, 417});
  CHECK(l.scale_bar_m == Approx(0.5));

  const std::string gp = read_all(dir.path / "m.gp");
  // Tile 0 is top-left: bins y 9..16 (top edge 16.5); its label sits in the band above it, at
  // 16.5 + 0.5, in black on the white page.
  CHECK_THAT(gp, Catch::Contains("set label 1 \"#0 tile\" at -0.5,17 left front tc rgb 'black'"));
  // Tile 3 (second row, first column): top edge 7.5, label at 8.
  CHECK_THAT(gp, Catch::Contains("set label 4 \"#3 tile\" at -0.5,8 left"));
  CHECK_THAT(gp, Catch::Contains("set colorbox user origin screen"));
  CHECK_THAT(gp, Catch::Contains("set cbrange [0:1]"));
  CHECK_THAT(gp, Catch::Contains("set cblabel \"rate: 0 = the map's min, 1 = its max\""));
  // The scale bar: 0.5 m = 1.81818 bins of 0.275 m from x = -0.5, in the middle of the band.
  CHECK_THAT(gp, Catch::Contains("set arrow 1 from -0.5,-1.5 to 1.31818,-1.5 nohead"));
  CHECK_THAT(gp, Catch::Contains("set label 6 \"0.5 m\" at 1.31818,-1.5"));
  CHECK_THAT(gp, Catch::Contains("set label 1000 \"test mosaic\" at screen 0.5"));
}

TEST_CASE("the trainer's and score's mosaics: ratemaps scaled per map, SACs as Pearson r",
          "[plot]") {
  TempFolder dir("top-mosaics");
  const int n = 8;
  std::vector<double> maps;
  for (int u = 0; u < 3; ++u) {
    const auto w = wave(n, u);
    maps.insert(maps.end(), w.begin(), w.end());
  }
  std::vector<GridScores> scores(3, GridScores{});
  scores[0].score_60 = 0.2;
  scores[1].score_60 = 1.1;
  scores[2].score_60 = 0.5;
  // The trainer's title, 138 characters: at 0.72 x 10 px a character, (483 - 24) / 7.2 = 63
  // fit a line of either mosaic, so it takes 3 lines (16 px each, + 20).
  const std::string title = "top units by score_60: dos, sigma_E = 0.12 m, sigma_I/sigma_E = 2 "
                            "(NFL), sigma_I = 0.24 m, 1 field(s)/cell, 512 cells, rnn 256, step "
                            "12000";
  const fs::path rates = dir.path / "ratemaps_top.png", sacs = dir.path / "sacs_top.png";
  write_top_unit_mosaics(maps.data(), n, 2.2, scores, SacMode::deepmind, 16, title, title, rates,
                         sacs, "--out");
  check_figure(rates);
  check_figure(sacs);
  // Ratemaps: 2 x 2 tiles of 8 bins (18.75 px), canvas 17 x 17 bins, PNG max(480, 14 + 318.75 +
  // 150) = 483 x (68 + 20 x 18.75 + 6) = 449. SACs: 15 bins at 10 px, gap_x 1, label band
  // ceil(16 / 10) = 2 bins, scale band 3: canvas 31 x 32 bins, PNG 480 (the minimum) x (68 +
  // 37 x 10 + 6) = 444. check_figure found no ink at their edges: the title fits.
  CHECK(png_size(rates) == std::pair{483, 449});
  CHECK(png_size(sacs) == std::pair{480, 444});
  const std::string r = read_all(dir.path / "ratemaps_top.gp"),
                    s = read_all(dir.path / "sacs_top.gp");
  // Best first: unit 1 (1.1), unit 2 (0.5), unit 0 (0.2).
  CHECK_THAT(r, Catch::Contains("set label 1 \"#1 1.1\""));
  CHECK_THAT(r, Catch::Contains("set label 2 \"#2 0.5\""));
  CHECK_THAT(r, Catch::Contains("set label 3 \"#0 0.2\""));
  CHECK_THAT(r, Catch::Contains("set cbrange [0:1]"));
  CHECK_THAT(r, Catch::Contains("set label 1000 \"top units by score_60: dos, sigma_E = 0.12 m, "
                                "sigma_I/sigma_E =\\n2 (NFL), sigma_I = 0.24 m, 1 "
                                "field(s)/cell, 512 cells, rnn 256,\\nstep 12000\" at screen "
                                "0.5"));
  CHECK_THAT(r, Catch::Contains("\"0.5 m\""));
  // The SACs share one scale, Pearson r from -1 to 1, and their bar measures a lag: the SAC
  // spans 15 x 0.275 = 4.125 m, 40% of it is 1.65 m, so 1 m.
  CHECK_THAT(s, Catch::Contains("set cbrange [-1:1]"));
  CHECK_THAT(s, Catch::Contains("set cblabel \"autocorrelation (Pearson r)\""));
  CHECK_THAT(s, Catch::Contains("\"1 m lag\""));
  CHECK_THAT(s, Catch::Contains("set label 1 \"#1 1.1\""));
}

TEST_CASE("the spacing histogram names score_60 literally and puts the prediction in its key",
          "[plot]") {
  TempFolder dir("spacing-labels");
  SpacingFigure f;
  f.title = "grid spacing of units with score_60 > 0.3: dos, sigma_E = 0.12 m, sigma_I/sigma_E = "
            "2 (NFL), sigma_I = 0.24 m, 1 field(s)/cell, 512 cells, rnn 256, step 12000, and more "
            "words so that the title needs a second line";
  f.spacings_m = {0.9, 0.95, 1.3};
  f.predicted_m = 0.906;
  f.box_m = 2.2;
  const fs::path png = dir.path / "spacing.png";
  write_spacing_figure(f, png, "--out");
  check_figure(png);
  CHECK(png_size(png) == std::pair{900, 560});
  const std::string gp = read_all(dir.path / "spacing.gp");
  CHECK_THAT(gp, Catch::Contains("set xlabel 'grid spacing (m)'"));
  CHECK_THAT(gp, Catch::Contains("set ylabel 'number of units'"));
  CHECK_THAT(gp, Catch::Contains("title \"3 units with score_60 > 0.3\""));
  CHECK_THAT(gp, Catch::Contains(
                     "keyentry with lines lw 2 lc rgb '#c0392b' title \"predicted grid spacing "
                     "0.906 m (theory)\""));
  CHECK_THAT(gp, Catch::Contains("set key below"));
  CHECK_THAT(gp, Catch::Contains("\\n")); // the long title is wrapped
}

TEST_CASE("predict --plot marks k*, a rejected peak and the box mode, and --log-power applies",
          "[plot]") {
  TempFolder dir("spectrum-labels");
  const auto dos = (dir.path / "dos.png").string();
  REQUIRE(run_cli({"predict", "--plot", dos}).code == 0);
  check_figure(dos);
  CHECK(png_size(dos) == std::pair{1000, 640});
  const std::string d = read_all(dir.path / "dos.gp");
  // Each line is named in the key, in the line's own style, never by text over the curve.
  CHECK_THAT(d, Catch::Contains("keyentry with lines lw 2 lc rgb '#c0392b' title \"k* = 8.011 "
                                "rad/m, grid spacing 0.906 m\""));
  CHECK_THAT(d, Catch::Contains("keyentry with lines dt 2 lw 2 lc rgb '#555555' title \"box π/L = "
                                "1.428 rad/m (lowest mode)\""));
  CHECK_THAT(d, !Catch::Contains("set label"));
  CHECK_THAT(d, Catch::Contains("set ylabel \"power |p~(k)|^2 (dimensionless)\""));
  CHECK_THAT(d, Catch::Contains("set xlabel 'wavenumber k (rad/m)'"));
  CHECK_THAT(d, !Catch::Contains("logscale"));
  CHECK_THAT(d, !Catch::Contains("rejected"));

  // true-dog: no realisable ring; its peak at 11.33 rad/m (predict --format json) is marked, and
  // the log axis spans six decades below its largest power, 9 at k = 0: [9e-06:27].
  const auto td = (dir.path / "td.png").string();
  REQUIRE(run_cli({"predict", "--encoding", "true-dog", "--plot", td, "--log-power"}).code == 0);
  check_figure(td);
  const std::string t = read_all(dir.path / "td.gp");
  CHECK_THAT(t, Catch::Contains("keyentry with lines dt 4 lw 2 lc rgb '#d35400' title "
                                "\"rejected peak 11.330 rad/m: no realisable ring\""));
  CHECK_THAT(t, Catch::Contains("set arrow from 11.3296, graph 0 to 11.3296, graph 1"));
  CHECK_THAT(t, Catch::Contains("set logscale y"));
  CHECK_THAT(t, Catch::Contains("set yrange [9e-06:27]"));
  CHECK_THAT(t, Catch::Contains("log scale"));
  CHECK_THAT(t, Catch::Contains("using 1:($2 > 0 ? $2 : NaN)"));

  // spectrum --plot marks the same peak from its own rows.
  const auto sp = (dir.path / "sp.png").string();
  REQUIRE(run_cli({"spectrum", "--encoding", "true-dog", "--plot", sp, "--out",
                   (dir.path / "sp_rows.csv").string()})
              .code == 0);
  check_figure(sp);
  CHECK_THAT(read_all(dir.path / "sp.gp"), Catch::Contains("\"rejected peak 11.3"));

  // Without --plot, --log-power has nothing to style: refused, nothing written.
  for (const char* command : {"predict", "spectrum"}) {
    const auto r = run_cli({command, "--log-power"});
    gridtheory::test::require_one_line_user_error(r, "--log-power", "");
    CHECK_THAT(r.err, Catch::Contains("--plot"));
  }
}

TEST_CASE("scan --plot names the encoding and box, puts units on its axes and clips no point",
          "[plot]") {
  TempFolder dir("scan-labels");
  const auto png = (dir.path / "scan.png").string();
  const auto r = run_cli({"scan", "--sigma", "0.10:0.14:0.01", "--periodic", "--plot", png});
  INFO(r.err);
  REQUIRE(r.code == 0);
  check_figure(png);
  CHECK(png_size(png) == std::pair{1000, 820});
  const std::string gp = read_all(dir.path / "scan.gp");
  CHECK_THAT(gp,
             Catch::Contains("scan over --sigma 0.10:0.14:0.01 (relu; box L = 2.2 m, periodic)"));
  CHECK_THAT(gp, Catch::Contains("encoding at the first value: dos, sigma_E = 0.1 m"));
  CHECK_THAT(gp, Catch::Contains("set xlabel \"sigma_E (m)\""));
  CHECK_THAT(gp, Catch::Contains("set y2label 'angle mismatch (degrees)'"));
  // Both panels share fixed left and right margins, so their x axes line up.
  CHECK_THAT(gp, Catch::Contains("set lmargin at screen 0.09\nset rmargin at screen 0.91"));

  // Every point lies inside the axes: x from 0.1 - 3% to 0.14 + 3% of the span (0.0988 to
  // 0.1412), the spacing axis 8% above the largest spacing drawn.
  std::smatch m;
  REQUIRE(std::regex_search(gp, m, std::regex("set xrange \\[([^:]+):([^\\]]+)\\]")));
  CHECK(std::stod(m[1]) == Approx(0.0988));
  CHECK(std::stod(m[2]) == Approx(0.1412));
  REQUIRE(std::regex_search(gp, m, std::regex("set yrange \\[0:([^\\]]+)\\]")));
  const double y_top = std::stod(m[1]);
  double largest = 0.0;
  std::istringstream csv(read_all(dir.path / "scan.csv"));
  std::string line;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');)
      f.push_back(c);
    REQUIRE(f.size() >= 15);
    for (const size_t col : {5u, 14u}) // grid_spacing_m and box_grid_spacing_m
      if (!f[col].empty()) largest = std::max(largest, std::stod(f[col]));
  }
  REQUIRE(largest > 0.0);
  CHECK(y_top == Approx(1.08 * largest));
}

TEST_CASE("the paper figures fit their PNGs, and the spectra show every curve and their peaks",
          "[plot][figures]") {
  // The committed validation table draws the theory figures and Figs. 2 to 5.
  TempFolder dir("paper-labels");
  const fs::path out = dir.path / "figs";
  const auto r =
      run_cli({"figures", "--results",
               (fs::path(GRIDTHEORY_SOURCE_DIR) / "figures/validation/results.csv").string(),
               "--out", out.string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  int figures = 0;
  for (const char* name : {"spectra", "fig2_families", "fig3_spacing_vs_sigma", "fig4_emergence",
                           "fig4_general_dog", "fig5_multifield"}) {
    check_figure(out / (std::string(name) + ".png"));
    ++figures;
  }
  CHECK(figures == 6);

  const std::string s = read_all(out / "spectra.gp");
  // The key names the dotted lines dotted, and the k* lines are dotted (dt 3).
  CHECK_THAT(s, Catch::Contains("dotted black: k* of the realisable rings"));
  CHECK_THAT(s, Catch::Contains("nohead dt 3 lw 1.5 lc rgb '#000000'"));
  CHECK_THAT(s, !Catch::Contains("dashed: k*"));
  // dos, dog and DC-free general-dog are one curve: drawn as nested bands 8, 5 and 2 wide.
  CHECK_THAT(s, Catch::Contains("'dos' ? $4 : NaN) skip 1 with lines lw 8"));
  CHECK_THAT(s, Catch::Contains("'dog' ? $4 : NaN) skip 1 with lines lw 5"));
  CHECK_THAT(s, Catch::Contains("dog (same curve as dos): k* = 8.011 rad/m"));
  CHECK_THAT(s, Catch::Contains("(DC-free) (same curve as dos)"));
  // true-dog's rejected peak, on the log panel too.
  CHECK_THAT(s, Catch::Contains("true-dog: no realisable ring (rejected peak 11.330 rad/m)"));
  CHECK_THAT(s, Catch::Contains("set label 2 '' at 11.3296"));
  CHECK_THAT(s, Catch::Contains("set logscale y"));
  CHECK_THAT(read_all(out / "fig2_families.gp"), Catch::Contains("set ylabel 'runs (%)'"));
}

TEST_CASE("the spacing-over-training figure fits its PNG", "[plot][figures]") {
  TempFolder dir("training-labels");
  std::ofstream(dir.path / "results.csv")
      << "run_id,index,block,command,status,error,opt.activation,opt.encoding,decoding_error_cm,"
         "max_score_60\ntrain-a,0,t,train,done,,relu,dos,5,0.9\n";
  const fs::path run = sweep::run_folder(dir.path, "train-a");
  fs::create_directories(run);
  std::ofstream(run / "evals.csv")
      << "step,decoding_error_cm,max_score_60,median_grid_spacing_m,grid_spacing_q25_m,"
         "grid_spacing_q75_m\n100,40,0.2,,,\n200,5,0.9,0.95,0.9,1.05\n";
  const auto r = run_cli({"figures", "--results", (dir.path / "results.csv").string(), "--out",
                          (dir.path / "figs").string()});
  INFO(r.err << r.out);
  REQUIRE(r.code == 0);
  check_figure(dir.path / "figs" / "spacing_over_training.png");
  CHECK_THAT(read_all(dir.path / "figs" / "spacing_over_training.gp"),
             Catch::Contains("set ylabel 'max score_60 (dimensionless)'"));
}
