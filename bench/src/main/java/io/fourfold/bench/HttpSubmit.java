package io.fourfold.bench;

import io.fourfold.bench.bare.BareWebFlux;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * HTTP submit under {@code wrk} (50 connections, 2 threads, loopback): a bare WebFlux POST first, the ceiling, then
 * api-service's {@code POST /api/tasks} and {@code POST /api/tasks/batch} on Redis. The tasks go to a queue no worker
 * reads, so only the submit is measured.
 */
final class HttpSubmit {

    static final String SCENARIO = "HTTP submit under wrk";
    private static final int CONNECTIONS = 50;
    private static final int BATCH = 100;
    private static final String QUEUE = "bench-wrk";

    private final BenchContext context;
    private final Results results;

    HttpSubmit(BenchContext context, Results results) {
        this.context = context;
        this.results = results;
    }

    void run(ApiClient api) {
        Duration length = context.options().smoke() ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
        // Batches fill the store a hundred times faster: half as long keeps what they leave in Redis small.
        Duration batchLength = context.options().smoke() ? length : length.dividedBy(2);
        ObjectNode task = ApiClient.inQueue(ApiClient.task("echo", ApiClient.object()), QUEUE);
        Result.Figure bare = results.add(Result.Figure.of(SCENARIO, "bare WebFlux POST (JSON in, 202 + JSON out)",
                "requests/s", bare(ApiClient.json(task), length), CONNECTIONS + " connections, " + length.toSeconds()
                        + " s after a warm-up; the same Boot and Netty, nothing else"));
        results.add(Result.Figure.of(SCENARIO, "api-service POST /api/tasks (Redis)", "requests/s",
                rates(api.url("/api/tasks"), ApiClient.json(task), length),
                "one echo task per request, auth and rate limit off").against(bare));
        List<ObjectNode> tasks = Collections.nCopies(BATCH, task);
        List<Double> batches = rates(api.url("/api/tasks/batch"), ApiClient.jsonArray(tasks), batchLength);
        results.add(Result.Figure.of(SCENARIO, "api-service POST /api/tasks/batch of " + BATCH + " (Redis)",
                "tasks/s", batches.stream().map(rate -> rate * BATCH).toList(), "requests/s × " + BATCH + ", "
                        + batchLength.toSeconds() + " s"));
    }

    private List<Double> bare(String body, Duration length) {
        int port = BenchContext.freePort();
        int management = BenchContext.freePort();
        ServiceJvm bare = context.startMain("bare WebFlux", "bare-webflux", BareWebFlux.class, management,
                List.of("server.port=" + port, "management.server.port=" + management,
                        "management.endpoint.health.probes.enabled=true", "spring.main.banner-mode=off",
                        // PerfTest brings a Datadog registry to the class path; Boot would require its API key.
                        "management.defaults.metrics.export.enabled=false"));
        try {
            return rates("http://127.0.0.1:" + port + "/bare", body, length);
        } finally {
            bare.stop();
        }
    }

    /**
     * A warm-up, then one wrk run per run. The warm-up is long enough for the JIT to compile the request path: 3 s
     * were enough for the bare POST but left api-service's much longer path half compiled ({@code
     * scripts/profile-submit.sh --warmup 5} against {@code --warmup 30} shows the difference).
     */
    private List<Double> rates(String url, String body, Duration length) {
        Path script = script(body);
        wrk(url, script, Duration.ofSeconds(context.options().smoke() ? 1 : 20));
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < context.options().runs(); run++) {
            rates.add(wrk(url, script, length));
        }
        return rates;
    }

    private double wrk(String url, Path script, Duration length) {
        String output = context.processes().run(List.of("wrk", "-t", "2", "-c", String.valueOf(CONNECTIONS), "-d",
                length.toSeconds() + "s", "--latency", "-s", script.toString(), url),
                context.logs().resolve("wrk.log"), length.plusSeconds(30));
        return ToolOutput.wrkRate(output);
    }

    /** wrk's Lua script for a POST of {@code body}, which Jackson wrote. */
    private Path script(String body) {
        Path script = context.logs().resolve("wrk-post-" + Integer.toHexString(body.hashCode()) + ".lua");
        String lua = "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [==["
                + body + "]==]\n";
        try {
            return Files.writeString(script, lua);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
