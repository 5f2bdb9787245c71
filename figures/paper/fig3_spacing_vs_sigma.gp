# NFL Fig. 3, spacing vs sigma written by gridtheory; run `gnuplot fig3_spacing_vs_sigma.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'fig3_spacing_vs_sigma.png'
set encoding utf8
set terminal pngcairo size 1000,680 noenhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'fig3_spacing_vs_sigma.csv'
set title "NFL Fig. 3: grid spacing vs place-field width, dos, sigma_I/sigma_E = 2, relu\nline: theory 4π/(√3 k*); box-lattice triads: L = 2.2 m; runs (any box): median spacing of grid-like units (score_60 > 0.3)"
set xlabel 'sigma_E (m)'
set ylabel 'grid spacing (m)'
set grid
set key top left
set yrange [0:*]
plot data using 2:(strcol(1) eq 'theory' ? $3 : NaN) skip 1 with lines lw 2 lc rgb '#c0392b' title 'theory (analytic k*)', \
  data using 2:(strcol(1) eq 'box-lattice' ? $3 : NaN) skip 1 with points pt 6 ps 1.4 lc rgb '#777777' title 'box-lattice best triad (15 predict runs)', \
  data using 2:(strcol(1) eq 'pattern' ? $3 : NaN) skip 1 with points pt 9 ps 1.4 lc rgb '#2e86c1' title 'pattern solver (14 runs)', \
  data using 2:(strcol(1) eq 'train' ? $3 : NaN) skip 1 with points pt 7 ps 0.7 lc rgb '#82c99a' title 'trained networks, one run (4 runs)', \
  data using 2:(strcol(1) eq 'train-mean' ? $3 : NaN):7:8 skip 1 with yerrorbars pt 7 ps 1.3 lw 1.5 lc rgb '#1e8449' title 'trained networks: mean per width, 95% t interval', \
  data using 2:(strcol(1) eq 'train-mean' ? $8 : NaN):(sprintf('n=%d', $9)) skip 1 with labels offset 0,0.8 font ',8' notitle
