#include "src/plot/paper_figures.hpp"

namespace gridtheory {

std::vector<FigureOutcome> write_paper_figures(const ResultTable* results,
                                               const std::filesystem::path& out) {
  std::vector<FigureOutcome> done;
  done.push_back(write_spectra_figure(out));
  if (results) {
    done.push_back(write_families_figure(*results, out));
    done.push_back(write_spacing_vs_sigma_figure(*results, out));
    done.push_back(write_emergence_figure(*results, out));
  } else {
    for (const char* name : {"fig2_families", "fig3_spacing_vs_sigma", "fig4_emergence"})
      done.push_back({name, false, "no results table", {}, {}});
  }
  done.push_back(write_general_dog_figure(results, out));
  if (results) {
    done.push_back(write_multifield_figure(*results, out));
    done.push_back(write_activations_figure(*results, out));
    for (auto& m : write_mosaic_figures(*results, out))
      done.push_back(std::move(m));
    done.push_back(write_training_figure(*results, out));
  } else {
    for (const char* name : {"fig5_multifield", "activations", "mosaic_ratemaps", "mosaic_sacs",
                             "spacing_over_training"})
      done.push_back({name, false, "no results table", {}, {}});
  }
  return done;
}

} // namespace gridtheory
