# NFL Fig. 4, emergence vs sigma and surround written by gridtheory figures; run `gnuplot fig4_emergence.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'fig4_emergence.png'
set terminal pngcairo size 1300,560 enhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'fig4_emergence.csv'
set multiplot layout 1,2 title "NFL Fig. 4: fraction of runs with a unit of score_60 > 0.8 (dos, relu, L = 2.2 m)" noenhanced
set grid
set yrange [-0.05:1.1]
set ylabel 'fraction of runs with grids'
set key bottom left font ',9'
set title "vs place-field width, sigma_I/sigma_E = 2" noenhanced
set xlabel 'sigma_E (m)' noenhanced
plot data using (strcol(1) eq 'sigma' ? $2 : NaN):(strcol(1) eq 'sigma' ? $5 : NaN) skip 1 with linespoints pt 7 lw 2 lc rgb '#1e8449' title 'trained networks', \
  data using (strcol(1) eq 'sigma' ? $2 : NaN):(strcol(1) eq 'sigma' ? $8 : NaN) skip 1 with linespoints pt 9 lw 2 lc rgb '#2e86c1' title 'pattern solver', \
  data using (strcol(1) eq 'sigma' ? $2 : NaN):(strcol(1) eq 'sigma' ? $10 : NaN) skip 1 with steps dt 2 lw 2 lc rgb '#c0392b' title 'theory: hexagonal predicted (1) or not (0)', \
  data using (strcol(1) eq 'sigma' ? $2 : NaN):(strcol(1) eq 'sigma' ? $11 : NaN) skip 1 with linespoints dt 3 pt 6 lc rgb '#777777' title 'box lattice: weakest triad wave / ring power'
set title "vs surround ratio, sigma_E = 0.12 m" noenhanced
set xlabel 'sigma_I / sigma_E' noenhanced
plot data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(strcol(1) eq 'surround_ratio' ? $5 : NaN) skip 1 with linespoints pt 7 lw 2 lc rgb '#1e8449' title 'trained networks', \
  data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(strcol(1) eq 'surround_ratio' ? $8 : NaN) skip 1 with linespoints pt 9 lw 2 lc rgb '#2e86c1' title 'pattern solver', \
  data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(strcol(1) eq 'surround_ratio' ? $10 : NaN) skip 1 with steps dt 2 lw 2 lc rgb '#c0392b' title 'theory: hexagonal predicted (1) or not (0)', \
  data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(strcol(1) eq 'surround_ratio' ? $11 : NaN) skip 1 with linespoints dt 3 pt 6 lc rgb '#777777' title 'box lattice: weakest triad wave / ring power'
unset multiplot
