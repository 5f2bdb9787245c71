# NFL Fig. 3, spacing vs sigma written by gridtheory figures; run `gnuplot fig3_spacing_vs_sigma.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'fig3_spacing_vs_sigma.png'
set terminal pngcairo size 1000,680 enhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'fig3_spacing_vs_sigma.csv'
set title "NFL Fig. 3: grid spacing vs place-field width, dos, sigma_I/sigma_E = 2, relu\nline: theory 4pi/(sqrt(3) k*); box-lattice triads: L = 2.2 m; runs (any box): median spacing of grid-like units (score_60 > 0.3)" noenhanced
set xlabel 'sigma_E (m)' noenhanced
set ylabel 'grid spacing (m)'
set grid
set key top left
set yrange [0:*]
plot data using 2:(strcol(1) eq 'theory' ? $3 : NaN) skip 1 with lines lw 2 lc rgb '#c0392b' title 'theory (analytic k*)', \
  data using 2:(strcol(1) eq 'box-lattice' ? $3 : NaN) skip 1 with points pt 6 ps 1.4 lc rgb '#777777' title 'box-lattice best triad (15 predict runs)', \
  data using 2:(strcol(1) eq 'pattern' ? $3 : NaN) skip 1 with points pt 9 ps 1.4 lc rgb '#2e86c1' title 'pattern solver (14 runs)', \
  data using 2:(strcol(1) eq 'train' ? $3 : NaN) skip 1 with points pt 7 ps 1.2 lc rgb '#1e8449' title 'trained networks (4 runs)'
