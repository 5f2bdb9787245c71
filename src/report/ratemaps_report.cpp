#include "src/report/ratemaps_report.hpp"

#include "src/report/score_table.hpp"
#include "theory/distribution.hpp"

namespace gridtheory {

std::string ratemaps_text(const std::string& path, const RatemapOptions& o, std::size_t samples,
                          std::size_t units, std::size_t bins_with_rate) {
  const auto n = static_cast<std::size_t>(o.nbins);
  return "wrote " + path + ": " + std::to_string(units) + " units x " + std::to_string(n) + " x " +
         std::to_string(n) + " bins (box " + format_number(o.side_m) + " m, bin " +
         format_score(o.side_m / o.nbins) + " m), " + std::to_string(samples) + " samples, " +
         std::to_string(bins_with_rate) + " of " + std::to_string(n * n) +
         " bins with a rate (min occupancy " + std::to_string(o.min_occupancy) + "), smoothing " +
         (o.smooth_m > 0 ? "sigma " + format_number(o.smooth_m) + " m" : std::string("none")) +
         "\n";
}

} // namespace gridtheory
