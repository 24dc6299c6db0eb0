package io.loomget.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turns JMH's JSON into what people read: {@code Report OUT_PREFIX TITLE IN.json...} writes
 * <ul>
 *   <li>{@code OUT_PREFIX.json}: the runs' JSON merged into one array (JMH's own format);</li>
 *   <li>{@code OUT_PREFIX.md}: one table row per parameter set;</li>
 *   <li>{@code OUT_PREFIX.dat} and {@code OUT_PREFIX.gp}: data and a gnuplot script for
 *       {@code OUT_PREFIX.png} (files/s and peak OS threads vs concurrency, one line per thread kind
 *       and latency, one column per file size).</li>
 * </ul>
 */
public final class Report {

    /** One parameter set's results. */
    record Row(String benchmark, Map<String, String> params, Map<String, Metric> metrics) {

        String param(String name) {
            return params.getOrDefault(name, "");
        }

        double score(String metric) {
            var m = metrics.get(metric);
            return m == null ? Double.NaN : m.score();
        }

        boolean many() {
            return benchmark.endsWith("ManyFilesBenchmark.batch");
        }

        int filesPerOp() {
            return many() ? Integer.parseInt(param("concurrency")) : Integer.parseInt(param("files"));
        }

        String series() {
            return param("threads") + ", " + param("latencyMs") + " ms";
        }
    }

    record Metric(double score, double error, String unit) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: Report OUT_PREFIX TITLE IN.json...");
            System.exit(2);
        }
        var prefix = args[0];
        var title = args[1];
        var runs = new ArrayList<Object>();
        for (int i = 2; i < args.length; i++) {
            var path = Path.of(args[i]);
            if (!Files.exists(path) || Files.size(path) == 0) {
                continue; // a JMH run whose every benchmark failed writes nothing
            }
            runs.addAll(JmhJson.runs(path));
        }
        JmhJson.write(Path.of(prefix + ".json"), runs);
        var rows = runs.stream().map(JmhJson::row).toList();
        Files.writeString(Path.of(prefix + ".md"), table(title, rows), StandardCharsets.UTF_8);
        chart(prefix, title, rows);
        System.out.print(table(title, rows));
    }

    // ---- table ----

    private static final Comparator<Row> ORDER = Comparator
            .comparing((Row r) -> r.many() ? 0 : 1)
            .thenComparing(r -> Integer.parseInt(r.param("sizeKiB").isEmpty() ? "0" : r.param("sizeKiB")))
            .thenComparing(r -> Integer.parseInt(r.param("latencyMs")))
            .thenComparing(Row::filesPerOp)
            .thenComparing(r -> threadOrder(r.param("threads")));

    private static int threadOrder(String t) {
        return switch (t) {
            case "virtual" -> 0;
            case "platform" -> 1;
            default -> 2;
        };
    }

    static String table(String title, List<Row> rows) {
        var sb = new StringBuilder();
        sb.append("## ").append(title).append("\n\n");
        sb.append("| case | threads | files in flight (-j) | latency | size | files/s | MiB/s | vs virtual | CPU µs/file client + server "
                + "| alloc MB/s | alloc KiB/file | peak OS threads | server peak concurrent | peak RSS MiB |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        var sorted = rows.stream().sorted(ORDER).toList();
        for (var r : sorted) {
            double files = r.score("files");
            var virtual = sorted.stream()
                    .filter(o -> o.many() == r.many() && o.param("threads").equals("virtual")
                            && o.param("latencyMs").equals(r.param("latencyMs"))
                            && o.param("sizeKiB").equals(r.param("sizeKiB"))
                            && o.filesPerOp() == r.filesPerOp())
                    .findFirst();
            String ratio = virtual.map(v -> r == v ? "1" : fmt(files / v.score("files"), 2)).orElse("");
            double allocPerFile = r.score("gc.alloc.rate.norm") / r.filesPerOp() / 1024;
            String inFlight = r.many()
                    ? (r.param("threads").equals("platform-200")
                        ? Math.min(200, r.filesPerOp()) + " of " + r.filesPerOp()
                        : r.param("concurrency"))
                    : r.param("files") + " × " + r.param("connections") + " ranges";
            String size = r.many() ? sizeLabel(Integer.parseInt(r.param("sizeKiB"))) : r.param("sizeMiB") + " MiB";
            String cpu = fmt(r.score("cpu.client.perFile"), 0)
                    + (Double.isNaN(r.score("cpu.server.perFile")) ? "" : " + " + fmt(r.score("cpu.server.perFile"), 0));
            double requests = r.score("requests.perFile");
            String note = !Double.isNaN(requests) && requests > 1.001 ? " (" + fmt(requests, 2) + " requests/file)" : "";
            sb.append("| ").append(r.many() ? "many files" : "large, ranged")
                    .append(" | ").append(r.param("threads"))
                    .append(" | ").append(inFlight)
                    .append(" | ").append(r.param("latencyMs")).append(" ms")
                    .append(" | ").append(size)
                    .append(" | ").append(fmt(files, 0)).append(errorOf(r.metrics().get("files")))
                    .append(note)
                    .append(" | ").append(fmt(r.score("mebibytes"), 1))
                    .append(" | ").append(ratio)
                    .append(" | ").append(cpu)
                    .append(" | ").append(fmt(r.score("gc.alloc.rate"), 0))
                    .append(" | ").append(fmt(allocPerFile, 0))
                    .append(" | ").append(fmt(r.score("threads.peak"), 0))
                    .append(" | ").append(fmt(r.score("server.concurrent.peak"), 0))
                    .append(" | ").append(fmt(r.score("rss.peak"), 0))
                    .append(" |\n");
        }
        sb.append("\n");
        return sb.toString();
    }

    private static String errorOf(Metric m) {
        if (m == null || Double.isNaN(m.error()) || m.error() == 0) {
            return "";
        }
        return " ± " + fmt(m.error(), 0);
    }

    private static String sizeLabel(int kib) {
        return kib % 1024 == 0 ? kib / 1024 + " MiB" : kib + " KiB";
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    // ---- chart ----

    private static void chart(String prefix, String title, List<Row> rows) throws IOException {
        var many = rows.stream().filter(Row::many).sorted(ORDER).toList();
        if (many.isEmpty()) {
            return;
        }
        var sizes = new TreeSet<Integer>();
        var series = new LinkedHashSet<String>();
        many.forEach(r -> sizes.add(Integer.parseInt(r.param("sizeKiB"))));
        many.stream().sorted(Comparator.comparing((Row r) -> threadOrder(r.param("threads")))
                        .thenComparing(r -> Integer.parseInt(r.param("latencyMs"))))
                .forEach(r -> series.add(r.series()));
        var dat = Path.of(prefix + ".dat");
        // One gnuplot data block per (size, series): concurrency, files/s, error, peak OS threads.
        var blocks = new ArrayList<String>();
        try (var out = new PrintWriter(Files.newBufferedWriter(dat, StandardCharsets.UTF_8))) {
            for (int size : sizes) {
                for (var s : series) {
                    var points = many.stream()
                            .filter(r -> Integer.parseInt(r.param("sizeKiB")) == size && r.series().equals(s))
                            .sorted(Comparator.comparing(Row::filesPerOp))
                            .toList();
                    if (points.isEmpty()) {
                        continue;
                    }
                    out.printf("# %s | %s%n", sizeLabel(size), s);
                    for (var r : points) {
                        var files = r.metrics().get("files");
                        out.printf(Locale.ROOT, "%d %.3f %.3f %.0f%n", r.filesPerOp(), files.score(),
                                Double.isNaN(files.error()) ? 0 : files.error(), r.score("threads.peak"));
                    }
                    out.print("\n\n");
                    blocks.add(sizeLabel(size) + "|" + s);
                }
            }
        }
        var gp = new StringBuilder();
        int cols = sizes.size();
        gp.append("set terminal pngcairo size ").append(640 * cols).append(",900 font 'sans,10'\n");
        gp.append("set output '").append(prefix).append(".png'\n");
        gp.append("set multiplot layout 2,").append(cols).append(" rowsfirst title '")
                .append(title.replace("'", "")).append("'\n");
        gp.append("set logscale x 10\nset logscale y 10\nset grid\nset key top left box opaque\n");
        gp.append("set xlabel 'batch of N files, -j N (platform-200: -j 200)'\n");
        gp.append("set xrange [5:20000]\n");
        var styles = Map.of("virtual", "lc rgb '#1f77b4'", "platform", "lc rgb '#d62728'", "platform-200", "lc rgb '#ff7f0e'");
        for (var row : List.of("files", "threads")) {
            for (int size : sizes) {
                gp.append("set title '").append(row.equals("files") ? "throughput, " : "peak live OS threads, ")
                        .append(sizeLabel(size)).append(" files'\n");
                gp.append("set ylabel '").append(row.equals("files") ? "files/s" : "platform threads").append("'\n");
                String metric = row.equals("files") ? "files" : "threads.peak";
                var values = many.stream().filter(r -> Integer.parseInt(r.param("sizeKiB")) == size)
                        .mapToDouble(r -> r.score(metric)).filter(v -> v > 0).toArray();
                if (values.length > 0) {
                    double lo = java.util.Arrays.stream(values).min().orElseThrow();
                    double hi = java.util.Arrays.stream(values).max().orElseThrow();
                    gp.append(String.format(Locale.ROOT, "set yrange [%.3g:%.3g]%n", lo / 3, hi * 5));
                }
                var plots = new ArrayList<String>();
                for (int i = 0; i < blocks.size(); i++) {
                    var b = blocks.get(i).split("\\|", 2);
                    if (!b[0].equals(sizeLabel(size))) {
                        continue;
                    }
                    var s = b[1];
                    var threads = s.substring(0, s.indexOf(','));
                    int ms = Integer.parseInt(s.substring(s.indexOf(", ") + 2, s.indexOf(" ms")));
                    // Latency by line and point style: 0 ms dashed, 50 ms solid, anything longer dotted.
                    var dashed = ms == 0 ? " dt 2 pt 6" : ms <= 50 ? " dt 1 pt 7" : " dt 3 pt 5";
                    var color = Objects.requireNonNullElse(styles.get(threads), "");
                    String using = row.equals("files") ? "1:2" : "1:4";
                    plots.add("'" + dat + "' index " + i + " using " + using + " with linespoints lw 2 "
                            + color + dashed + " title '" + s + "'");
                }
                if (row.equals("files")) {
                    // What the server's delay alone allows (Little's law): in flight / latency.
                    var latencies = new TreeSet<Integer>();
                    many.stream().filter(r -> Integer.parseInt(r.param("sizeKiB")) == size)
                            .forEach(r -> latencies.add(Integer.parseInt(r.param("latencyMs"))));
                    latencies.remove(0);
                    for (int ms : latencies) {
                        plots.add("x / " + (ms / 1000.0) + " with lines dt 3 lw 1 lc rgb '#777777' title 'N / " + ms
                                + " ms (latency bound)'");
                    }
                }
                gp.append("plot ").append(String.join(", \\\n     ", plots)).append("\n");
            }
        }
        gp.append("unset multiplot\n");
        Files.writeString(Path.of(prefix + ".gp"), gp.toString(), StandardCharsets.UTF_8);
    }
}
