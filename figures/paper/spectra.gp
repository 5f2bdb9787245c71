# Power spectra of every place code written by gridtheory figures; run `gnuplot spectra.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'spectra.png'
set terminal pngcairo size 1100,680 enhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'spectra.csv'
set title "Radial power spectra of the place codes (sigma_E = 0.12 m, sigma_I/sigma_E = 2, L = 2.2 m)\neach curve divided by its own peak; dashed: k* of the realisable ring (relu), grey: the box's lowest mode 2pi/L" noenhanced
set xlabel 'wavenumber k (rad/m)'
set ylabel 'power / its peak'
set grid
set key top right
set xrange [0:41.66666667]
set yrange [0:1.05]
set arrow from 2.855993321, graph 0 to 2.855993321, graph 1 nohead dt 2 lw 2 lc rgb '#777777'
set label '2{/Symbol p}/L = 2.856 rad/m' at 2.855993321, graph 0.04 offset 0.5,0 tc rgb '#555555'
set arrow from 8.011260481, graph 0 to 8.011260481, graph 1 nohead dt 3 lw 1.5 lc 2
set arrow from 8.011260481, graph 0 to 8.011260481, graph 1 nohead dt 3 lw 1.5 lc 3
set arrow from 8.011260481, graph 0 to 8.011260481, graph 1 nohead dt 3 lw 1.5 lc 7
plot \
  data using 2:(strcol(1) eq 'gaussian' ? $4 : NaN) skip 1 with lines lw 2 lc 1 dt 1 title 'gaussian: no realisable ring', \
  data using 2:(strcol(1) eq 'dos' ? $4 : NaN) skip 1 with lines lw 2 lc 2 dt 1 title 'dos: k* = 8.011 rad/m, spacing 0.906 m', \
  data using 2:(strcol(1) eq 'dog' ? $4 : NaN) skip 1 with lines lw 2 lc 3 dt 2 title 'dog: k* = 8.011 rad/m, spacing 0.906 m', \
  data using 2:(strcol(1) eq 'true-dog' ? $4 : NaN) skip 1 with lines lw 2 lc 4 dt 1 title 'true-dog: no realisable ring', \
  data using 2:(strcol(1) eq 'general-dog' ? $4 : NaN) skip 1 with lines lw 2 lc 5 dt 1 title 'general-dog: no realisable ring', \
  data using 2:(strcol(1) eq 'sod' ? $4 : NaN) skip 1 with lines lw 2 lc 6 dt 1 title 'sod: no realisable ring', \
  data using 2:(strcol(1) eq 'general-dog aE=4 aI=1 (DC-free)' ? $4 : NaN) skip 1 with lines lw 2 lc 7 dt 1 title 'general-dog aE=4 aI=1 (DC-free): k* = 8.011 rad/m, spacing 0.906 m'
