# Scan written by gridtheory; run `gnuplot scan.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'scan.png'
set encoding utf8
set terminal pngcairo size 1000,820 noenhanced font 'Sans,10'
set output outfile
set datafile separator ','
set datafile missing ''
set multiplot layout 2,1 title "scan over --sigma 0.08:0.20:0.005 (relu; box L = 2.2 m, periodic)\nencoding at the first value: dos, sigma_E = 0.08 m, sigma_I/sigma_E = 2 (NFL), sigma_I = 0.16 m, 1 field(s)/cell, 512 cells"
set lmargin at screen 0.09
set rmargin at screen 0.91
set grid
set key top left opaque box
set xlabel "sigma_E (m)"
set xrange [0.0764:0.2036]
set ylabel 'grid spacing (m)'
set yrange [0:1.91206]
set title 'grid spacing of the ring, 4π/(√3 k*), and the one the box lattice forces'
plot 'scan.csv' using 1:6 skip 1 with lines lw 2 title 'theory (continuous ring)', 'scan.csv' using 1:15 skip 1 with linespoints pt 7 title 'best lattice triad of the box'
set ylabel 'length mismatch (fraction of k*)'
set y2label 'angle mismatch (degrees)'
set y2tics
set ytics nomirror
set yrange [0:0.247259]
set y2range [0:32.4]
set title 'how far the best triad is from a hexagon on the ring'
plot 'scan.csv' using 1:12 skip 1 with linespoints pt 7 title 'length mismatch max|k_i - k*| / k*', 'scan.csv' using 1:13 skip 1 axes x1y2 with linespoints pt 5 title 'angle mismatch (degrees, right axis)'
unset multiplot
