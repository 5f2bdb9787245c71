// Tiny training runs shared by the train, checkpoint-input and output-failure tests.
#pragma once

#include "process_harness.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace gridtheory::test {

// A network small enough to train in well under a second.
inline std::vector<std::string> tiny(const std::filesystem::path& out,
                                     const std::string& steps = "40") {
  return {"train", "--hidden",    "12",        "--cells",
          "24",    "--steps",     steps,       "--batch",
          "6",     "--seq-len",   "5",         "--lr",
          "3e-3",  "--threads",   "1",         "--checkpoint-every",
          "10",    "--log-every", "5",         "--eval-batches",
          "3",     "--eval-bins", "8",         "--seed",
          "7",     "--out",       out.string()};
}

inline nlohmann::json read_json(const std::filesystem::path& p) {
  return nlohmann::json::parse(slurp(p));
}

// metrics.csv without its seconds column (wall-clock time differs between runs).
inline std::string metrics_without_time(const std::filesystem::path& csv) {
  std::istringstream in(slurp(csv));
  std::string line, out;
  while (std::getline(in, line))
    out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

} // namespace gridtheory::test
