// `gridtheory figures`: from a small hand-made results.csv and run folders, every figure's PNG,
// CSV and gnuplot script exist and the CSVs hold the numbers the rows imply (percentages,
// fractions, the theory line); networks that do not path-integrate never count as grids;
// without run folders the per-unit panels are skipped with a message; series names with commas
// keep their points; bad input is one line with exit code 2.
#include "src/io/csv.hpp"
#include "src/io/npy.hpp"
#include "src/params/encoding_text.hpp"
#include "src/plot/figure.hpp"
#include "src/plot/paper_figures.hpp"
#include "src/sweep/spec.hpp"
#include "src/sweep/sweep.hpp"
#include "tests/src/cli_harness.hpp"
#include "theory/prediction.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <sys/wait.h>

using namespace gridtheory;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;
namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

const char* header =
    "run_id,index,block,command,status,error,opt.activation,opt.encoding,opt.fields-per-cell,"
    "opt.sigma,opt.surround-ratio,box_lattice.best_triad.grid_spacing_m,"
    "box_lattice.best_triad.min_power_ratio,decoding_error_cm,fraction_score_60_above_0.8,"
    "max_score_60,median_grid_spacing_m,pattern,predicted_pattern\n";

// Eight train runs, two pattern runs, one predict run, one failed run.
const char* rows =
    // dos relu: errors 5, 8, 20, 3 cm; max scores 0.9, 0.5, 0.95, 0.85
    "train-a,0,t,train,done,,relu,dos,,,,,,5,,0.9,0.95,,hexagonal\n"
    "train-b,1,t,train,done,,relu,dos,,,,,,8,,0.5,,,hexagonal\n"
    "train-c,2,t,train,done,,relu,dos,,,,,,20,,0.95,1.0,,hexagonal\n"
    "train-d,3,t,train,done,,relu,dos,,,,,,3,,0.85,0.9,,hexagonal\n"
    // gaussian: errors 4, 50; max scores 0.2, 0.9
    "train-e,4,t,train,done,,relu,gaussian,,,,,,4,,0.2,,,square\n"
    "train-f,5,t,train,done,,relu,gaussian,,,,,,50,,0.9,,,square\n"
    // multi-field and heterogeneous dos (Fig. 5, not Fig. 2)
    "train-g,6,t,train,done,,relu,dos,poisson:1,,,,,6,,0.3,,,hexagonal\n"
    "train-h,7,t,train,done,,relu,dos,,\"uniform:0.08,0.16\",,,,7,,0.4,,,hexagonal\n"
    "train-x,8,t,train,failed,boom,relu,dos,,,,,,1,,2,,,hexagonal\n"
    "pattern-a,9,p,pattern,done,,relu,dos,,0.12,2,,,,0.25,,0.91,,hexagonal\n"
    "pattern-b,10,p,pattern,done,,relu,dos,,0.16,2,,,,0,,1.2,,hexagonal\n"
    "pattern-t,11,p,pattern,done,,tanh,dos,,0.12,2,,,,0,,,,stripes\n"
    "predict-a,12,q,predict,done,,relu,dos,,0.12,2,0.839,0.95,,,,,hexagonal,\n";

// A results folder: results.csv, per-unit scores and ratemaps for some runs.
struct Fixture {
  TempFolder dir;
  fs::path csv = dir.path / "results.csv";
  explicit Fixture(const std::string& name) : dir(name) {
    write_text(csv, std::string(header) + rows);
    const auto folder = [&](const char* id) { return sweep::run_folder(dir.path, id); };
    // train-a: units 0..2 with score_60 0.9, 0.1, -0.2; train-d: 0.85, 0.95 (the best unit).
    write_text(folder("train-a") / "scores.csv",
               "unit,score_60,score_90\n0,0.9,0.1\n1,0.1,0.5\n2,-0.2,1.55\n");
    write_text(folder("train-d") / "scores.csv", "unit,score_60,score_90\n0,0.85,0\n1,0.95,0\n");
    write_text(folder("train-g") / "scores.csv", "unit,score_60,score_90\n0,0.33,0\n");
    write_text(folder("pattern-t") / "metrics.csv", "map,score_60,score_90\n0,-0.5,0.2\n");
    // train-a was evaluated during training (train --eval-every 100).
    write_text(folder("train-a") / "evals.csv",
               "step,decoding_error_cm,max_score_60,median_grid_spacing_m,grid_spacing_q25_m,"
               "grid_spacing_q75_m\n100,40,0.2,,,\n200,5,0.9,0.95,0.9,1.05\n");
    const int n = 8;
    for (const char* id : {"train-a", "train-d"}) {
      const int units = std::string(id) == "train-a" ? 3 : 2;
      std::vector<double> maps(static_cast<size_t>(units * n * n));
      for (size_t i = 0; i < maps.size(); ++i)
        maps[i] = std::sin(0.7 * static_cast<double>(i)) + (i % 7 == 0 ? NAN : 0.0);
      write_npy(folder(id) / "ratemaps.npy",
                {static_cast<size_t>(units), static_cast<size_t>(n), static_cast<size_t>(n)},
                maps.data(), NpyDtype::float64, "test");
    }
  }
};

// A number of the table that must be there.
double num_of(const CsvTable& t, size_t row, const std::string& column) {
  const auto v = t.number(row, column);
  INFO("row " << row << " column " << column << ": '" << t.field(row, column) << "'");
  REQUIRE(v);
  return *v;
}

CsvTable table(const fs::path& p) {
  return read_csv(p, "test");
}

// The row of `t` whose column `key` equals `value` (several keys: all must match).
size_t row_where(const CsvTable& t, std::vector<std::pair<std::string, std::string>> keys) {
  for (size_t i = 0; i < t.rows.size(); ++i) {
    bool ok = true;
    for (const auto& [k, v] : keys)
      ok = ok && t.field(i, k) == v;
    if (ok) return i;
  }
  FAIL("no row matches");
  return 0;
}

// The fixture drawn once for all sections (rendering takes about a second).
struct Rendered {
  Fixture fx{"figures-drawn"};
  fs::path out = fx.dir.path / "figs";
  gridtheory::test::CliResult r =
      run_cli({"figures", "--results", fx.csv.string(), "--out", out.string()});
};
const Rendered& rendered() {
  static const Rendered once;
  return once;
}

} // namespace

TEST_CASE("figures draws every figure with its data and script from a results table", "[figures]") {
  const fs::path out = rendered().out;
  const auto& r = rendered().r;
  INFO(r.err << r.out);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("skipped") == std::string::npos);
  CHECK_THAT(r.out, Catch::Contains("1 failed or pending left out"));
  for (const char* name : {"spectra", "fig2_families", "fig3_spacing_vs_sigma", "fig4_emergence",
                           "fig4_general_dog", "fig5_multifield", "activations", "mosaic_ratemaps",
                           "mosaic_sacs", "spacing_over_training"})
    for (const char* ext : {".png", ".csv", ".gp"}) {
      INFO(name << ext);
      CHECK(fs::file_size(out / (std::string(name) + ext)) > 100);
    }

  SECTION("Fig. 2: percentages of low-error runs and of those with grid units") {
    const CsvTable t = table(out / "fig2_families.csv");
    REQUIRE(t.rows.size() == 2); // dos, gaussian; multi-field, heterogeneous, failed left out
    const size_t dos = row_where(t, {{"family", "dos"}});
    CHECK(num_of(t, dos, "runs") == 4);
    CHECK(num_of(t, dos, "low_error_runs") == 3);
    CHECK(num_of(t, dos, "low_error_percent") == Approx(75.0));
    CHECK(num_of(t, dos, "low_error_runs_with_grids") == 2);
    CHECK(num_of(t, dos, "grids_percent_of_low_error") == Approx(200.0 / 3.0));
    // 3 of 4 and 2 of 3 with their 95% Wilson intervals (percent), computed by hand:
    // 3/4: centre (0.75 + z^2/8) / (1 + z^2/4) = 0.6476, half-width 0.3385.
    CHECK(num_of(t, dos, "low_error_percent_lo") == Approx(30.06418).epsilon(1e-5));
    CHECK(num_of(t, dos, "low_error_percent_hi") == Approx(95.44127).epsilon(1e-5));
    CHECK(num_of(t, dos, "grids_percent_lo") == Approx(20.76596).epsilon(1e-5));
    CHECK(num_of(t, dos, "grids_percent_hi") == Approx(93.85081).epsilon(1e-5));
    const size_t gauss = row_where(t, {{"family", "gaussian"}});
    CHECK(num_of(t, gauss, "low_error_percent") == Approx(50.0));
    CHECK(num_of(t, gauss, "grids_percent_of_low_error") == Approx(0.0));
  }
  SECTION("Fig. 3: the theory line is theory's predicted spacing; the runs' points") {
    const CsvTable t = table(out / "fig3_spacing_vs_sigma.csv");
    int checked = 0;
    for (size_t i = 0; i < t.rows.size(); i += 37) {
      if (t.field(i, "kind") != "theory") continue;
      const double sigma = num_of(t, i, "sigma_m");
      EncodingSpec spec;
      spec.sigma = format_number(sigma);
      spec.surround_ratio = "2";
      const Prediction p = predict(make_encoding(spec), Activation::relu, Box{2.2, false});
      INFO("sigma " << sigma);
      if (p.grid_spacing_m) {
        CHECK(num_of(t, i, "grid_spacing_m") == Approx(*p.grid_spacing_m).epsilon(1e-8));
        ++checked;
      } else {
        CHECK(t.field(i, "grid_spacing_m").empty());
      }
    }
    CHECK(checked >= 3);
    // docs/CONVENTIONS.md, "The theory's reference numbers" (DoS, NFL surround ratio 2).
    CHECK(*dos_predicted_spacing(0.12, 2.0, 2.2) == Approx(0.905625).epsilon(1e-5));
    CHECK(num_of(t, row_where(t, {{"kind", "pattern"}, {"run_id", "pattern-b"}}), "sigma_m") ==
          Approx(0.16));
    CHECK(num_of(t, row_where(t, {{"kind", "pattern"}, {"run_id", "pattern-b"}}),
                 "grid_spacing_m") == Approx(1.2));
    CHECK(num_of(t, row_where(t, {{"kind", "train"}, {"run_id", "train-d"}}), "grid_spacing_m") ==
          Approx(0.9));
    CHECK(num_of(t, row_where(t, {{"kind", "box-lattice"}}), "grid_spacing_m") == Approx(0.839));
    // Two path-integrating train runs with a spacing at the default width (train-a 0.95 m,
    // train-d 0.9 m): mean 0.925, sd 0.0353553, t(1) = 12.7062047, half-width 0.3176551.
    const size_t mean = row_where(t, {{"kind", "train-mean"}});
    CHECK(num_of(t, mean, "grid_spacing_m") == Approx(0.925));
    CHECK(num_of(t, mean, "n") == 2);
    CHECK(num_of(t, mean, "ci95_lo") == Approx(0.925 - 0.3176551).epsilon(1e-6));
    CHECK(num_of(t, mean, "ci95_hi") == Approx(0.925 + 0.3176551).epsilon(1e-6));
  }
  SECTION("spacing over training: one curve per run with evals.csv") {
    const CsvTable t = table(out / "spacing_over_training.csv");
    REQUIRE(t.rows.size() == 2);
    CHECK(t.field(0, "run_id") == "train-a");
    CHECK(num_of(t, 1, "step") == 200);
    CHECK(num_of(t, 1, "median_grid_spacing_m") == Approx(0.95));
    CHECK(t.field(0, "median_grid_spacing_m").empty());
    CHECK(num_of(t, 0, "decoding_error_cm") == 40);
  }
  SECTION("Fig. 4: fractions of runs with grids and the prediction per sigma") {
    const CsvTable t = table(out / "fig4_emergence.csv");
    const size_t at12 = row_where(t, {{"axis", "sigma"}, {"value", "0.12"}});
    // train-a, -b, -d path-integrate (a and d with grids); train-c (20 cm) is left out.
    CHECK(num_of(t, at12, "train_runs") == 3);
    CHECK(num_of(t, at12, "train_fraction") == Approx(2.0 / 3.0));
    CHECK(num_of(t, at12, "train_fraction_lo") == Approx(0.2076596).epsilon(1e-5));
    CHECK(num_of(t, at12, "train_fraction_hi") == Approx(0.9385081).epsilon(1e-5));
    CHECK(num_of(t, at12, "train_not_path_integrating") == 1);
    CHECK(num_of(t, at12, "pattern_runs") == 1); // the tanh run is left out
    CHECK(num_of(t, at12, "pattern_fraction") == Approx(1.0));
    CHECK(t.field(at12, "predicted_pattern") == "hexagonal"); // the predict row's
    CHECK(num_of(t, at12, "triad_min_power_ratio") == Approx(0.95));
    const size_t at16 = row_where(t, {{"axis", "sigma"}, {"value", "0.16"}});
    CHECK(num_of(t, at16, "pattern_fraction") == Approx(0.0));
    CHECK(t.field(at16, "train_fraction").empty());
    const size_t s2 = row_where(t, {{"axis", "surround_ratio"}, {"value", "2"}});
    CHECK(num_of(t, s2, "train_runs") == 3);
  }
  SECTION("spectra: each curve normalised to its peak, k* from theory") {
    const CsvTable t = table(out / "spectra.csv");
    double dos_max = 0.0;
    std::optional<double> k_star;
    bool gaussian_ring = false;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      if (t.field(i, "target") == "dos") {
        dos_max = std::max(dos_max, num_of(t, i, "power_normalised"));
        k_star = num_of(t, i, "k_star_per_m");
        const double k = num_of(t, i, "k_per_m");
        if (std::abs(k - 8.0) < 0.06) {
          const double ratio = num_of(t, i, "power") / power(make_encoding(EncodingOptions{}), k);
          CHECK(ratio == Approx(1.0).epsilon(1e-6));
        }
      }
      if (t.field(i, "target") == "gaussian") gaussian_ring |= !t.field(i, "k_star_per_m").empty();
    }
    CHECK(dos_max == Approx(1.0).epsilon(1e-4));
    REQUIRE(k_star);
    CHECK(*k_star == Approx(8.011260481).epsilon(1e-8));
    CHECK_FALSE(gaussian_ring);
  }
  SECTION("general-dog plane: each cell is theory's prediction") {
    const CsvTable t = table(out / "fig4_general_dog.csv");
    int checked = 0;
    for (size_t i = 0; i < t.rows.size(); i += 53) {
      if (t.field(i, "kind") != "theory") continue;
      EncodingSpec spec;
      spec.encoding = "general-dog";
      Encoding enc = make_encoding(spec);
      enc.alpha_e = num_of(t, i, "alpha_e");
      enc.alpha_i = num_of(t, i, "alpha_i");
      const Prediction p = predict(enc, Activation::relu, Box{});
      CHECK(t.field(i, "pattern") == pattern_name(p.pattern));
      ++checked;
    }
    CHECK(checked >= 5);
  }
  SECTION("Fig. 5: the multi-field run's decoding error and score histogram") {
    const CsvTable t = table(out / "fig5_multifield.csv");
    const size_t g = row_where(t, {{"panel", "decoding_error_cm"}, {"run_id", "train-g"}});
    CHECK(t.field(g, "series") == "multi-field");
    CHECK(num_of(t, g, "y") == Approx(6.0));
    CHECK(num_of(t, row_where(t, {{"panel", "decoding_error_cm"}, {"run_id", "train-h"}}), "y") ==
          Approx(7.0));
    // train-g's one unit (0.33) lies in the bin [0.3, 0.4) (centre 0.35) of the multi-field series.
    const size_t bin =
        row_where(t, {{"panel", "score_60"}, {"series", "multi-field"}, {"x", "0.35"}});
    CHECK(num_of(t, bin, "count") == 1);
  }
  SECTION("activations: per-unit histograms per activation and source") {
    const CsvTable t = table(out / "activations.csv");
    int relu_60 = 0, tanh_60 = 0;
    for (size_t i = 0; i < t.rows.size(); ++i) {
      if (t.field(i, "score") != "score_60") continue;
      const int units = static_cast<int>(num_of(t, i, "units"));
      if (t.field(i, "activation") == "relu" && t.field(i, "source") == "train") relu_60 += units;
      if (t.field(i, "activation") == "tanh" && t.field(i, "source") == "pattern") tanh_60 += units;
    }
    CHECK(relu_60 == 5); // train-a (3) and train-d (2); train-g is multi-field
    CHECK(tanh_60 == 1);
    const size_t hi = row_where(
        t, {{"score", "score_90"}, {"source", "train"}, {"activation", "relu"}, {"bin_lo", "1.5"}});
    CHECK(num_of(t, hi, "units") == 1);
  }
  SECTION("mosaics: the best units across runs, best first") {
    const CsvTable t = table(out / "mosaic_units.csv");
    REQUIRE(t.rows.size() == 5);
    CHECK(t.field(0, "run_id") == "train-d");
    CHECK(t.field(0, "unit") == "1");
    CHECK(t.field(1, "run_id") == "train-a");
    CHECK(t.field(4, "score_60") == "-0.2");
  }
}

// How many rows of `data` a gnuplot `using` filter keeps, and the sum of what it keeps, asked
// of gnuplot itself (`stats`, with the figures' `set datafile separator ','`). Empty when
// gnuplot keeps no row (stats fails on no valid point).
std::optional<std::pair<int, double>> gnuplot_kept(const fs::path& data, const std::string& expr) {
  TempFolder dir("figures-gnuplot-stats");
  const fs::path script = dir.path / "count.gp", result = dir.path / "count.txt";
  write_text(script, "set datafile separator ','\nset print '" + result.string() + "'\nstats '" +
                         data.string() + "' using " + expr +
                         " skip 1 nooutput\nprint sprintf('%d %.10g', STATS_records, STATS_sum)\n");
  const std::string cmd = "gnuplot '" + script.string() + "' > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return std::nullopt;
  std::ifstream in(result);
  int records = 0;
  double sum = 0.0;
  if (!(in >> records >> sum)) return std::nullopt;
  return std::make_pair(records, sum);
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_CASE("figures keep every point of a series whose name holds a comma", "[figures][series]") {
  // "single field, one width" (Fig. 5's category) and "dos sigma=uniform:0.08,0.16" (train-h's
  // target): a quoted CSV field is one gnuplot cannot match, so the series drew nothing.
  const fs::path out = rendered().out;
  REQUIRE(rendered().r.code == 0);
  const fs::path data = out / "fig5_multifield.csv";
  const std::string gp = read_all(out / "fig5_multifield.gp");
  // The name the script selects the series by, as written in the script.
  const auto selector = [&](const std::string& panel, const std::string& starts) {
    const std::string key = "strcol(1) eq '" + panel + "' && strcol(2) eq '" + starts;
    const size_t at = gp.find(key);
    REQUIRE(at != std::string::npos);
    const size_t from = at + key.size() - starts.size();
    return gp.substr(from, gp.find('\'', from) - from);
  };
  const std::string single = selector("score_60", "single field");
  CHECK(single == figure_field("single field, one width"));
  // All 30 bins of the single-field histogram, holding train-a's 3 and train-d's 2 units.
  const auto kept =
      gnuplot_kept(data, "(strcol(1) eq 'score_60' && strcol(2) eq '" + single + "' ? $5 : NaN)");
  REQUIRE(kept);
  CHECK(kept->first == 30);
  CHECK(kept->second == Approx(5.0));
  const std::string uniform = selector("spectrum", "dos sigma=uniform");
  const auto spectrum =
      gnuplot_kept(data, "(strcol(1) eq 'spectrum' && strcol(2) eq '" + uniform + "' ? $4 : NaN)");
  REQUIRE(spectrum);
  CHECK(spectrum->first > 10);
  // No figure's data holds a quoted field.
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().extension() == ".csv") {
      INFO(e.path());
      CHECK(read_all(e.path()).find('"') == std::string::npos);
    }
  CHECK(figure_row({"a, b", "say \"hi\"", "it's", "x\ny"}) == "a; b,say `hi`,it`s,x y\n");
}

TEST_CASE("figures skip the per-unit panels with a message when the run folders are absent",
          "[figures][folders]") {
  // The committed results.csv travels without its runs/ folder: before, Fig. 5's empty score
  // panel made gnuplot fail (exit 3).
  TempFolder dir("figures-no-folders");
  write_text(dir.path / "results.csv", std::string(header) + rows);
  const fs::path out = dir.path / "figs";
  const auto r =
      run_cli({"figures", "--results", (dir.path / "results.csv").string(), "--out", out.string()});
  INFO(r.err << r.out);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("skipped  fig5_multifield, score_60 panel: no per-unit "
                                    "scores: none of its 8 train/pattern runs has"));
  CHECK_THAT(r.out, Catch::Contains("(run folders absent)"));
  CHECK_THAT(r.out, Catch::Contains("skipped  activations: no per-unit scores"));
  CHECK_THAT(r.out, Catch::Contains("skipped  mosaic_ratemaps: no per-unit scores"));
  CHECK_THAT(r.out, Catch::Contains("skipped  mosaic_sacs: no per-unit scores"));
  CHECK_THAT(r.out, Catch::Contains("skipped  spacing_over_training: no train run folder with "
                                    "evals.csv"));
  // One line per skip.
  size_t lines = 0;
  for (size_t at = r.out.find("skipped  "); at != std::string::npos;
       at = r.out.find("skipped  ", at + 1))
    ++lines;
  CHECK(lines == 5);
  // Fig. 5's other panels are drawn.
  CHECK(fs::file_size(out / "fig5_multifield.png") > 100);
  CHECK_THAT(read_all(out / "fig5_multifield.gp"), Catch::Contains("layout 1,2"));
  const CsvTable t = table(out / "fig5_multifield.csv");
  for (size_t i = 0; i < t.rows.size(); ++i)
    CHECK(t.field(i, "panel") != "score_60");
  CHECK_FALSE(fs::exists(out / "activations.png"));
}

TEST_CASE("figures never count a network that does not path-integrate as having grids",
          "[figures][path-integration]") {
  // pi-a path-integrates (4 cm) with a unit above 0.8; npi-a (30 cm), npi-g (general-dog, 40 cm)
  // and npi-m (2 fields per cell, 35 cm) do not, each with a unit of score_60 1.5.
  TempFolder dir("figures-not-integrating");
  write_text(dir.path / "results.csv",
             std::string(header) +
                 "pi-a,0,t,train,done,,relu,dos,,,,,,4,,0.9,0.95,,hexagonal\n"
                 "npi-a,1,t,train,done,,relu,dos,,,,,,30,,1.5,1.3,,hexagonal\n"
                 "npi-g,2,t,train,done,,relu,general-dog,,,,,,40,,1.5,,,hexagonal\n"
                 "npi-m,3,t,train,done,,relu,dos,2,,,,,35,,1.5,,,hexagonal\n"
                 "pat-a,4,p,pattern,done,,relu,dos,,0.12,2,,,,0.25,,0.91,,hexagonal\n");
  const auto folder = [&](const char* id) { return sweep::run_folder(dir.path, id); };
  write_text(folder("pi-a") / "scores.csv", "unit,score_60,score_90\n0,0.9,0\n1,0.1,0\n");
  write_text(folder("npi-a") / "scores.csv", "unit,score_60,score_90\n0,1.5,0\n1,1.4,0\n");
  write_text(folder("npi-m") / "scores.csv", "unit,score_60,score_90\n0,1.5,0\n");
  const int n = 8;
  for (const char* id : {"pi-a", "npi-a"}) {
    std::vector<double> maps(static_cast<size_t>(2 * n * n));
    for (size_t i = 0; i < maps.size(); ++i)
      maps[i] = std::cos(0.3 * static_cast<double>(i));
    write_npy(folder(id) / "ratemaps.npy", {2, static_cast<size_t>(n), static_cast<size_t>(n)},
              maps.data(), NpyDtype::float64, "test");
  }
  const fs::path out = dir.path / "figs";
  const auto r =
      run_cli({"figures", "--results", (dir.path / "results.csv").string(), "--out", out.string()});
  INFO(r.err << r.out);
  REQUIRE(r.code == 0);

  // Fig. 2: grids among the path-integrating networks only.
  const CsvTable f2 = table(out / "fig2_families.csv");
  const size_t dos = row_where(f2, {{"family", "dos"}});
  CHECK(num_of(f2, dos, "runs") == 2);
  CHECK(num_of(f2, dos, "low_error_runs") == 1);
  CHECK(num_of(f2, dos, "low_error_runs_with_grids") == 1);
  const size_t gdog = row_where(f2, {{"family", "general-dog"}});
  CHECK(num_of(f2, gdog, "low_error_runs_with_grids") == 0);
  // Fig. 3: no spacing of a network that does not path-integrate.
  const CsvTable f3 = table(out / "fig3_spacing_vs_sigma.csv");
  for (size_t i = 0; i < f3.rows.size(); ++i)
    CHECK(f3.field(i, "run_id") != "npi-a");
  CHECK(num_of(f3, row_where(f3, {{"run_id", "pi-a"}}), "grid_spacing_m") == Approx(0.95));
  CHECK_THAT(read_all(out / "fig3_spacing_vs_sigma.gp"),
             Catch::Contains("1 not path-integrating, left out"));
  // Fig. 4: npi-a is counted apart, not among the runs with grids.
  const CsvTable f4 = table(out / "fig4_emergence.csv");
  const size_t at12 = row_where(f4, {{"axis", "sigma"}, {"value", "0.12"}});
  CHECK(num_of(f4, at12, "train_runs") == 1);
  CHECK(num_of(f4, at12, "train_with_grids") == 1);
  CHECK(num_of(f4, at12, "train_not_path_integrating") == 1);
  // general-dog plane: npi-g is a "not path-integrating" point, not one with grids.
  const CsvTable g = table(out / "fig4_general_dog.csv");
  const size_t npi_g = row_where(g, {{"run_id", "npi-g"}});
  CHECK(g.field(npi_g, "has_grids").empty());
  CHECK(g.field(npi_g, "path_integrates") == "0");
  CHECK_THAT(read_all(out / "fig4_general_dog.gp"),
             Catch::Contains("train runs not path-integrating"));
  // Fig. 5 and activations: only pi-a's two units (npi-a's and npi-m's 1.5 are left out).
  const CsvTable f5 = table(out / "fig5_multifield.csv");
  double units = 0.0;
  for (size_t i = 0; i < f5.rows.size(); ++i)
    if (f5.field(i, "panel") == "score_60") units += num_of(f5, i, "count");
  CHECK(units == 2.0);
  const CsvTable act = table(out / "activations.csv");
  double relu = 0.0;
  for (size_t i = 0; i < act.rows.size(); ++i)
    if (act.field(i, "score") == "score_60" && act.field(i, "source") == "train")
      relu += num_of(act, i, "units");
  CHECK(relu == 2.0);
  // Mosaics: the best units of the path-integrating networks.
  const CsvTable m = table(out / "mosaic_units.csv");
  REQUIRE(m.rows.size() == 2);
  for (size_t i = 0; i < m.rows.size(); ++i) {
    CHECK(m.field(i, "run_id") == "pi-a");
    CHECK(m.field(i, "path_integrates") == "1");
  }
  CHECK_THAT(r.out, Catch::Contains("not path-integrating left out"));
}

TEST_CASE("figures skips what its rows cannot show and always draws the theory figures",
          "[figures]") {
  TempFolder dir("figures-skip");
  write_text(dir.path / "results.csv",
             std::string(header) +
                 "predict-a,0,q,predict,done,,relu,dos,,0.12,2,0.839,0.95,,,,,hexagonal,\n");
  const auto r = run_cli({"figures", "--results", (dir.path / "results.csv").string(), "--out",
                          (dir.path / "figs").string()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("skipped  fig2_families: no finished train rows"));
  CHECK_THAT(r.out, Catch::Contains("skipped  mosaic_sacs"));
  CHECK(fs::exists(dir.path / "figs" / "spectra.png"));
  CHECK(fs::exists(dir.path / "figs" / "fig4_general_dog.gp"));
  CHECK_FALSE(fs::exists(dir.path / "figs" / "fig2_families.png"));
}

namespace {

// An archived run keeps its best units' ratemaps only (scripts/archive_runs.py: top_ratemaps.npy,
// their unit numbers in top_units.txt, best first); the fixture's run folders are rewritten that
// way, from their own ratemaps.npy.
void archive_ratemaps(const fs::path& folder, const std::vector<int>& units) {
  const NpyArray all = read_npy(folder / "ratemaps.npy", "test");
  const size_t per = all.shape[1] * all.shape[2];
  std::vector<double> top;
  std::string list;
  for (int u : units) {
    const auto from = all.data.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(u) * per);
    top.insert(top.end(), from, from + static_cast<std::ptrdiff_t>(per));
    list += (list.empty() ? "" : " ") + std::to_string(u);
  }
  write_npy(folder / "top_ratemaps.npy", {units.size(), all.shape[1], all.shape[2]}, top.data(),
            NpyDtype::float64, "test");
  write_text(folder / "top_units.txt", list + "\n");
  fs::remove(folder / "ratemaps.npy");
}

} // namespace

TEST_CASE("figures draws the mosaics from archived runs' best-unit ratemaps", "[figures]") {
  const fs::path full = rendered().out;
  REQUIRE(rendered().r.code == 0);
  SECTION("every unit archived: the same mosaics as from the run folders") {
    Fixture fx("figures-archived-all");
    archive_ratemaps(sweep::run_folder(fx.dir.path, "train-a"), {0, 1, 2});
    archive_ratemaps(sweep::run_folder(fx.dir.path, "train-d"), {1, 0});
    const fs::path out = fx.dir.path / "figs";
    const auto r = run_cli({"figures", "--results", fx.csv.string(), "--out", out.string()});
    INFO(r.err << r.out);
    REQUIRE(r.code == 0);
    CHECK(read_all(out / "mosaic_units.csv") == read_all(full / "mosaic_units.csv"));
    CHECK(read_all(out / "mosaic_ratemaps.csv") == read_all(full / "mosaic_ratemaps.csv"));
    CHECK(read_all(out / "mosaic_sacs.csv") == read_all(full / "mosaic_sacs.csv"));
  }
  SECTION("a unit the archive did not keep is not drawn; the next best is") {
    Fixture fx("figures-archived-top");
    archive_ratemaps(sweep::run_folder(fx.dir.path, "train-a"), {0, 1}); // not unit 2 (-0.2)
    archive_ratemaps(sweep::run_folder(fx.dir.path, "train-d"), {1, 0});
    const fs::path out = fx.dir.path / "figs";
    const auto r = run_cli({"figures", "--results", fx.csv.string(), "--out", out.string()});
    INFO(r.err << r.out);
    REQUIRE(r.code == 0);
    const CsvTable t = table(out / "mosaic_units.csv");
    REQUIRE(t.rows.size() == 4);
    const std::vector<std::pair<std::string, std::string>> expected{
        {"train-d", "1"}, {"train-a", "0"}, {"train-d", "0"}, {"train-a", "1"}};
    for (size_t i = 0; i < expected.size(); ++i) {
      CHECK(t.field(i, "run_id") == expected[i].first);
      CHECK(t.field(i, "unit") == expected[i].second);
    }
  }
  SECTION("a top_units.txt that does not match its maps: the run is not drawn") {
    Fixture fx("figures-archived-bad");
    archive_ratemaps(sweep::run_folder(fx.dir.path, "train-a"), {0, 1, 2});
    archive_ratemaps(sweep::run_folder(fx.dir.path, "train-d"), {1, 0});
    write_text(sweep::run_folder(fx.dir.path, "train-d") / "top_units.txt", "1\n");
    const fs::path out = fx.dir.path / "figs";
    const auto r = run_cli({"figures", "--results", fx.csv.string(), "--out", out.string()});
    INFO(r.err << r.out);
    REQUIRE(r.code == 0);
    const CsvTable t = table(out / "mosaic_units.csv");
    REQUIRE(t.rows.size() == 3);
    for (size_t i = 0; i < t.rows.size(); ++i)
      CHECK(t.field(i, "run_id") == "train-a");
  }
}

TEST_CASE("Fig. 3 puts measured spacings from any box on the line, box-lattice triads from one",
          "[figures]") {
  // The validation sweep runs the solver in a 4.4 m box and predicts the 2.2 m box's lattice:
  // the analytic k* does not depend on the box, the triads do.
  TempFolder dir("figures-fig3-box");
  write_text(dir.path / "results.csv",
             "run_id,index,block,command,status,opt.activation,opt.encoding,opt.sigma,"
             "opt.surround-ratio,opt.box,box_lattice.best_triad.grid_spacing_m,"
             "median_grid_spacing_m,max_score_60\n"
             "q1,0,q,predict,done,relu,dos,0.12,2,2.2,0.839,,\n"
             "q2,1,q,predict,done,relu,dos,0.14,2,2.2,1.19,,\n"
             "q3,2,q,predict,done,relu,dos,0.12,2,4.4,0.93,,\n"
             "p1,3,p,pattern,done,relu,dos,0.12,2,4.4,,0.97,1.1\n");
  const auto r = run_cli({"figures", "--results", (dir.path / "results.csv").string(), "--out",
                          (dir.path / "figs").string()});
  INFO(r.err << r.out);
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out,
             Catch::Contains("fig3_spacing_vs_sigma.png (+ .csv, .gp): 1 pattern and 0 train"));
  const CsvTable t = read_csv(dir.path / "figs" / "fig3_spacing_vs_sigma.csv", "test");
  const size_t solver = row_where(t, {{"kind", "pattern"}, {"run_id", "p1"}});
  CHECK(num_of(t, solver, "grid_spacing_m") == Approx(0.97));
  CHECK(num_of(t, solver, "box_m") == Approx(4.4));
  int triads = 0;
  for (size_t i = 0; i < t.rows.size(); ++i)
    if (t.field(i, "kind") == "box-lattice") {
      CHECK(num_of(t, i, "box_m") == Approx(2.2)); // q3's 4.4 m triad is not drawn
      ++triads;
    }
  CHECK(triads == 2);
}

TEST_CASE("figures refuses bad input with one line and exit code 2", "[figures]") {
  Fixture fx("figures-bad-input");
  const std::string out = (fx.dir.path / "figs").string();
  SECTION("missing results table") {
    const auto r =
        run_cli({"figures", "--results", (fx.dir.path / "nope.csv").string(), "--out", out});
    gridtheory::test::require_one_line_user_error(r, "--results", "");
  }
  SECTION("a CSV that is no results table") {
    write_text(fx.dir.path / "other.csv", "a,b\n1,2\n");
    const auto r =
        run_cli({"figures", "--results", (fx.dir.path / "other.csv").string(), "--out", out});
    gridtheory::test::require_one_line_user_error(r, "--results", "");
    CHECK_THAT(r.err, Catch::Contains("run_id"));
  }
  SECTION("a ragged CSV") {
    write_text(fx.dir.path / "ragged.csv", "run_id,command,status\ntrain-a,train\n");
    const auto r =
        run_cli({"figures", "--results", (fx.dir.path / "ragged.csv").string(), "--out", out});
    gridtheory::test::require_one_line_user_error(r, "--results", "");
  }
  SECTION("an output folder whose parent is missing") {
    const std::string bad = (fx.dir.path / "no" / "such" / "dir").string();
    const auto r = run_cli({"figures", "--results", fx.csv.string(), "--out", bad});
    gridtheory::test::require_one_line_user_error(r, "--out", "");
    CHECK_FALSE(fs::exists(fx.dir.path / "no"));
  }
  SECTION("an output path that is a file") {
    const auto r = run_cli({"figures", "--results", fx.csv.string(), "--out", fx.csv.string()});
    gridtheory::test::require_one_line_user_error(r, "--out", fx.csv.string());
  }
  SECTION("--jobs not a positive integer") {
    for (const char* jobs : {"0", "two", "1.5"}) {
      const auto r = run_cli({"figures", "--jobs", jobs, "--out", out});
      gridtheory::test::require_one_line_user_error(r, "--jobs", jobs);
    }
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("figures without --results runs a sweep spec first and draws from its table",
          "[figures]") {
  // The mechanics of the default mode on a spec of three fast runs (the shipped spec itself
  // takes about 20 s on 2 cores: README, "gridtheory figures").
  TempFolder dir("figures-default");
  write_text(dir.path / "tiny.toml",
             "name = \"tiny\"\n"
             "[[block]]\nname = \"p\"\ncommand = \"predict\"\n"
             "fixed = { encoding = \"dos\", surround-ratio = 2 }\n"
             "grid = { sigma = [0.1, 0.12] }\n"
             "[[block]]\nname = \"s\"\ncommand = \"pattern\"\n"
             "fixed = { encoding = \"dos\", surround-ratio = 2, sigma = 0.12, maps = 3, "
             "steps = 100, res = 24, cells = 128 }\n");
  const fs::path out = dir.path / "figs";
  const std::string cmd = std::string(GRIDTHEORY_BINARY) + " figures --jobs 2 --spec " +
                          (dir.path / "tiny.toml").string() + " --out " + out.string() + " > " +
                          (dir.path / "stdout.txt").string() + " 2> " +
                          (dir.path / "stderr.txt").string();
  const int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const CsvTable results = table(out / "sweep" / "results.csv");
  REQUIRE(results.rows.size() == 3);
  for (size_t i = 0; i < results.rows.size(); ++i)
    CHECK(results.field(i, "status") == "done");
  CHECK(fs::exists(out / "spectra.png"));
  CHECK(fs::exists(out / "fig4_emergence.csv"));
  std::ifstream printed(dir.path / "stdout.txt");
  const std::string text{std::istreambuf_iterator<char>(printed), {}};
  CHECK_THAT(text, Catch::Contains("3 done, 0 failed"));
  CHECK_THAT(text, Catch::Contains("skipped  fig2_families"));
}

TEST_CASE("the shipped sweeps/figures.toml plans predict, pattern and train runs", "[figures]") {
  const sweep::Plan plan =
      sweep::plan_from_file(fs::path(GRIDTHEORY_SOURCE_DIR) / "sweeps" / "figures.toml");
  std::map<std::string, int> per_command;
  for (const auto& run : plan.runs)
    per_command[run.command]++;
  CHECK(per_command["predict"] >= 20);
  CHECK(per_command["pattern"] >= 10);
  CHECK(per_command["train"] >= 1);
  CHECK(per_command["train"] <= 8); // a handful: the default mode must take minutes, not hours
}
