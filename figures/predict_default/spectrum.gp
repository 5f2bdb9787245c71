# Radial power spectrum written by gridtheory; run `gnuplot spectrum.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'spectrum.png'
set encoding utf8
set terminal pngcairo size 1000,640 noenhanced font 'Sans,10'
set output outfile
set datafile separator ','
set title "predicted pattern: hexagonal (relu)\ndos, sigma_E = 0.12 m, sigma_I/sigma_E = 2 (NFL), sigma_I = 0.24 m, 1 field(s)/cell, 512 cells; box L = 2.2 m, solid walls"
set xlabel 'wavenumber k (rad/m)'
set ylabel "power |p~(k)|^2 (dimensionless)"
set grid
set key top right opaque box
set xrange [0:41.6667]
set arrow from 1.428, graph 0 to 1.428, graph 1 nohead front dt 2 lw 2 lc rgb '#555555'
set arrow from 8.01126, graph 0 to 8.01126, graph 1 nohead front lw 2 lc rgb '#c0392b'
plot 'spectrum.csv' using 1:2 skip 1 with lines lw 2 lc rgb '#1f4e79' title 'power', \
  keyentry with lines dt 2 lw 2 lc rgb '#555555' title "box π/L = 1.428 rad/m (lowest mode)", \
  keyentry with lines lw 2 lc rgb '#c0392b' title "k* = 8.011 rad/m, grid spacing 0.906 m"
