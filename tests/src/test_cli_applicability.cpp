// Every option applies or is refused (issue 16): an option given where it does not apply is bad
// input (exit code 2, one line naming the option and the value, nothing written), never silently
// ignored. Each subcommand's options are enumerated from its own parser: an option is either
// tried below in a context where it does not apply, or listed as applying in every context. A
// new option fails the census until it is put in one of the two tables.
#include "src/cli/command.hpp"
#include "tests/src/cli_harness.hpp"

#include <catch2/catch.hpp>
#include <iostream>
#include <map>
#include <set>

using gridtheory::test::CliResult;
using gridtheory::test::run_cli;
using gridtheory::test::TempFolder;

namespace {

// An option tried in a context where it does not apply. "@out", "@png", "@csv" and "@run" in
// the arguments are paths under a fresh temp folder that must stay empty.
struct Inapplicable {
  std::string command; // "predict", or "sweep run" for a nested subcommand
  std::vector<std::string> context;
  std::string option;
  std::string value; // empty for a flag
};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

std::vector<Inapplicable> inapplicable_cases() {
  // Small sizes everywhere, so a refusal that regressed costs a fraction of a second.
  const std::vector<std::string> pattern{"--out", "@out",  "--maps", "2",         "--steps",
                                         "2",     "--res", "16",     "--threads", "1"};
  const std::vector<std::string> train{"--out",   "@out", "--hidden",  "8", "--steps",   "2",
                                       "--batch", "2",    "--seq-len", "2", "--threads", "1"};
  const std::vector<std::string> scan{"--sigma", "0.1:0.12:0.01"};
  std::vector<Inapplicable> cases{
      // predict, spectrum, scan: the sampled solver's resolution with the analytic spectrum
      // (auto picks it for NFL's dos; --method analytic asks for it). spectrum and scan record
      // no seed and no cell count: with the analytic spectrum nothing is drawn. The sampled
      // spectrum's rows are lattice radii: no --points.
      {"predict", {}, "--res", "64"},
      {"predict", {"--method", "analytic"}, "--res", "32"},
      {"predict", {"--encoding", "cartesian"}, "--plot", "@png"},
      // --log-power styles the spectrum figure: without --plot there is none.
      {"predict", {}, "--log-power", ""},
      {"spectrum", {}, "--log-power", ""},
      {"spectrum", {}, "--res", "32"},
      {"spectrum", {"--method", "analytic"}, "--seed", "3"},
      {"spectrum", {}, "--cells", "64"},
      {"spectrum", {"--method", "sampled", "--res", "16", "--threads", "1"}, "--points", "5"},
      {"scan", scan, "--res", "32"},
      {"scan", with(scan, {"--method", "analytic"}), "--seed", "3"},
      {"scan", scan, "--cells", "64"},
      // pattern: --gain is a term of the multi rule only; --cells draws the sampled kernel.
      {"pattern", pattern, "--gain", "2"},
      {"pattern", with(pattern, {"--kernel", "analytic"}), "--cells", "5"},
      // train: nothing is evaluated with --eval none; gated cells have their own
      // nonlinearities; cartesian targets are two numbers fitted by MSE.
      {"train", with(train, {"--eval", "none"}), "--eval-bins", "3"},
      {"train", with(train, {"--eval", "none"}), "--eval-batches", "2"},
      {"train", with(train, {"--eval", "none"}), "--eval-every", "5"},
      {"train", with(train, {"--eval", "none"}), "--eval-every", "0"},
      {"train", with(train, {"--cell", "lstm"}), "--activation", "tanh"},
      {"train", with(train, {"--encoding", "cartesian"}), "--loss", "cross-entropy"},
      // validate: a sweep's table or an imported one, whose mapping applies to it only.
      {"validate", {"--out", "@out", "--import", "@csv"}, "--results", "@csv"},
      {"validate", {"--out", "@out", "--results", "@csv"}, "--import", "@csv"},
      {"validate", {"--out", "@out", "--results", "@csv"}, "--columns", "map.toml"},
      // figures: --jobs and --spec run a sweep first, which --results replaces.
      {"figures", {"--out", "@out", "--results", "@csv"}, "--jobs", "2"},
      {"figures", {"--out", "@out", "--results", "@csv"}, "--spec", "sweeps/figures.toml"},
  };
  // Each encoding option outside its family, in every command that takes an encoding.
  const std::vector<Inapplicable> encoding_cases{
      {"", {"--encoding", "dos"}, "--alpha-e", "2"},
      {"", {"--encoding", "gaussian"}, "--alpha-i", "1"},
      {"", {"--encoding", "gaussian"}, "--surround-ratio", "2"},
      {"", {"--encoding", "gaussian"}, "--surround-variance-ratio", "4"},
      {"", {"--encoding", "cartesian"}, "--sigma", "0.1"},
      {"", {"--encoding", "polar"}, "--fields-per-cell", "2"},
      {"", {"--encoding", "cartesian"}, "--cells", "64"},
  };
  for (const auto& [command, context] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{{"predict", {}},
                                                                     {"spectrum", {}},
                                                                     {"scan", {"--box", "2:3:1"}},
                                                                     {"pattern", pattern},
                                                                     {"train", train}})
    for (const auto& e : encoding_cases)
      cases.push_back({command, with(context, e.context), e.option, e.value});
  // Every other option of train is refused with --resume (the run keeps its config.json).
  for (const auto& [option, value] :
       std::vector<std::pair<std::string, std::string>>{{"--encoding", "gaussian"},
                                                        {"--sigma", "0.1"},
                                                        {"--surround-ratio", "2"},
                                                        {"--surround-variance-ratio", "4"},
                                                        {"--alpha-e", "1"},
                                                        {"--alpha-i", "1"},
                                                        {"--fields-per-cell", "1"},
                                                        {"--cells", "64"},
                                                        {"--box", "2"},
                                                        {"--periodic", ""},
                                                        {"--hidden", "8"},
                                                        {"--cell", "gru"},
                                                        {"--activation", "relu"},
                                                        {"--loss", "mse"},
                                                        {"--steps", "2"},
                                                        {"--batch", "2"},
                                                        {"--seq-len", "2"},
                                                        {"--lr", "0.001"},
                                                        {"--optimizer", "sgd"},
                                                        {"--weight-decay", "0"},
                                                        {"--input-dropout", "0.1"},
                                                        {"--recurrent-dropout", "0.1"},
                                                        {"--clip", "1"},
                                                        {"--seed", "1"},
                                                        {"--checkpoint-every", "1"},
                                                        {"--log-every", "1"},
                                                        {"--eval", "none"},
                                                        {"--eval-batches", "2"},
                                                        {"--eval-bins", "3"},
                                                        {"--eval-every", "1"},
                                                        {"--threads", "1"},
                                                        {"--preset", "lightweight"},
                                                        {"--out", "@out"},
                                                        {"--init-from", "@run"}})
    cases.push_back({"train", {"--resume", "@run"}, option, value});
  return cases;
}

// Options that apply in every context of their command (with why, where it is not obvious).
const std::map<std::string, std::set<std::string>> always_applies{
    // --seed: predict records it even where nothing is drawn. --threads: a resource limit (a
    // sweep passes it to every run). --periodic, --box, --activation, --method, --format:
    // every prediction depends on or reports them.
    {"predict",
     {"--help", "--encoding", "--box", "--periodic", "--activation", "--seed", "--method",
      "--threads", "--format"}},
    {"spectrum",
     {"--help", "--encoding", "--box", "--periodic", "--method", "--threads", "--k-max", "--out",
      "--plot"}},
    {"scan",
     {"--help", "--encoding", "--box", "--periodic", "--activation", "--method", "--threads",
      "--format", "--out", "--plot"}},
    // pattern --periodic: accepted as true (its box is always periodic), documented so. --seed
    // seeds the maps whatever the kernel.
    {"pattern",
     {"--help", "--encoding", "--box", "--periodic", "--activation", "--seed", "--maps", "--steps",
      "--res", "--lr", "--threads", "--multi", "--kernel", "--format", "--out"}},
    {"train", {"--help", "--resume", "--format"}},
    {"score", {"--help", "--ratemaps", "--box", "--sac", "--threads", "--format", "--plot"}},
    {"ratemaps",
     {"--help", "--positions", "--activity", "--out", "--box", "--bins", "--smooth",
      "--min-occupancy"}},
    {"loss", {"--help", "--checkpoint", "--batch", "--gradients", "--precision", "--format"}},
    {"batch", {"--help", "--run", "--step", "--out", "--format"}},
    {"evaluate",
     {"--help", "--run", "--checkpoint", "--out", "--eval-bins", "--eval-batches", "--threads",
      "--format"}},
    {"validate", {"--help", "--out", "--error-threshold-cm"}},
    {"figures", {"--help", "--results", "--out"}},
    {"sweep", {"--help"}},
    {"sweep plan", {"--help", "SPEC", "--format"}},
    {"sweep run", {"--help", "SPEC", "--out", "--jobs", "--shard", "--threads-per-run"}},
    {"sweep status", {"--help", "DIR"}},
    {"sweep collect", {"--help", "DIR", "--out"}},
};

std::string substitute(const std::string& arg, const TempFolder& dir) {
  if (arg == "@out") return (dir.path / "out").string();
  if (arg == "@png") return (dir.path / "figure.png").string();
  if (arg == "@csv") return (dir.path / "results.csv").string();
  if (arg == "@run") return (dir.path / "run").string();
  return arg;
}

} // namespace

TEST_CASE("every option applies or is refused: the census covers every option of every "
          "subcommand") {
  CLI::App parent;
  std::vector<gridtheory::cli::Command> commands{
      gridtheory::cli::add_predict_command(parent),  gridtheory::cli::add_spectrum_command(parent),
      gridtheory::cli::add_scan_command(parent),     gridtheory::cli::add_pattern_command(parent),
      gridtheory::cli::add_score_command(parent),    gridtheory::cli::add_ratemaps_command(parent),
      gridtheory::cli::add_train_command(parent),    gridtheory::cli::add_loss_command(parent),
      gridtheory::cli::add_evaluate_command(parent), gridtheory::cli::add_sweep_command(parent, {}),
      gridtheory::cli::add_validate_command(parent), gridtheory::cli::add_figures_command(parent)};
  std::set<std::pair<std::string, std::string>> tried;
  for (const auto& c : inapplicable_cases())
    tried.insert({c.command, c.option});
  std::size_t options = 0;
  const auto census = [&](const std::string& name, const CLI::App* app) {
    REQUIRE(always_applies.count(name) == 1);
    for (const CLI::Option* opt : app->get_options()) {
      ++options;
      const std::string option = opt->get_name();
      INFO(name << " " << option
                << ": add it to inapplicable_cases() (a context where it does not apply) or to "
                   "always_applies");
      CHECK((always_applies.at(name).count(option) == 1 || tried.count({name, option}) == 1));
    }
  };
  for (const auto& c : commands) {
    census(c.app->get_name(), c.app);
    for (const CLI::App* sub : c.app->get_subcommands({}))
      census(c.app->get_name() + " " + sub->get_name(), sub);
  }
  CHECK(options > 100);
}

TEST_CASE("every option given where it does not apply is a one-line user error, nothing written") {
  std::size_t tried = 0, exit_2 = 0, violations = 0;
  for (const auto& c : inapplicable_cases()) {
    TempFolder dir("applicability");
    std::vector<std::string> args;
    for (std::size_t start = 0, space = 0; space != std::string::npos; start = space + 1) {
      space = c.command.find(' ', start);
      args.push_back(c.command.substr(start, space - start));
    }
    for (const auto& a : c.context)
      args.push_back(substitute(a, dir));
    args.push_back(c.option);
    const std::string value = substitute(c.value, dir);
    if (!c.value.empty()) args.push_back(value);
    std::string joined;
    for (const auto& a : args)
      joined += a + " ";
    INFO("gridtheory " << joined);
    const CliResult r = run_cli(args);
    INFO("exit " << r.code << ", stderr: " << r.err);
    ++tried;
    if (r.code == 2) ++exit_2;
    const bool one_line =
        !r.err.empty() && r.err.back() == '\n' && std::count(r.err.begin(), r.err.end(), '\n') == 1;
    const bool names_it = r.err.find(c.option) != std::string::npos &&
                          (c.value.empty() || r.err.find("'" + value + "'") != std::string::npos);
    const bool nothing_written = r.out.empty() && dir.files().empty();
    const bool ok = r.code == 2 && one_line && names_it && nothing_written;
    if (!ok) ++violations;
    CHECK(r.code == 2);
    CHECK(one_line);
    CHECK(names_it);
    CHECK(nothing_written);
  }
  std::cout << "applicability: tried " << tried << ", exit 2: " << exit_2
            << ", violations: " << violations << "\n";
  CHECK(tried >= 60);
  CHECK(exit_2 == tried);
  CHECK(violations == 0);
}
