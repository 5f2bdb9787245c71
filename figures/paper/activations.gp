# Score distributions per activation written by gridtheory figures; run `gnuplot activations.gp` in this folder to redraw.
if (!exists("outfile")) outfile = 'activations.png'
set terminal pngcairo size 1300,560 enhanced font 'Sans,10'
set output outfile
set datafile separator ','
data = 'activations.csv'
set multiplot layout 1,2 title "per-unit grid scores by activation (dos, one field, one width; DeepMind ring scores)" noenhanced
set grid
set key top right font ',9'
set ylabel 'fraction of units'
set xrange [-1:2]
set yrange [0:*]
set title 'score_60' noenhanced
set xlabel 'score_60' noenhanced
set arrow 1 from 0.8, graph 0 to 0.8, graph 1 nohead dt 2 lc rgb '#777777'
plot data using (strcol(1) eq 'score_60' && strcol(2) eq 'train' && strcol(3) eq 'relu' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc 1 dt 1 title 'relu, train (1238)', \
  data using (strcol(1) eq 'score_60' && strcol(2) eq 'pattern' && strcol(3) eq 'relu' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc 1 dt 2 title 'relu, pattern (320)', \
  data using (strcol(1) eq 'score_60' && strcol(2) eq 'train' && strcol(3) eq 'tanh' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc 2 dt 1 title 'tanh, train (256)', \
  data using (strcol(1) eq 'score_60' && strcol(2) eq 'pattern' && strcol(3) eq 'tanh' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc 2 dt 2 title 'tanh, pattern (64)'
set title 'score_90' noenhanced
set xlabel 'score_90' noenhanced
unset arrow 1
plot data using (strcol(1) eq 'score_90' && strcol(2) eq 'train' && strcol(3) eq 'relu' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc 1 dt 1 title 'relu, train (1238)', \
  data using (strcol(1) eq 'score_90' && strcol(2) eq 'pattern' && strcol(3) eq 'relu' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc 1 dt 2 title 'relu, pattern (320)', \
  data using (strcol(1) eq 'score_90' && strcol(2) eq 'train' && strcol(3) eq 'tanh' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc 2 dt 1 title 'tanh, train (256)', \
  data using (strcol(1) eq 'score_90' && strcol(2) eq 'pattern' && strcol(3) eq 'tanh' ? ($4+$5)/2 : NaN):7 skip 1 with histeps lw 2 lc 2 dt 2 title 'tanh, pattern (64)'
unset multiplot
