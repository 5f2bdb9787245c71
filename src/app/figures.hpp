// The `figures` use case: the NFL paper's figures from a sweep's results.csv, or from a sweep
// (by default the small shipped sweeps/figures.toml) run first into OUT/sweep.
#pragma once

#include "src/plot/paper_figures.hpp"
#include "src/plot/result_rows.hpp"
#include "src/sweep/sweep.hpp"

#include <filesystem>
#include <optional>
#include <ostream>
#include <vector>

namespace gridtheory::app {

struct FiguresRequest {
  std::optional<std::filesystem::path> results; // a sweep's results.csv; else run a sweep
  std::filesystem::path out;
  std::optional<int> jobs;                   // without results: runs at once (default: cores)
  std::optional<std::filesystem::path> spec; // without results: default the shipped spec
  std::ostream* progress = nullptr;          // the sweep's progress lines, when one runs
};

// The sweep figures ran first (when the request had no results table).
struct FiguresSweep {
  std::filesystem::path spec;
  std::filesystem::path table; // its collected results.csv
  sweep::RunOutcome outcome;
  int jobs = 1;
  double seconds = 0.0;
};

struct FiguresResult {
  std::optional<FiguresSweep> sweep;
  std::optional<ResultTable> results; // the table the figures were drawn from
  std::vector<FigureOutcome> figures;
};

// The allowed --jobs values.
inline constexpr long long max_jobs = 100000;

// Checks the request (UserError naming the parameter), runs the sweep when there is no table,
// draws every figure it can into `out`.
FiguresResult figures(const FiguresRequest& request);

// What `gridtheory figures` prints: the sweep, the table's counts, each figure written or skipped.
std::string summary_text(const FiguresResult& result);

} // namespace gridtheory::app
