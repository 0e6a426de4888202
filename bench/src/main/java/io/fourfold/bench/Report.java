package io.fourfold.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Writes {@code results.md} and its charts: every figure with its runs, its median and its ratio to the ceiling. */
final class Report {

    static final String THROUGHPUT_CHART = "throughput.png";
    static final String LATENCY_CHART = "latency.png";

    private Report() {
    }

    static void write(BenchOptions options, Machine machine, Results results, List<Result.Startup> startups,
                      Duration took) {
        try {
            Files.createDirectories(options.output());
            Files.writeString(options.output().resolve("results.md"),
                    markdown(options, machine, results, startups, took, Machine.loadAverage()));
            throughputChart(options.output().resolve(THROUGHPUT_CHART), results);
            latencyChart(options.output().resolve(LATENCY_CHART), results);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String markdown(BenchOptions options, Machine machine, Results results, List<Result.Startup> startups,
                           Duration took, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Written by `").append(options.command()).append("` on ").append(machine.started())
                .append(" in ").append(took.toSeconds()).append(" s")
                .append(options.smoke() ? " (**smoke mode: tiny sizes, the figures mean nothing**)" : "")
                .append(". Each figure is the median of ").append(options.runs())
                .append(" run(s); a ratio compares it with the median of its ceiling from the same run.\n\n");
        md.append("| machine | |\n|---|---|\n");
        md.append("| cores (`nproc`) | ").append(machine.cores()).append(" |\n");
        md.append("| memory | ").append(machine.memoryMiB()).append(" MiB |\n");
        md.append("| JDK | ").append(machine.jdk()).append(" |\n");
        md.append("| Redis | ").append(machine.redis()).append(" (private, `--save \"\" --appendonly no`) |\n");
        md.append("| RabbitMQ | ").append(machine.rabbitmq())
                .append(" (shared node on 127.0.0.1:5672, queues under a prefix of the run's own) |\n");
        md.append("| load average (1/5/15 min) | ").append(machine.loadBefore()).append(" at the start, ")
                .append(loadAfter).append(" at the end |\n\n");
        if (!results.failures().isEmpty()) {
            md.append("## Failed\n\n");
            results.failures().forEach(failure -> md.append("- **").append(failure.scenario()).append("**: ")
                    .append(failure.reason().lines().findFirst().orElse("")).append('\n'));
            md.append('\n');
        }
        Map<String, List<Result.Figure>> byScenario = results.figures().stream()
                .collect(Collectors.groupingBy(Result.Figure::scenario, LinkedHashMap::new, Collectors.toList()));
        byScenario.forEach((scenario, figures) -> {
            md.append("## ").append(scenario).append("\n\n");
            md.append("| measure | median | unit | runs | ratio | note |\n|---|---:|---|---|---:|---|\n");
            for (Result.Figure figure : figures) {
                md.append("| ").append(figure.measure()).append(" | ").append(number(figure.median())).append(" | ")
                        .append(figure.unit()).append(" | ")
                        .append(figure.runs().stream().map(Report::number).collect(Collectors.joining(", ")))
                        .append(" | ").append(ratio(figure)).append(" | ").append(figure.note()).append(" |\n");
            }
            md.append('\n');
        });
        if (!results.latencies().isEmpty()) {
            md.append("## ").append(EndToEnd.LATENCY).append(" latency\n\n");
            md.append("`POST /api/tasks?wait=PT10S` of a no-op echo; each client sends its next request when the answer"
                    + " came; HdrHistogram over every run, in ms.\n\n");
            md.append("| backend | clients | requests | requests/s | p50 | p90 | p99 | max |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Result.Latency latency : results.latencies()) {
                Histogram histogram = latency.histogram();
                md.append("| ").append(latency.scenario()).append(" | ").append(latency.clients()).append(" | ")
                        .append(histogram.getTotalCount()).append(" | ").append(number(latency.perSecond()))
                        .append(" | ").append(millis(histogram.getValueAtPercentile(50))).append(" | ")
                        .append(millis(histogram.getValueAtPercentile(90))).append(" | ")
                        .append(millis(histogram.getValueAtPercentile(99))).append(" | ")
                        .append(millis(histogram.getMaxValue())).append(" |\n");
            }
            md.append('\n');
        }
        if (!startups.isEmpty()) {
            md.append("## Startup: process start to ready\n\n");
            md.append("Every JVM the run started, from the process start to the first 200 of its readiness probe.\n\n");
            md.append("| service | starts | median | max |\n|---|---:|---:|---:|\n");
            startups.stream().collect(Collectors.groupingBy(Result.Startup::service, LinkedHashMap::new,
                    Collectors.mapping(startup -> startup.took().toMillis() / 1000.0, Collectors.toList())))
                    .forEach((service, seconds) -> md.append("| ").append(service).append(" | ")
                            .append(seconds.size()).append(" | ").append(number(Statistics.median(seconds)))
                            .append(" s | ").append(number(seconds.stream().mapToDouble(Double::doubleValue).max()
                                    .orElse(Double.NaN))).append(" s |\n"));
            md.append('\n');
        }
        md.append("![Throughput beside the ceilings](").append(THROUGHPUT_CHART).append(")\n\n");
        md.append("![?wait= latency percentiles](").append(LATENCY_CHART).append(")\n");
        return md.toString();
    }

    /** Three significant digits at most, thousands grouped: 48,213 / 4.28 / 0.153. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%,.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    private static String ratio(Result.Figure figure) {
        double ratio = figure.ratio();
        return Double.isNaN(ratio) ? "" : number(ratio) + " × " + figure.against();
    }

    private static String millis(long micros) {
        return number(micros / 1000.0);
    }

    private static void throughputChart(Path file, Results results) throws IOException {
        List<Result.Figure> rates = results.figures().stream()
                .filter(figure -> figure.scenario().equals(Ceilings.SCENARIO)
                        || figure.scenario().equals(EndToEnd.THROUGHPUT))
                .toList();
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(650)
                .title("Messages or tasks per second (median), brokers alone and end to end")
                .yAxisTitle("per second").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        List<String> names = new ArrayList<>();
        List<Number> values = new ArrayList<>();
        for (Result.Figure figure : rates) {
            names.add(figure.measure());
            values.add(figure.median());
        }
        if (!names.isEmpty()) {
            chart.addSeries("median", names, values);
        }
        save(chart, file);
    }

    private static void latencyChart(Path file, Results results) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(650)
                .title("?wait= request/reply latency").yAxisTitle("ms").build();
        chart.getStyler().setXAxisLabelRotation(20);
        List<String> names = results.latencies().stream()
                .map(latency -> latency.scenario() + ", " + latency.clients() + " client(s)").toList();
        if (!names.isEmpty()) {
            for (double percentile : List.of(50.0, 90.0, 99.0)) {
                chart.addSeries("p" + (int) percentile, names, results.latencies().stream()
                        .map(latency -> (Number) (latency.histogram().getValueAtPercentile(percentile) / 1000.0))
                        .toList());
            }
        }
        save(chart, file);
    }

    private static void save(CategoryChart chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
