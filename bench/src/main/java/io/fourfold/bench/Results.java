package io.fourfold.bench;

import java.util.ArrayList;
import java.util.List;

/** Everything one run measured, in the order it was measured; the smoke run adds from several threads. */
final class Results {

    private final List<Result.Figure> figures = new ArrayList<>();
    private final List<Result.Latency> latencies = new ArrayList<>();
    private final List<Result.Failure> failures = new ArrayList<>();

    synchronized Result.Figure add(Result.Figure figure) {
        figures.add(figure);
        System.out.printf("figure: %s | %s: median %.1f %s%n", figure.scenario(), figure.measure(), figure.median(),
                figure.unit());
        return figure;
    }

    synchronized void add(Result.Latency latency) {
        latencies.add(latency);
        System.out.printf("figure: %s | %d clients: p50 %.2f ms, p99 %.2f ms%n", latency.scenario(), latency.clients(),
                latency.histogram().getValueAtPercentile(50) / 1000.0,
                latency.histogram().getValueAtPercentile(99) / 1000.0);
    }

    synchronized void add(Result.Failure failure) {
        failures.add(failure);
        System.err.println("FAILED: " + failure.scenario() + ": " + failure.reason());
    }

    List<Result.Figure> figures() {
        return figures;
    }

    List<Result.Latency> latencies() {
        return latencies;
    }

    List<Result.Failure> failures() {
        return failures;
    }
}
