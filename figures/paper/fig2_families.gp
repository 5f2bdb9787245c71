# NFL Fig. 2, per encoding family written by gridtheory; run `gnuplot fig2_families.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'fig2_families.png'
set encoding utf8
set terminal pngcairo size 1200,520 noenhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'fig2_families.csv'
set multiplot layout 1,2 title "NFL Fig. 2: per target family, 13 trained networks (one field per cell, one width); bars: 95% Wilson intervals, labels: runs / of"
set style fill solid 0.7
set boxwidth 0.6
set yrange [0:110]
set grid ytics
set xtics rotate by -30
unset key
set xrange [-0.5:7.5]
set xlabel 'target family'
set ylabel 'runs (%)'
set title "runs with decoding error < 10 cm (%)"
plot data using 0:4:xtic(1) skip 1 with boxes lc rgb '#1f4e79', \
  data using 0:4:7:8 skip 1 with yerrorbars pt -1 lc rgb '#000000', \
  data using 0:(105):(sprintf('%d/%d', $3, $2)) skip 1 with labels offset 0,-0.6 notitle
set title "of those: runs with a unit of score_60 > 0.8 (%)"
plot data using 0:6:xtic(1) skip 1 with boxes lc rgb '#c0392b', \
  data using 0:6:9:10 skip 1 with yerrorbars pt -1 lc rgb '#000000', \
  data using 0:(105):(sprintf('%d/%d', $5, $3)) skip 1 with labels offset 0,-0.6 notitle
unset multiplot
