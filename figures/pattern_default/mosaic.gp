# Mosaic written by gridtheory; run `gnuplot mosaic.gp` in this folder to redraw. Each tile is scaled to its own [min, max].
if (!exists("outfile")) outfile = 'mosaic.png'
set terminal pngcairo size 720,800 enhanced font 'Sans,9'
set output outfile
set datafile separator ','
set datafile missing 'NaN'
set title "pattern maps sorted by score_60: dos, sigma_E = 0.12 m, sigma_I/sigma_E = 2 (NFL), sigma_I = 0.24 m, 1 field(s)/cell, 512 cells, relu, single" noenhanced
unset xtics
unset ytics
unset colorbox
set size ratio -1
set border 0
set palette rgbformulae 30,31,32
set xrange [-0.5:234.5]
set yrange [-0.5:235.5]
set label 1 "#3 0.720925" at 0,234.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 2 "#10 0.55179" at 60,234.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 3 "#0 0.543016" at 120,234.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 4 "#8 0.519688" at 180,234.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 5 "#4 0.439358" at 0,174.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 6 "#9 0.367146" at 60,174.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 7 "#12 0.315853" at 120,174.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 8 "#14 0.294783" at 180,174.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 9 "#1 0.196117" at 0,114.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 10 "#6 0.157472" at 60,114.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 11 "#11 0.150076" at 120,114.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 12 "#15 0.121604" at 180,114.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 13 "#5 0.113936" at 0,54.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 14 "#13 -0.0516154" at 60,54.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 15 "#7 -0.070233" at 120,54.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 16 "#2 -0.329782" at 180,54.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
plot 'mosaic.csv' matrix with image notitle
