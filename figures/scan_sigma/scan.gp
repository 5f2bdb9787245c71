# Scan written by gridtheory; run `gnuplot scan.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'scan.png'
set terminal pngcairo size 1000,800 enhanced font 'Sans,10'
set output outfile
set datafile separator ','
set datafile missing ''
set multiplot layout 2,1
set grid
set key top left
set xlabel 'sigma' noenhanced
set ylabel 'grid spacing (m)'
set title 'ring spacing 4{/Symbol p}/(sqrt(3) k*) and the spacing the box lattice forces'
plot 'scan.csv' using 1:6 skip 1 with lines lw 2 title 'theory (continuous ring)', '' using 1:15 skip 1 with linespoints pt 7 title 'best lattice triad'
set ylabel 'mismatch'
set y2label 'angle mismatch (deg)'
set y2tics
set ytics nomirror
set title 'how far the best triad is from a hexagon on the ring'
plot '' using 1:12 skip 1 with linespoints pt 7 title 'length mismatch max|k_i - k*|/k*', '' using 1:13 skip 1 axes x1y2 with linespoints pt 5 title 'angle mismatch (deg)'
unset multiplot
