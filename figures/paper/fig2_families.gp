# NFL Fig. 2, per encoding family written by gridtheory figures; run `gnuplot fig2_families.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'fig2_families.png'
set terminal pngcairo size 1200,520 enhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'fig2_families.csv'
set multiplot layout 1,2 title "NFL Fig. 2: per target family, 13 trained networks (one field per cell, one width)" noenhanced
set style fill solid 0.7
set boxwidth 0.6
set yrange [0:105]
set grid ytics
set xtics rotate by -30 noenhanced
unset key
set xrange [-0.5:7.5]
set title 'runs with decoding error < 10 cm (%)'
plot data using 0:4:xtic(1) skip 1 with boxes lc rgb '#1f4e79', \
  data using 0:4:(sprintf('%d/%d', $3, $2)) skip 1 with labels offset 0,0.8 notitle
set title 'of those: runs with a unit of score_60 > 0.8 (%)' noenhanced
plot data using 0:6:xtic(1) skip 1 with boxes lc rgb '#c0392b', \
  data using 0:6:(sprintf('%d/%d', $5, $3)) skip 1 with labels offset 0,0.8 notitle
unset multiplot
