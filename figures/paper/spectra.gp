# Power spectra of every place code written by gridtheory; run `gnuplot spectra.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'spectra.png'
set encoding utf8
set terminal pngcairo size 1400,680 noenhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'spectra.csv'
set multiplot title "Radial power spectra of the place codes (sigma_E = 0.12 m, sigma_I/sigma_E = 2, L = 2.2 m, solid walls), each divided by its own peak\ndotted black: k* of the realisable rings (relu); dashed grey: the box's lowest mode π/L; circles: peaks that are no realisable ring"
set tmargin at screen 0.86
set bmargin at screen 0.27
set xlabel 'wavenumber k (rad/m)'
set grid
set xrange [0:41.66666667]
set style textbox opaque noborder
set arrow 1 from 1.427996661, graph 0 to 1.427996661, graph 1 nohead dt 2 lw 2 lc rgb '#777777'
set label 1 "π/L = 1.428 rad/m" at 1.427996661, graph 0.04 offset 0.5,0 boxed tc rgb '#555555'
set arrow 2 from 8.011260481, graph 0 to 8.011260481, graph 1 nohead dt 3 lw 1.5 lc rgb '#000000'
set label 2 '' at 11.32963322, 0.009843133202 point pt 6 ps 2.2 lw 2 lc rgb '#e6550d' front
set label 3 '' at 11.32963322, 0.009843133202 point pt 6 ps 2.2 lw 2 lc rgb '#636363' front
set title "linear power"
set lmargin at screen 0.06
set rmargin at screen 0.47
set ylabel 'power / its peak (dimensionless)'
set yrange [0:1.05]
set key at screen 0.5, screen 0.01 center bottom horizontal maxcols 2 Left reverse font ',9'
plot \
  data using 2:(strcol(1) eq 'gaussian' ? $4 : NaN) skip 1 with lines lw 2 lc rgb '#7b3294' title "gaussian: no realisable ring (peak at k = 0)", \
  data using 2:(strcol(1) eq 'dos' ? $4 : NaN) skip 1 with lines lw 8 lc rgb '#6baed6' title "dos: k* = 8.011 rad/m, spacing 0.906 m", \
  data using 2:(strcol(1) eq 'dog' ? $4 : NaN) skip 1 with lines lw 5 lc rgb '#31a354' title "dog (same curve as dos): k* = 8.011 rad/m, spacing 0.906 m", \
  data using 2:(strcol(1) eq 'true-dog' ? $4 : NaN) skip 1 with lines lw 5 lc rgb '#e6550d' title "true-dog: no realisable ring (rejected peak 11.330 rad/m)", \
  data using 2:(strcol(1) eq 'general-dog' ? $4 : NaN) skip 1 with lines lw 2 lc rgb '#636363' title "general-dog (same curve as true-dog): no realisable ring (rejected peak 11.330 rad/m)", \
  data using 2:(strcol(1) eq 'sod' ? $4 : NaN) skip 1 with lines lw 2 lc rgb '#b8860b' title "sod: no realisable ring (peak at k = 0)", \
  data using 2:(strcol(1) eq 'general-dog aE=4 aI=1 (DC-free)' ? $4 : NaN) skip 1 with lines lw 2 lc rgb '#c0392b' title "general-dog aE=4 aI=1 (DC-free) (same curve as dos): k* = 8.011 rad/m, spacing 0.906 m"
set title "log power: weak peaks show"
set lmargin at screen 0.57
set rmargin at screen 0.98
set ylabel 'power / its peak (dimensionless, log scale)'
set logscale y
set yrange [1e-4:2]
unset key
plot \
  data using 2:(strcol(1) eq 'gaussian' ? ($4 > 0 ? $4 : NaN) : NaN) skip 1 with lines lw 2 lc rgb '#7b3294' notitle, \
  data using 2:(strcol(1) eq 'dos' ? ($4 > 0 ? $4 : NaN) : NaN) skip 1 with lines lw 8 lc rgb '#6baed6' notitle, \
  data using 2:(strcol(1) eq 'dog' ? ($4 > 0 ? $4 : NaN) : NaN) skip 1 with lines lw 5 lc rgb '#31a354' notitle, \
  data using 2:(strcol(1) eq 'true-dog' ? ($4 > 0 ? $4 : NaN) : NaN) skip 1 with lines lw 5 lc rgb '#e6550d' notitle, \
  data using 2:(strcol(1) eq 'general-dog' ? ($4 > 0 ? $4 : NaN) : NaN) skip 1 with lines lw 2 lc rgb '#636363' notitle, \
  data using 2:(strcol(1) eq 'sod' ? ($4 > 0 ? $4 : NaN) : NaN) skip 1 with lines lw 2 lc rgb '#b8860b' notitle, \
  data using 2:(strcol(1) eq 'general-dog aE=4 aI=1 (DC-free)' ? ($4 > 0 ? $4 : NaN) : NaN) skip 1 with lines lw 2 lc rgb '#c0392b' notitle
unset multiplot
