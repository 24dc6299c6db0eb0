set terminal pngcairo size 640,900 font 'sans,10'
set output 'bench/results/jmh-quick.png'
set multiplot layout 2,1 rowsfirst title 'JMH quick run'
set logscale x 10
set logscale y 10
set grid
set key top left box opaque
set xlabel 'batch of N files, -j N (platform-200: -j 200)'
set xrange [5:20000]
set title 'throughput, 16 KiB files'
set ylabel 'files/s'
set yrange [54.4:5.92e+03]
plot 'bench/results/jmh-quick.dat' index 0 using 1:2 with linespoints lw 2 lc rgb '#1f77b4' dt 1 pt 7 title 'virtual, 50 ms', \
     'bench/results/jmh-quick.dat' index 1 using 1:2 with linespoints lw 2 lc rgb '#1f77b4' dt 3 pt 5 title 'virtual, 1000 ms', \
     'bench/results/jmh-quick.dat' index 2 using 1:2 with linespoints lw 2 lc rgb '#d62728' dt 1 pt 7 title 'platform, 50 ms', \
     'bench/results/jmh-quick.dat' index 3 using 1:2 with linespoints lw 2 lc rgb '#ff7f0e' dt 1 pt 7 title 'platform-200, 50 ms', \
     'bench/results/jmh-quick.dat' index 4 using 1:2 with linespoints lw 2 lc rgb '#ff7f0e' dt 3 pt 5 title 'platform-200, 1000 ms', \
     x / 0.05 with lines dt 3 lw 1 lc rgb '#777777' title 'N / 50 ms (latency bound)', \
     x / 1.0 with lines dt 3 lw 1 lc rgb '#777777' title 'N / 1000 ms (latency bound)'
set title 'peak live OS threads, 16 KiB files'
set ylabel 'platform threads'
set yrange [4.33:1.77e+03]
plot 'bench/results/jmh-quick.dat' index 0 using 1:4 with linespoints lw 2 lc rgb '#1f77b4' dt 1 pt 7 title 'virtual, 50 ms', \
     'bench/results/jmh-quick.dat' index 1 using 1:4 with linespoints lw 2 lc rgb '#1f77b4' dt 3 pt 5 title 'virtual, 1000 ms', \
     'bench/results/jmh-quick.dat' index 2 using 1:4 with linespoints lw 2 lc rgb '#d62728' dt 1 pt 7 title 'platform, 50 ms', \
     'bench/results/jmh-quick.dat' index 3 using 1:4 with linespoints lw 2 lc rgb '#ff7f0e' dt 1 pt 7 title 'platform-200, 50 ms', \
     'bench/results/jmh-quick.dat' index 4 using 1:4 with linespoints lw 2 lc rgb '#ff7f0e' dt 3 pt 5 title 'platform-200, 1000 ms'
unset multiplot
