# Measured against predicted grid spacing, written by gridtheory validate; run `gnuplot spacing.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'spacing.png'
set terminal pngcairo size 720,680 enhanced font 'Sans,10'
set output outfile
set datafile separator ','
set title "grid spacing of runs hexagonal at score_60 > 0.8" noenhanced
set xlabel 'predicted grid spacing (m)'
set ylabel 'measured grid spacing (m)'
set grid
set key top left
set size square
set xrange [0:1.7087002257642847]
set yrange [0:1.7087002257642847]
plot x with lines dt 2 lw 1.5 lc rgb '#555555' title 'y = x', \
     'spacing.csv' using 4:(strcol(1) eq 'trainer' ? $5 : NaN) skip 1 with points pt 7 ps 1.3 lc rgb '#1f4e79' title 'trainer (7 runs)', \
     'spacing.csv' using 4:(strcol(1) eq 'solver' ? $5 : NaN) skip 1 with points pt 9 ps 1.3 lc rgb '#c0392b' title 'solver (14 runs)'
