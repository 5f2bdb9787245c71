// Every default of the toolkit, with its unit and where it comes from. Nothing else in the
// code base hard-codes these values; the resolved configuration is written into every output.
#pragma once

namespace gridtheory::defaults {

// NFL's "ideal" target (Schaeffer, Khona & Fiete 2022): difference of softmaxes, one width.
inline constexpr const char* encoding = "dos";
inline constexpr double sigma_m = 0.12;       // place-field width sigma_E (NFL, Sorscher 2019)
inline constexpr double surround_ratio = 2.0; // sigma_I / sigma_E (NFL convention)
inline constexpr double alpha_e = 1.0;        // general-dog centre amplitude
inline constexpr double alpha_i = 1.0;        // general-dog surround amplitude
inline constexpr int fields_per_cell = 1;     // one field per cell (NFL's ideal target)
inline constexpr int cells = 512;             // n_p place cells (NFL, Sorscher)
inline constexpr double box_m = 2.2;          // arena side L (Sorscher 2019, NFL)
inline constexpr const char* activation = "relu";
inline constexpr unsigned long long seed = 0;

// Validation limits (beyond them the closed forms overflow double precision or int).
inline constexpr int max_cells = 1000000;
inline constexpr double max_surround_ratio = 1000.0; // sigma_I / sigma_E
// general-dog amplitudes alpha_E, alpha_I: the spectrum goes as their squares, which overflow
// far beyond this (a fuzzed --alpha-e 5.5e199 made the power infinite).
inline constexpr double max_amplitude = 1e6;
// Place-field width sigma_E, metres: beyond 1e-9 to 1e9 m no physics changes (the theory is
// scale-free in sigma / L), and far beyond it sigma^2 under- or overflows (1e-200 once gave no
// ring, 1e-300 NaN targets).
inline constexpr double min_sigma_m = 1e-9;
inline constexpr double max_sigma_m = 1e9;
// A softmax over one cell is 1 everywhere: gaussian, dos and sod need at least two cells.
inline constexpr int min_softmax_cells = 2;

inline constexpr int sampled_res = 64; // sampled solver: grid bins per side

// `gridtheory pattern`: 16 maps; single maps on the unit-peak kernel converge by lr x steps of
// a few hundred (the peer's lr 5e-3 x 1000 steps only works on its unnormalised kernel, whose
// peak eigenvalue is ~50): measured in a 4.4 m periodic box, 16 relu maps above score_60 0.8:
// lr 0.1 x 1500 steps 6-10, lr 0.3 x 1500 steps 14, lr 0.5 x 3000 steps 7-10.
inline constexpr int pattern_maps = 16;
inline constexpr double pattern_single_lr = 0.3;
inline constexpr int pattern_single_steps = 1500;
// --multi (Oja/Sanger): the peer's lr 8e-3 and gain 30 act on a kernel of peak ~56, i.e. lr 0.45
// and gain 0.54 on the unit-peak one. Measured (4.4 m box, 16 relu maps above 0.8): lr 0.3 with
// gain 0.5 / 1 / 2: 6 / 11 / 8; gain 0: none (the relu term is what makes maps non-negative);
// gain 5 overflows.
inline constexpr double pattern_multi_lr = 0.3;
inline constexpr double pattern_multi_gain = 1.0;
inline constexpr int pattern_multi_steps = 1500;

// Numerical settings of the analytic spectrum (not physics).
inline constexpr int spectrum_scan_points =
    600; // k grid used to bracket maxima and half-power edges
inline constexpr double spectrum_k_max_sigmas =
    6.0; // scan up to this / sigma_min rad/m (power there < e^-36)
inline constexpr double csv_k_max_sigmas = 5.0; // `spectrum` CSV default k range: this / sigma
inline constexpr int csv_points = 401;          // `spectrum` CSV rows

// ---- Trajectories (train/trajectory): Sorscher et al. 2019, ganguli-lab/grid-pattern-formation
// trajectory_generator.py, reused by NFL (Schaeffer, Khona & Fiete 2022) ----
inline constexpr double trajectory_dt_s = 0.02; // integration step dt, seconds
inline constexpr double trajectory_speed_scale_m_per_s =
    0.13 * 2.0 * 3.141592653589793; // Rayleigh scale b of the forward speed, m/s
inline constexpr double trajectory_turn_sd_rad_per_s =
    11.52; // sd of the rotational velocity, rad/s (Sorscher's 5.76 * 2)
inline constexpr double trajectory_border_m = 0.03;      // wall rule applies within this, metres
inline constexpr double trajectory_wall_slowdown = 0.25; // speed factor while turning off a wall
inline constexpr int trajectory_steps = 20;              // T, steps per trajectory (Sorscher, NFL)
inline constexpr int trajectory_batch = 200; // B, trajectories per batch (Sorscher, NFL)
inline constexpr int decode_top_cells = 3;   // decode a position as the mean centre of the k most
                                             // active predicted place cells (Sorscher, NFL)
// ---- end trajectories ----

// ---- Training (`gridtheory train`): NFL's reference network (docs/CONVENTIONS.md, "The
// reference setup"). The reference takes days on a CPU; `--preset lightweight` is the
// configuration measured to grow grids here. ----
inline constexpr int train_hidden = 1024;                 // n_g, NFL (Sorscher: 4096)
inline constexpr long long train_steps = 200000;          // optimiser steps, NFL (2e5)
inline constexpr double train_lr = 1e-4;                  // Adam learning rate, NFL and Sorscher
inline constexpr double train_weight_decay = 1e-4;        // on sum(W_hh^2), Sorscher and NFL
inline constexpr long long train_checkpoint_every = 1000; // steps between checkpoints
inline constexpr long long train_log_every = 100;         // steps between metrics rows
inline constexpr int train_eval_batches = 50;             // evaluation batches of B x T positions
// Ratemap bins per side: NFL scores units and measures periods on 5 cm bins, 44 in the 2.2 m
// box (bin_side_in_m 0.05 in its trainer); Sorscher's figures use 20.
inline constexpr int train_eval_bins = 44;
inline constexpr double train_grid_threshold = 0.3; // score_60 above which a unit is grid-like
inline constexpr int train_mosaic_units = 16;       // top units drawn in the mosaics
// ---- end training ----

// ---- Judging a trained network (NFL, Schaeffer, Khona & Fiete 2022): `validate`, `figures` ----
inline constexpr double low_decoding_error_cm = 10.0; // a run path-integrates below this error
inline constexpr double grid_cell_score = 0.8; // a run has grid cells: a unit's score_60 above it
// Observed patterns other than grids (numerics/observed_pattern.hpp): a unit is square-like above
// this score_90 (the same bar as grids), stripe-like above this stripe score (the share of its
// spectral ring's power in one pair of opposite peaks: 1 for stripes, ~1/2 square, ~1/3 hex).
inline constexpr double square_cell_score = 0.8;
inline constexpr double stripe_cell_score = 0.6;
// ---- end judging ----

} // namespace gridtheory::defaults
