# Radial power spectrum written by gridtheory; run `gnuplot spectrum.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'spectrum.png'
set terminal pngcairo size 1000,640 enhanced font 'Sans,10'
set output outfile
set datafile separator ','
set title "predicted pattern: hexagonal (relu)\ndos, sigma_E = 0.12 m, sigma_I/sigma_E = 2 (NFL), sigma_I = 0.24 m, 1 field(s)/cell, 512 cells" noenhanced
set xlabel 'wavenumber k (rad/m)'
set ylabel 'power |p~(k)|^2' noenhanced
set grid
set key top right
set xrange [0:41.6667]
set arrow from 1.428, graph 0 to 1.428, graph 1 nohead dt 2 lw 2 lc rgb '#555555'
set label 'box {/Symbol p}/L = 1.428 rad/m' at 1.428, graph 0.93 offset 0.5,0
set arrow from 8.01126, graph 0 to 8.01126, graph 1 nohead lw 2 lc rgb '#c0392b'
set label 'k* = 8.011 rad/m, grid spacing 0.906 m' at 8.01126, graph 0.85 offset 0.5,0 tc rgb '#c0392b'
plot 'spectrum.csv' using 1:2 skip 1 with lines lw 2 lc rgb '#1f4e79' title 'power'
