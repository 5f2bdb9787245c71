# general-dog pattern plane written by gridtheory; run `gnuplot fig4_general_dog.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'fig4_general_dog.png'
set encoding utf8
set terminal pngcairo size 1000,760 noenhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'fig4_general_dog.csv'
set title "general-dog: predicted pattern (relu, sigma_E = 0.12 m, sigma_I/sigma_E = 2, L = 2.2 m); line: DC-free alpha_E = s^2 alpha_I\npoints: 1 runs (filled: a unit with score_60 > 0.8, open: none)"
set xlabel 'alpha_E (centre amplitude, dimensionless)'
set ylabel 'alpha_I (surround amplitude, dimensionless)'
set xrange [0.125:5.125]
set yrange [-0.0375:1.5375]
set cbrange [-0.5:5.5]
set palette maxcolors 6
set palette defined (0 '#c0392b', 1 '#2e86c1', 2 '#f1c40f', 3 '#8e44ad', 4 '#d5d8dc', 5 '#555555')
set cbtics ('hexagonal' 0, 'square' 1, 'stripes' 2, 'amorphous' 3, 'none' 4, 'n/a' 5)
set bmargin at screen 0.17
set rmargin at screen 0.84
set key at screen 0.5, screen 0.01 center bottom horizontal maxrows 2
s2 = 4
plot data using 2:(strcol(1) eq 'theory' ? $3 : NaN):(0.125):(0.0375):5 skip 1 with boxxyerror fs solid 1.0 noborder lc palette notitle, \
  x / s2 with lines lw 2 lc rgb 'black' title 'alpha_E = s^2 alpha_I', \
  data using 2:((strcol(1) eq 'train' && $9 == 1) ? $3 : NaN) skip 1 with points pt 7 ps 1.6 lc rgb 'black' title 'train runs with grids', \
  data using 2:((strcol(1) eq 'train' && $9 == 0) ? $3 : NaN) skip 1 with points pt 6 ps 1.6 lc rgb 'black' title 'train runs without grids', \
  data using 2:((strcol(1) eq 'pattern' && $9 == 1) ? $3 : NaN) skip 1 with points pt 5 ps 1.6 lc rgb 'black' title 'pattern runs with grids', \
  data using 2:((strcol(1) eq 'pattern' && $9 == 0) ? $3 : NaN) skip 1 with points pt 4 ps 1.6 lc rgb 'black' title 'pattern runs without grids'
