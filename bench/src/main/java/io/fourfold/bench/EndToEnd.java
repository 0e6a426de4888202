package io.fourfold.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * No-op {@code echo} tasks through the whole system, drained with one worker JVM and then two (see {@link Drain}),
 * and {@code ?wait=} request/reply latency, on each backend: memory (standalone, one JVM), Redis, RabbitMQ.
 */
final class EndToEnd {

    static final String THROUGHPUT = "End to end: no-op echo drain";
    static final String SUBMIT = "HTTP batch submit (POST /api/tasks/batch, 1000 per request, 4 at a time)";
    static final String LATENCY = "?wait= request/reply";
    static final String CPU = "CPU per task during the no-op drain";
    /**
     * The OpenAPI document is built at start-up (springdoc's pre-loading), seconds of CPU per api start that no
     * scenario uses.
     */
    static final List<String> NO_OPENAPI = List.of("springdoc.api-docs.enabled=false",
            "springdoc.swagger-ui.enabled=false");
    private static final String QUEUE = "default";
    private static final Duration DRAIN = Duration.ofMinutes(10);

    private final BenchContext context;
    private final Results results;

    EndToEnd(BenchContext context, Results results) {
        this.context = context;
        this.results = results;
    }

    void memory() {
        int port = BenchContext.freePort();
        int management = BenchContext.freePort();
        List<String> settings = new ArrayList<>(List.of("server.port=" + port, "management.server.port=" + management,
                "fourfold.api.rate-limit.enabled=false"));
        settings.addAll(NO_OPENAPI);
        ServiceJvm standalone = context.start("standalone", "standalone", context.standaloneJar(), management,
                settings);
        try {
            ApiClient api = new ApiClient(port);
            drains(api, "memory (standalone: api + worker in one JVM)", null,
                    new CpuUse(Map.of("standalone", List.of(standalone.handle()))));
            latency(api, "memory (standalone)");
        } finally {
            standalone.stop();
        }
    }

    /** With {@code api} of {@code cluster} and its first worker running; stops the workers at the end. */
    void broker(Cluster cluster, ApiClient api, String backend, Result.@Nullable Figure ceiling) {
        try {
            drains(api, backend + ", 1 worker JVM", ceiling, cluster.cpu());
            latency(api, backend + ", 1 worker JVM");
            cluster.startWorker("worker-2", List.of());
            drains(api, backend + ", 2 worker JVMs", ceiling, cluster.cpu());
        } finally {
            cluster.stopWorkers();
        }
    }

    private void drains(ApiClient api, String variant, Result.@Nullable Figure ceiling, CpuUse cpu) {
        ObjectNode echo = ApiClient.task("echo", ApiClient.object());
        List<ObjectNode> tasks = Collections.nCopies(context.options().echoTasks(), echo);
        List<Double> rates = new ArrayList<>();
        List<Double> submits = new ArrayList<>();
        Map<String, List<Double>> cpuPerTask = new LinkedHashMap<>();
        // Not recorded: the JIT compiles the api's and the workers' paths while it runs (docs/benchmarks.md).
        Drain.run(api, QUEUE, tasks, DRAIN);
        for (int run = 0; run < context.options().runs(); run++) {
            Drain drain = Drain.run(api, QUEUE, tasks, DRAIN, cpu);
            rates.add(drain.rate());
            submits.add(drain.enqueueRate());
            drain.cpuPerTask().forEach((part, micros) -> cpuPerTask.computeIfAbsent(part, any -> new ArrayList<>())
                    .add(micros));
        }
        String note = context.options().echoTasks() + " tasks enqueued while the queue is paused, then resumed; "
                + "first finish to last; after one such drain not recorded, for the JIT";
        Result.Figure figure = Result.Figure.of(THROUGHPUT, variant, "tasks/s", rates, note);
        results.add(ceiling == null ? figure : figure.against(ceiling));
        results.add(Result.Figure.of(SUBMIT, variant, "tasks/s", submits, "the same runs' enqueue"));
        cpuPerTask.forEach((part, micros) -> results.add(Result.Figure.of(CPU, variant + ": " + part, "µs", micros,
                "user + system CPU of the part's processes from the first finish to the last, per task")));
    }

    private void latency(ApiClient api, String variant) {
        for (int clients : List.of(1, 50)) {
            results.add(WaitLatency.measure(variant, api, clients, context.options().waitRequests(),
                    context.options().runs()));
        }
    }
}
