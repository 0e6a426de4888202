package io.fourfold.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * The RabbitMQ backend with every part a separate process: a private RabbitMQ node (never the shared one), a private
 * redis-server for the task records, one api-service and worker-service JVMs from the built jars, all with
 * {@code fourfold.transport=rabbitmq}. A thousand mixed tasks go in over HTTP while a worker is SIGKILLed and the
 * RabbitMQ node is stopped cleanly and booted again on its own data; a fresh worker joins. Every task must end as
 * planned and none may be lost; how many ran twice and how long the takeover took are printed and written to
 * {@code target/system/rabbit-system/figures.txt}.
 */
class RabbitSystemIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final int BATCHES = 10;
    private static final int BATCH_SIZE = 100;
    private static final String RUN = "system-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());

    private static final Map<String, ServiceProcess> workers = new LinkedHashMap<>();
    private static @Nullable Path directory;
    private static @Nullable PrivateRedis redis;
    private static @Nullable PrivateRabbit rabbit;
    private static @Nullable MarkerServer markers;
    private static @Nullable ServiceProcess api;
    private static @Nullable ApiClient client;

    @RegisterExtension
    static final TestWatcher PROCESS_OUTPUT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
            if (api != null) {
                System.err.println(api.tail(80));
            }
            workers.values().forEach(worker -> System.err.println(worker.tail(80)));
            workers.values().forEach(ServiceProcess::dumpThreads);
            if (rabbit != null) {
                System.err.println("----- RabbitMQ node " + rabbit.node() + "\n" + rabbit.tail(30));
            }
        }
    };

    @BeforeAll
    static void startCluster() throws IOException {
        directory = Environment.outputDirectory("rabbit-system");
        rabbit = PrivateRabbit.start(Files.createDirectories(directory.resolve("rabbitmq")));
        redis = PrivateRedis.start(Files.createDirectories(directory.resolve("redis")));
        markers = new MarkerServer();
        int apiPort = Environment.freePort();
        int apiManagementPort = Environment.freePort();
        List<String> settings = new ArrayList<>(backendSettings());
        settings.addAll(List.of("server.port=" + apiPort, "management.server.port=" + apiManagementPort,
                // The test is the api's only client and polls it hard: no keys, no rate limit.
                "fourfold.api.security.enabled=false", "fourfold.api.rate-limit.enabled=false"));
        api = ServiceProcess.start("api", Environment.apiJar(), directory, apiManagementPort, settings);
        client = new ApiClient(apiPort);
        startWorker(1);
        startWorker(2);
        api.awaitReady(STARTUP);
        workers.values().forEach(worker -> worker.awaitReady(STARTUP));
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (ServiceProcess worker : workers.values()) {
            worker.close();
        }
        // A rerun of a failed test starts the cluster afresh, without the workers of this one.
        workers.clear();
        if (api != null) {
            api.close();
        }
        if (markers != null) {
            markers.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Test
    void nothingIsLostAcrossAWorkerKillAndABrokerRestart() throws Exception {
        long begin = System.nanoTime();
        Workload workload = new Workload(BATCHES * BATCH_SIZE, markers());
        List<String> figures = new ArrayList<>();
        try (Submitter submitter = new Submitter(client(), workload, BATCH_SIZE, RUN + ":")) {
            submitter.allow(4);

            // 1. SIGKILL worker-1 while it runs tasks: the broker sees its connection close and redelivers at once.
            // It is killed while it runs a 3 s task that began moments ago: short tasks (under 0.5 s) it was seen
            // running could all have ended by the kill, and RabbitMQ redelivers so fast that by the time the list after
            // the kill is read another worker may have taken over all it left.
            ServiceProcess first = workers.get("worker-1");
            Set<String> runningOnFirst = new HashSet<>();
            await("a long task running on worker-1").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> {
                        Set<String> longTasks = longTasks(workload, submitter);
                        runningOnFirst.clear();
                        runningOnFirst.addAll(runningOn("worker-1"));
                        return runningOnFirst.stream().anyMatch(longTasks::contains);
                    });
            runningOnFirst.retainAll(longTasks(workload, submitter));
            int killExit = first.kill();
            long killedAt = System.nanoTime();
            assertThat(killExit).as("worker-1's exit code: 137 is death by SIGKILL").isEqualTo(137);
            // A dead worker writes nothing more: what still shows it after the kill is exactly what it left behind.
            Set<String> leftBehind = runningOn("worker-1");
            runningOnFirst.addAll(leftBehind);
            submitter.allow(7);
            Map<String, Duration> takenOver = new ConcurrentHashMap<>();
            await("worker-1's running tasks taken over").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> {
                        Map<String, JsonNode> running = byId(client().list("RUNNING"));
                        Duration since = Duration.ofNanos(System.nanoTime() - killedAt);
                        for (String id : runningOnFirst) {
                            JsonNode task = running.get(id);
                            if (task == null || !onWorker(task, "worker-1")) {
                                takenOver.putIfAbsent(id, since);
                            }
                        }
                        return takenOver.size() == runningOnFirst.size();
                    });
            List<Duration> recovery = takenOver.values().stream().sorted().toList();
            figures.add("worker-1 SIGKILLed (exit " + killExit + ") with " + runningOnFirst.size()
                    + " tasks RUNNING on it (3 s ones seen just before, and " + leftBehind.size()
                    + " still shown on it just after); each"
                    + " had left it after " + seconds(recovery.getFirst())
                    + " (first), " + seconds(recovery.get(recovery.size() / 2)) + " (median), "
                    + seconds(recovery.getLast()) + " (last)");

            // 2. Restart the RabbitMQ node while work is in flight: a clean stop, then the same ports and data.
            long unfinished = client().list(null).stream().filter(task -> !terminal(task)).count();
            long downAt = System.nanoTime();
            int rabbitExit = rabbit().stop();
            // One batch goes in while the broker is down: refused (503), then resent with its Idempotency-Key.
            submitter.allow(8);
            ServiceProcess second = workers.get("worker-2");
            await("worker-2 notices the broker is gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> second.readiness() == 503);
            rabbit().start();
            figures.add("RabbitMQ node " + rabbit().node() + " stopped (exit " + rabbitExit + ") and booted again with "
                    + unfinished + " tasks unfinished; down for " + seconds(Duration.ofNanos(System.nanoTime() - downAt)));
            long backAt = System.nanoTime();
            second.awaitReady(Duration.ofMinutes(2));
            figures.add("worker-2 ready again " + seconds(Duration.ofNanos(System.nanoTime() - backAt))
                    + " after the node had booted");

            // 3. A fresh worker-3 joins; the rest of the work goes in.
            ServiceProcess third = startWorker(3);
            submitter.allow(BATCHES);
            third.awaitReady(STARTUP);

            // 4. Every task submitted ends, as planned.
            await("all batches submitted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(submitter::done);
            List<String> ids = submitter.ids();
            await("every task terminal").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().untilAsserted(() -> {
                        Map<String, JsonNode> all = byId(client().list(null));
                        assertThat(ids.stream().filter(id -> !all.containsKey(id) || !terminal(all.get(id))).limit(10)
                                .map(id -> String.valueOf(all.get(id))).toList())
                                .as("tasks not (yet) in a terminal state, the first 10").isEmpty();
                    });
            Map<String, JsonNode> all = byId(client().list(null));
            List<String> lost = ids.stream().filter(id -> !all.containsKey(id)).toList();
            assertThat(lost).as("tasks accepted but gone").isEmpty();
            // The store and the key prefix are this test's alone: any task beyond the workload was made twice.
            assertThat(all).as("tasks in the store, including any a resent batch made twice").hasSize(workload.size());
            List<String> unexpected = new ArrayList<>();
            Map<String, Integer> states = new TreeMap<>();
            for (int n = 0; n < workload.size(); n++) {
                JsonNode task = all.get(ids.get(n));
                String state = task.get("state").asString();
                states.merge(state, 1, Integer::sum);
                if (!state.equals(workload.expectedState(n))) {
                    unexpected.add("#" + n + " " + task);
                }
            }
            assertThat(unexpected).as("tasks that did not end as planned").isEmpty();
            List<String> stillOnFirst = runningOnFirst.stream().filter(id -> onWorker(all.get(id), "worker-1")).toList();
            assertThat(stillOnFirst).as("tasks of the killed worker recorded as finished by it").isEmpty();

            // The broker came back, so every live worker must take work again by itself (readiness UP), not limp on.
            for (ServiceProcess worker : workers.values()) {
                if (worker.isAlive()) {
                    await(worker.name() + " ready after the work is done").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(250)).until(() -> worker.readiness() == 200);
                }
            }

            // 5. At-least-once, seen from outside: each http.get task calls its own path on the marker server.
            Map<Integer, Integer> runsOfMarked = new TreeMap<>();
            for (int n : workload.marked()) {
                runsOfMarked.merge(markers().hits(n), 1, Integer::sum);
            }
            assertThat(runsOfMarked).as("http.get tasks by how often they called the marker server")
                    .doesNotContainKey(0);
            long markedTwice = runsOfMarked.entrySet().stream().filter(entry -> entry.getKey() > 1)
                    .mapToLong(Map.Entry::getValue).sum();
            figures.add(0, workload.size() + " tasks (" + workload.describe() + ") in " + BATCHES + " batches; final states "
                    + states + "; none lost");
            figures.add("ran more than once: " + runningOnFirst.size() + " tasks left behind by worker-1 ran again "
                    + "elsewhere; of the " + workload.marked().size() + " http.get tasks, " + markedTwice
                    + " called the marker server more than once (runs -> tasks: " + runsOfMarked + ")");
            figures.add("submits answered other than 2xx and retried with the same Idempotency-Key: "
                    + submitter.refusals());
            figures.add("scenario took " + seconds(Duration.ofNanos(System.nanoTime() - begin)));
        } finally {
            report(figures);
        }
    }

    private static List<String> backendSettings() {
        return List.of("fourfold.transport=rabbitmq",
                "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + rabbit().port(),
                "fourfold.rabbitmq.prefix=" + RUN + ".",
                "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis().port(),
                "fourfold.redis.key-prefix=" + RUN + ":", "spring.output.ansi.enabled=never");
    }

    private static ServiceProcess startWorker(int number) {
        String name = "worker-" + number;
        int port = Environment.freePort();
        List<String> settings = new ArrayList<>(backendSettings());
        settings.addAll(List.of("server.port=" + port, "fourfold.worker.id=" + name, "fourfold.worker.drain-timeout=30s",
                "fourfold.worker.http.allowed-hosts=127.0.0.1", "fourfold.worker.http.allow-loopback=true",
                // What backend-rabbitmq/README.md asks of workers on RabbitMQ: the broker in their readiness.
                "management.endpoint.health.group.readiness.include=readinessState,fourfoldWorker,redis,rabbit"));
        ServiceProcess worker = ServiceProcess.start(name, Environment.workerJar(), directory(), port, settings);
        workers.put(name, worker);
        return worker;
    }

    private static Map<String, JsonNode> byId(List<JsonNode> tasks) {
        return tasks.stream().collect(Collectors.toMap(task -> task.get("id").asString(), task -> task, (a, b) -> a));
    }

    private static boolean onWorker(JsonNode task, String worker) {
        JsonNode name = task.get("worker");
        return name != null && worker.equals(name.asString());
    }

    private static boolean terminal(JsonNode task) {
        return Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(task.get("state").asString());
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static void report(List<String> figures) {
        figures.forEach(line -> System.out.println("SYSTEM-TEST: " + line));
        try {
            Files.write(directory().resolve("figures.txt"), figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateRedis redis() {
        return Objects.requireNonNull(redis, "redis");
    }

    private static PrivateRabbit rabbit() {
        return Objects.requireNonNull(rabbit, "rabbit");
    }

    private static ApiClient client() {
        return Objects.requireNonNull(client, "client");
    }

    private static MarkerServer markers() {
        return Objects.requireNonNull(markers, "markers");
    }

    private static Path directory() {
        return Objects.requireNonNull(directory, "directory");
    }

    /** The ids of the 3 s tasks submitted so far. */
    private static Set<String> longTasks(Workload workload, Submitter submitter) {
        List<String> ids = submitter.ids();
        Set<String> longTasks = new HashSet<>();
        for (int n = 0; n < ids.size(); n++) {
            if (ids.get(n) != null && workload.runsLong(n)) {
                longTasks.add(ids.get(n));
            }
        }
        return longTasks;
    }

    private static Set<String> runningOn(String worker) {
        return client().list("RUNNING").stream().filter(task -> onWorker(task, worker))
                .map(task -> task.get("id").asString()).collect(Collectors.toSet());
    }
}
