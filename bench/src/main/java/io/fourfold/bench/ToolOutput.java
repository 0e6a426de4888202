package io.fourfold.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads the figures out of what the brokers' own load tools print. */
final class ToolOutput {

    private static final Pattern REDIS_BENCHMARK = Pattern.compile("([0-9.]+) requests per second");
    private static final Pattern PERF_TEST_SENT = Pattern.compile("sending rate avg: ([0-9.]+) msg/s");
    private static final Pattern PERF_TEST_RECEIVED = Pattern.compile("receiving rate avg: ([0-9.]+) msg/s");
    private static final Pattern WRK_RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern WRK_REFUSED = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)");

    private ToolOutput() {
    }

    /** The last rate redis-benchmark {@code -q} printed (it rewrites its progress line with carriage returns). */
    static double redisBenchmarkRate(String output) {
        return last(REDIS_BENCHMARK, output, "redis-benchmark");
    }

    static SharedRabbit.PerfTestRates perfTestRates(String output) {
        return new SharedRabbit.PerfTestRates(last(PERF_TEST_SENT, output, "PerfTest"),
                last(PERF_TEST_RECEIVED, output, "PerfTest"));
    }

    /** wrk's requests per second; an answer other than 2xx means the figure is not what it claims, so it fails. */
    static double wrkRate(String output) {
        Matcher refused = WRK_REFUSED.matcher(output);
        if (refused.find()) {
            throw new IllegalStateException("wrk had " + refused.group(1) + " answers other than 2xx:\n" + output);
        }
        return last(WRK_RATE, output, "wrk");
    }

    private static double last(Pattern pattern, String output, String tool) {
        Matcher matcher = pattern.matcher(output);
        @Nullable String found = null;
        while (matcher.find()) {
            found = matcher.group(1);
        }
        if (found == null) {
            throw new IllegalStateException("no '" + pattern.pattern() + "' in the output of " + tool + ":\n"
                    + output.substring(Math.max(0, output.length() - 2_000)));
        }
        return Double.parseDouble(found);
    }
}
