// A sweep spec's random axes: their distributions and the draw of each sample
// (src/sweep/spec_detail.hpp).
#include "src/sweep/spec_detail.hpp"
#include "src/train/dropout.hpp"

#include <algorithm>
#include <cmath>

namespace gridtheory::sweep::detail {

namespace {

double as_number(const toml::node* n, const SpecError& fail, const std::string& where) {
  if (n) {
    if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
    if (const auto* f = n->as_floating_point())
      if (std::isfinite(f->get())) return f->get();
  }
  fail(where, "is not a finite number", "a number");
}

} // namespace

RandomSpec random_of(const toml::table& t, const SpecError& fail, const std::string& where) {
  RandomSpec r;
  for (auto&& [key, node] : t) {
    const std::string name(key.str());
    const std::string at = where + "." + name;
    if (name == "samples" || name == "seed") {
      const auto* i = node.as_integer();
      if (!i || i->get() < (name == "samples" ? 1 : 0))
        fail(at,
             "is not " + std::string(name == "samples" ? "a positive" : "a non-negative") +
                 " integer",
             name == "samples" ? "samples = N with N >= 1" : "seed = N with N >= 0");
      if (name == "samples")
        r.samples = i->get();
      else
        r.seed = static_cast<std::uint64_t>(i->get());
      continue;
    }
    check_option_name(name, fail, where);
    const auto* dist = node.as_table();
    if (!dist || dist->size() != 1)
      fail(at, "is not a distribution",
           "{ uniform = [lo, hi] }, { log-uniform = [lo, hi] }, { int = [lo, hi] } or "
           "{ choice = [a, b, ...] }");
    const auto first = dist->cbegin();
    RandomAxis axis{name, std::string(first->first.str()), 0, 0, {}};
    const toml::array* arr = first->second.as_array();
    if (axis.kind == "choice") {
      if (!arr || arr->empty()) fail(at + ".choice", "is not a non-empty list", "[a, b, ...]");
      for (std::size_t i = 0; i < arr->size(); ++i)
        axis.choices.push_back(
            scalar_text(*arr->get(i), fail, at + ".choice[" + std::to_string(i) + "]"));
    } else if (axis.kind == "uniform" || axis.kind == "log-uniform" || axis.kind == "int") {
      if (!arr || arr->size() != 2)
        fail(at + "." + axis.kind, "is not a pair [lo, hi]", "[lo, hi] with lo <= hi");
      axis.lo = as_number(arr->get(0), fail, at + "." + axis.kind + "[0]");
      axis.hi = as_number(arr->get(1), fail, at + "." + axis.kind + "[1]");
      if (!(axis.lo <= axis.hi))
        fail(at + "." + axis.kind, "has lo > hi", "[lo, hi] with lo <= hi");
      if (axis.kind == "log-uniform" && !(axis.lo > 0))
        fail(at + ".log-uniform", "has lo <= 0", "0 < lo <= hi");
      if (axis.kind == "int" && (axis.lo != std::floor(axis.lo) || axis.hi != std::floor(axis.hi)))
        fail(at + ".int", "has a bound that is not an integer", "integer bounds");
    } else {
      fail(at, "has an unknown distribution '" + axis.kind + "'",
           "uniform, log-uniform, int, choice");
    }
    r.axes.push_back(std::move(axis));
  }
  if (r.samples == 0 && !r.axes.empty())
    fail(where, "has no samples = N", "samples = N (N >= 1) next to the distributions");
  return r;
}

// Value of a random axis for one sample: splitmix64 keyed by (seed, sample, axis name).
std::optional<std::string> draw(const RandomAxis& a, std::uint64_t seed, long long sample) {
  std::uint64_t key = train::splitmix64_mix(seed + 0x9E3779B97F4A7C15ULL);
  key = train::splitmix64_mix(key ^ static_cast<std::uint64_t>(sample));
  for (char c : a.name) // FNV-1a of the name folds the axis into the key
    key = train::splitmix64_mix(
        key ^ (static_cast<std::uint64_t>(static_cast<unsigned char>(c)) * 0x100000001B3ULL));
  const double u = static_cast<double>(train::splitmix64_mix(key) >> 11) * 0x1.0p-53;
  if (a.kind == "uniform") return shortest(a.lo + u * (a.hi - a.lo));
  if (a.kind == "log-uniform")
    return shortest(std::exp(std::log(a.lo) + u * (std::log(a.hi) - std::log(a.lo))));
  if (a.kind == "int") {
    const double n = a.hi - a.lo + 1.0;
    const double v = a.lo + std::min(std::floor(u * n), n - 1.0);
    return std::to_string(static_cast<long long>(v));
  }
  const auto i = std::min(static_cast<std::size_t>(u * static_cast<double>(a.choices.size())),
                          a.choices.size() - 1);
  return a.choices[i];
}

} // namespace gridtheory::sweep::detail
