# NFL Fig. 5, multi-field and heterogeneous targets written by gridtheory; run `gnuplot fig5_multifield.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'fig5_multifield.png'
set encoding utf8
set terminal pngcairo size 1600,560 noenhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'fig5_multifield.csv'
set multiplot layout 1,2 title "NFL Fig. 5: multi-field and heterogeneous-width targets (relu runs, L = 4.4 m)"
set grid
set key top right font ',8'
set title "sampled power spectra, each divided by its peak"
set xlabel 'wavenumber k (rad/m)'
set ylabel 'power / its peak (dimensionless)'
set xrange [0:40]
set yrange [0:1.05]
plot \
  data using (strcol(1) eq 'spectrum' && strcol(2) eq 'dos fields=2 sigma=0.12' ? $3 : NaN):4 skip 1 with lines lw 2 lc 1 title 'dos fields=2 sigma=0.12', \
  data using (strcol(1) eq 'spectrum' && strcol(2) eq 'dos sigma=0.12 (reference)' ? $3 : NaN):4 skip 1 with lines lw 2 lc 2 title 'dos sigma=0.12 (reference)', \
  data using (strcol(1) eq 'spectrum' && strcol(2) eq 'dos sigma=uniform:0.08;0.16' ? $3 : NaN):4 skip 1 with lines lw 2 lc 3 title 'dos sigma=uniform:0.08,0.16'
set title "decoding error of trained networks"
set xlabel 'target'
set ylabel 'decoding error (cm)'
set xrange [-0.5:2.5]
set yrange [0:*]
set key bottom right
set xtics ('single' 0, 'multi-field' 1, 'heterogeneous' 2)
set arrow 2 from graph 0, first 10 to graph 1, first 10 nohead dt 2 lc rgb '#777777'
plot data using (strcol(1) eq 'decoding_error_cm' ? $3 : NaN):4 skip 1 with points pt 7 ps 1.3 lc rgb '#1f4e79' title 'one train run'
unset multiplot
