package io.fourfold.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The one command of the harness (run by {@code scripts/bench.sh}, which builds what it needs first): a private
 * Redis, the shared RabbitMQ under a prefix of the run's own, every scenario in turn with its ceiling, then
 * {@code results.md} and its charts. A scenario that fails is reported and the others still run; the exit code is 1
 * when any failed. Everything started is stopped on the way out.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] arguments) {
        System.setProperty("java.awt.headless", "true");
        Path repository = Path.of(System.getProperty("fourfold.repository", ".")).toAbsolutePath().normalize();
        String command = System.getProperty("bench.command", "scripts/bench.sh " + String.join(" ", arguments));
        BenchOptions options;
        try {
            options = BenchOptions.parse(repository, command.strip(), List.of(arguments));
        } catch (IllegalArgumentException wrong) {
            System.err.println(wrong.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options) ? 0 : 1);
    }

    private static boolean run(BenchOptions options) {
        long begin = System.nanoTime();
        Results results = new Results();
        try (ProcessGroup processes = new ProcessGroup()) {
            BenchContext context = BenchContext.create(options, processes);
            PrivateRedis redis = PrivateRedis.start(context);
            SharedRabbit rabbit = new SharedRabbit(context);
            processes.atClose(rabbit::deleteDeclared);
            Machine machine = Machine.describe(redis, rabbit);
            EndToEnd endToEnd = new EndToEnd(context, results);
            Map<String, Runnable> all = new LinkedHashMap<>();
            all.put("redis", () -> redisBlock(context, redis, rabbit, endToEnd, results));
            all.put("rabbitmq", () -> rabbitBlock(context, redis, rabbit, endToEnd, results));
            all.put("memory", () -> attempt(results, EndToEnd.THROUGHPUT + " (memory)", endToEnd::memory));
            List<Runnable> blocks = all.entrySet().stream()
                    .filter(block -> options.blocks().contains(block.getKey()))
                    .map(Map.Entry::getValue)
                    .toList();
            if (options.smoke()) {
                // The blocks share nothing but the machine (the RabbitMQ one keeps its records under a key prefix of
                // its own), so the smoke run, whose figures mean nothing, runs them at once to end sooner.
                try (ExecutorService concurrently = Executors.newVirtualThreadPerTaskExecutor()) {
                    blocks.forEach(concurrently::execute);
                }
            } else {
                blocks.forEach(Runnable::run);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            Report.write(options, machine, results, context.startups(), took);
            System.out.println("results: " + options.output().resolve("results.md") + " (process logs in "
                    + context.logs() + ")");
        }
        return results.failures().isEmpty();
    }

    /** The XADD ceiling first, on the fresh Redis; then every scenario on Redis, with one api throughout. */
    private static void redisBlock(BenchContext context, PrivateRedis redis, SharedRabbit rabbit, EndToEnd endToEnd,
                                   Results results) {
        Result.Figure xadd = attempt(results, Ceilings.SCENARIO + " (Redis)",
                () -> Ceilings.redis(context.options(), redis, results));
        try (Cluster cluster = new Cluster(context, redis, rabbit, Cluster.Backend.REDIS)) {
            ApiClient api = attempt(results, "api-service on Redis", () -> cluster.startApiAndWorker("worker-1"));
            if (api == null) {
                return;
            }
            attempt(results, EndToEnd.THROUGHPUT + " (Redis)",
                    () -> endToEnd.broker(cluster, api, "Redis", xadd));
            attempt(results, SlotScenarios.IO + "; " + SlotScenarios.CPU,
                    () -> new SlotScenarios(context, results).run(cluster, api));
            attempt(results, Recovery.SCENARIO + " (Redis)",
                    () -> new Recovery(context, results).redis(cluster, api));
            attempt(results, HttpSubmit.SCENARIO, () -> new HttpSubmit(context, results).run(api));
        }
    }

    /** PerfTest, then the scenarios on RabbitMQ. */
    private static void rabbitBlock(BenchContext context, PrivateRedis redis, SharedRabbit rabbit, EndToEnd endToEnd,
                                    Results results) {
        Result.Figure perfTest = attempt(results, Ceilings.SCENARIO + " (RabbitMQ)",
                () -> Ceilings.rabbitmq(context.options(), rabbit, results));
        try (Cluster cluster = new Cluster(context, redis, rabbit, Cluster.Backend.RABBITMQ)) {
            ApiClient api = attempt(results, "api-service on RabbitMQ", () -> cluster.startApiAndWorker("worker-1"));
            if (api == null) {
                return;
            }
            attempt(results, EndToEnd.THROUGHPUT + " (RabbitMQ)",
                    () -> endToEnd.broker(cluster, api, "RabbitMQ", perfTest));
            attempt(results, Recovery.SCENARIO + " (RabbitMQ)",
                    () -> new Recovery(context, results).rabbitmq(cluster, api));
        }
    }

    /** Runs one scenario that records its own figures; a failure is recorded, not thrown. */
    private static void attempt(Results results, String scenario, Measurement body) {
        attempt(results, scenario, () -> {
            body.run();
            return null;
        });
    }

    /** Runs one scenario; a failure is recorded, not thrown. */
    private static <T> @Nullable T attempt(Results results, String scenario, Scenario<T> body) {
        System.out.println("==> " + scenario);
        try {
            return body.run();
        } catch (Exception | AssertionError failure) {
            failure.printStackTrace();
            results.add(new Result.Failure(scenario, String.valueOf(failure.getMessage())));
            return null;
        }
    }

    @FunctionalInterface
    private interface Measurement {
        void run() throws Exception;
    }

    @FunctionalInterface
    private interface Scenario<T> {
        @Nullable T run() throws Exception;
    }
}
