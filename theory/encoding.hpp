// Target encodings: what the network is trained to output at each position. One definition
// serves the closed-form spectra (theory/), the sampled populations (numerics/) and training.
#pragma once

#include "theory/defaults.hpp"
#include "theory/distribution.hpp"
#include "theory/errors.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridtheory {

enum class Family {
  cartesian,   // the position (x, y) itself
  polar,       // (distance, angle) about the arena centre
  gaussian,    // softmax over cells of -d^2 / (2 sigma^2): unit-mass Gaussian fields
  dos,         // NFL difference of softmaxes (sigma_E minus sigma_I), shifted and normalised
  dog,         // difference of unit-mass Gaussians N(sigma_E) - N(sigma_I)
  true_dog,    // equal peak amplitudes: exp(-d^2/2 sigma_E^2) - exp(-d^2/2 sigma_I^2) (NFL)
  general_dog, // alpha_E exp(-d^2/2 sigma_E^2) - alpha_I exp(-d^2/2 sigma_I^2)
  sod,         // softmax of differences: softmax over cells of (-d^2/2 sigma_E^2 + d^2/2 sigma_I^2)
};

// How the surround width is given (docs/CONVENTIONS.md, "The two surround conventions"). Both
// mean the same sigma_I.
enum class SurroundConvention {
  ratio,          // NFL: sigma_I = s * sigma_E           (--surround-ratio)
  variance_ratio, // Sorscher: sigma_I^2 = s' * sigma_E^2 (--surround-variance-ratio)
};

struct Surround {
  SurroundConvention convention = SurroundConvention::ratio;
  Distribution value; // in the stated convention
  // sigma_I / sigma_E for a value of `value`'s variable.
  double ratio_for(double v) const;
};

struct Encoding {
  Family family = Family::dos;
  Distribution sigma_m = Distribution::fixed(defaults::sigma_m); // centre width sigma_E, metres
  std::optional<Surround> surround;   // set exactly when uses_surround(family)
  double alpha_e = defaults::alpha_e; // general-dog only
  double alpha_i = defaults::alpha_i; // general-dog only
  FieldCount fields_per_cell;
  int cells = defaults::cells; // n_p

  // sigma_I / sigma_E at the distributions' means (1 when there is no surround).
  double mean_surround_ratio() const;
};

const std::vector<std::string_view>& family_names();
std::string_view family_name(Family f);
bool uses_width(Family f);    // place-cell codes: all but cartesian and polar
bool uses_surround(Family f); // dos, dog, true-dog, general-dog, sod

// One option of the encoding, for the rules about which family it applies to.
enum class EncodingParameter {
  sigma,
  fields_per_cell,
  cells,
  surround_ratio,
  surround_variance_ratio,
  alpha_e,
  alpha_i,
};
// Its name in the library's spelling ("surround_ratio"; errors.hpp).
std::string_view parameter_name(EncodingParameter p);
// Whether the parameter means anything for the family (sigma and cells only for place codes,
// the surround only for the differences, the amplitudes only for general-dog).
bool applies(EncodingParameter p, Family f);
// The error for a parameter given to a family it does not apply to; `value` as the caller gave
// it.
UserError not_applicable(EncodingParameter p, Family f, std::string value);
// The allowed values of each real parameter, for make_encoding and for the text parsers at the
// edges (so both report the same range).
Range parameter_range(EncodingParameter p);
// The allowed cell counts n_p.
inline constexpr CountRange cells_range{1, defaults::max_cells, "a number of place cells"};

// The encoding a caller asks for, as typed values; unset means the documented default of
// theory/defaults.hpp. At most one of the two surround conventions may be set.
struct EncodingOptions {
  Family family = Family::dos;
  std::optional<Distribution> sigma_m;                 // metres
  std::optional<Distribution> surround_ratio;          // sigma_I / sigma_E (NFL)
  std::optional<Distribution> surround_variance_ratio; // sigma_I^2 / sigma_E^2 (Sorscher)
  std::optional<double> alpha_e;
  std::optional<double> alpha_i;
  std::optional<FieldCount> fields_per_cell;
  std::optional<int> cells;
};

// The number of place cells a command samples in a box of side box_m (metres) when --cells is
// not given: NFL's 512 cells at their density in the 2.2 m box (512 / 2.2^2 = 105.8 cells per
// square metre), round(512 (L / 2.2)^2): 512 at 2.2 m, 2048 at 4.4 m. Clamped to
// [min_softmax_cells, max_cells] for boxes far from the reference size. The one place where the
// default count is scaled with the box.
int default_cell_count(double box_m);

// Checks every given option (applies to the family, in its range, one surround convention),
// throwing a UserError naming the parameter, and fills in the defaults; without cells, the cell
// count is default_cell_count(box_m).
Encoding make_encoding(const EncodingOptions& options, double box_m);
// The same in the reference 2.2 m box (512 cells by default), for callers that do not know the
// box (the trainer's run configuration, the sweep's joining of runs, the figures).
Encoding make_encoding(const EncodingOptions& options);

// The family of a name in family_names(), or nullopt.
std::optional<Family> family_from_name(std::string_view name);
// The family names joined by ", " (what an unknown name's error allows).
std::string joined_family_names();

} // namespace gridtheory
