# Mosaic written by gridtheory; run `gnuplot mosaic_sacs.gp` in this folder to redraw. Each tile is scaled to its own [min, max].
if (!exists("outfile")) outfile = 'mosaic_sacs.png'
set terminal pngcairo size 720,800 enhanced font 'Sans,9'
set output outfile
set datafile separator ','
set datafile missing 'NaN'
set title "their spatial autocorrelograms (DeepMind convention: unvisited bins as 0)" noenhanced
unset xtics
unset ytics
unset colorbox
set size ratio -1
set border 0
set palette rgbformulae 30,31,32
set xrange [-0.5:164.5]
set yrange [-0.5:165.5]
set label 1 "1.36 train-c00f27 u120" at 0,164.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 2 "1.34 train-9686bf u86" at 42,164.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 3 "1.32 train-c00f27 u61" at 84,164.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 4 "1.32 train-f70df0 u86" at 126,164.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 5 "1.31 train-c00f27 u240" at 0,122.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 6 "1.30 train-c00f27 u40" at 42,122.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 7 "1.29 train-c00f27 u39" at 84,122.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 8 "1.29 train-c00f27 u101" at 126,122.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 9 "1.29 train-c00f27 u177" at 0,80.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 10 "1.28 train-f70df0 u211" at 42,80.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 11 "1.27 train-c00f27 u22" at 84,80.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 12 "1.26 train-c00f27 u42" at 126,80.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 13 "1.26 train-9686bf u85" at 0,38.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 14 "1.25 train-9686bf u169" at 42,38.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 15 "1.24 train-c00f27 u189" at 84,38.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
set label 16 "1.24 train-c00f27 u99" at 126,38.5 front tc rgb 'white' font 'Sans,8' noenhanced offset 0.2,-0.6
plot 'mosaic_sacs.csv' matrix with image notitle
