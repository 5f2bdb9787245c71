# Mosaic written by gridtheory; run `gnuplot mosaic.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'mosaic.png'
set encoding utf8
set terminal pngcairo size 805,754 noenhanced font 'Sans,9'
set output outfile
set datafile separator ','
# Each tile is scaled to its own [min, max].
set datafile missing 'NaN'
set label 1000 "pattern maps sorted by score_60: dos, sigma_E = 0.12 m, sigma_I/sigma_E = 2 (NFL), sigma_I = 0.24 m, 1\nfield(s)/cell, 512 cells, relu, single; periodic box L = 2.2 m" at screen 0.5, screen 0.96516 center font ',10'
unset key
unset xtics
unset ytics
set border 0
set lmargin at screen 0.01750
set rmargin at screen 0.81366
set bmargin at screen 0.00796
set tmargin at screen 0.93031
set xrange [-0.5:234.5]
set yrange [-11.5:243.5]
set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')
set cbrange [0:1]
set colorbox user origin screen 0.83354, screen 0.04775 size screen 0.01739, screen 0.86086
set cbtics font ',8'
set cblabel "rate: 0 = the map's min, 1 = its max"
set label 1 "#3 0.720925" at -0.5,240.5 left front tc rgb 'black' font ',8'
set label 2 "#10 0.55179" at 59.5,240.5 left front tc rgb 'black' font ',8'
set label 3 "#0 0.543016" at 119.5,240.5 left front tc rgb 'black' font ',8'
set label 4 "#8 0.519688" at 179.5,240.5 left front tc rgb 'black' font ',8'
set label 5 "#4 0.439358" at -0.5,179.5 left front tc rgb 'black' font ',8'
set label 6 "#9 0.367146" at 59.5,179.5 left front tc rgb 'black' font ',8'
set label 7 "#12 0.315853" at 119.5,179.5 left front tc rgb 'black' font ',8'
set label 8 "#14 0.294783" at 179.5,179.5 left front tc rgb 'black' font ',8'
set label 9 "#1 0.196117" at -0.5,118.5 left front tc rgb 'black' font ',8'
set label 10 "#6 0.157472" at 59.5,118.5 left front tc rgb 'black' font ',8'
set label 11 "#11 0.150076" at 119.5,118.5 left front tc rgb 'black' font ',8'
set label 12 "#15 0.121604" at 179.5,118.5 left front tc rgb 'black' font ',8'
set label 13 "#5 0.113936" at -0.5,57.5 left front tc rgb 'black' font ',8'
set label 14 "#13 -0.0516154" at 59.5,57.5 left front tc rgb 'black' font ',8'
set label 15 "#7 -0.070233" at 119.5,57.5 left front tc rgb 'black' font ',8'
set label 16 "#2 -0.329782" at 179.5,57.5 left front tc rgb 'black' font ',8'
# scale bar: 0.5 m = 12.5 bins of 0.04 m
set arrow 1 from -0.5,-6 to 12,-6 nohead front lw 4 lc rgb 'black'
set label 17 "0.5 m" at 12,-6 left offset 0.8,0 front tc rgb 'black'
plot 'mosaic.csv' matrix with image notitle
