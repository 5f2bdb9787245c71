# NFL Fig. 4, emergence vs sigma and surround written by gridtheory; run `gnuplot fig4_emergence.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'fig4_emergence.png'
set encoding utf8
set terminal pngcairo size 1300,560 noenhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'fig4_emergence.csv'
set multiplot layout 1,2 title "NFL Fig. 4: fraction of runs with a unit of score_60 > 0.8 (dos, relu, L = 2.2 m); bars: 95% Wilson intervals, labels: trained runs"
set grid
set yrange [-0.05:1.1]
set ylabel 'fraction of runs with grids'
set key bottom left font ',9'
set title "vs place-field width, sigma_I/sigma_E = 2"
set xlabel "sigma_E (m)"
plot data using (strcol(1) eq 'sigma' ? $2 : NaN):(strcol(1) eq 'sigma' ? $5 : NaN):14:15 skip 1 with yerrorlines pt 7 lw 2 lc rgb '#1e8449' title 'trained networks', \
  data using (strcol(1) eq 'sigma' ? $2 : NaN):(1.06):(strcol(1) eq 'sigma' && $3 > 0 ? sprintf('%d', $3) : '') skip 1 with labels font ',8' tc rgb '#1e8449' notitle, \
  data using (strcol(1) eq 'sigma' ? $2 : NaN):(strcol(1) eq 'sigma' ? $8 : NaN):16:17 skip 1 with yerrorlines pt 9 lw 2 lc rgb '#2e86c1' title 'pattern solver', \
  data using (strcol(1) eq 'sigma' ? $2 : NaN):(strcol(1) eq 'sigma' ? $10 : NaN) skip 1 with steps dt 2 lw 2 lc rgb '#c0392b' title 'theory: hexagonal predicted (1) or not (0)', \
  data using (strcol(1) eq 'sigma' ? $2 : NaN):(strcol(1) eq 'sigma' ? $11 : NaN) skip 1 with linespoints dt 3 pt 6 lc rgb '#777777' title 'box lattice: weakest triad wave / ring power'
set title "vs surround ratio, sigma_E = 0.12 m"
set xlabel "sigma_I / sigma_E (dimensionless)"
plot data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(strcol(1) eq 'surround_ratio' ? $5 : NaN):14:15 skip 1 with yerrorlines pt 7 lw 2 lc rgb '#1e8449' title 'trained networks', \
  data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(1.06):(strcol(1) eq 'surround_ratio' && $3 > 0 ? sprintf('%d', $3) : '') skip 1 with labels font ',8' tc rgb '#1e8449' notitle, \
  data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(strcol(1) eq 'surround_ratio' ? $8 : NaN):16:17 skip 1 with yerrorlines pt 9 lw 2 lc rgb '#2e86c1' title 'pattern solver', \
  data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(strcol(1) eq 'surround_ratio' ? $10 : NaN) skip 1 with steps dt 2 lw 2 lc rgb '#c0392b' title 'theory: hexagonal predicted (1) or not (0)', \
  data using (strcol(1) eq 'surround_ratio' ? $2 : NaN):(strcol(1) eq 'surround_ratio' ? $11 : NaN) skip 1 with linespoints dt 3 pt 6 lc rgb '#777777' title 'box lattice: weakest triad wave / ring power'
unset multiplot
