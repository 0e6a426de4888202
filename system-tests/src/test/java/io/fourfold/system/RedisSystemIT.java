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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * The Redis backend with every part a separate process started from the built jars: a private redis-server, one
 * api-service and worker-service JVMs. Thousands of mixed tasks go in over HTTP while a worker is SIGKILLed, Redis is
 * shut down and started again, and the other worker is SIGTERMed (it drains) and replaced by a fresh one. Every task
 * must end as planned and none may be lost; how many ran twice and how long the takeover took are printed and
 * written to {@code target/system/redis-system/figures.txt}. Workflows then move on across the processes: a step ended
 * by one worker is followed by the next, submitted by that worker and run by either.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSystemIT {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final int BATCHES = 30;
    private static final int BATCH_SIZE = 100;
    private static final String KEY_PREFIX = "system-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ":";

    private static final Map<String, ServiceProcess> workers = new LinkedHashMap<>();
    private static @Nullable Path directory;
    private static @Nullable PrivateRedis redis;
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
        }
    };

    @BeforeAll
    static void startCluster() throws IOException {
        directory = Environment.outputDirectory("redis-system");
        redis = PrivateRedis.start(Files.createDirectories(directory.resolve("redis")));
        markers = new MarkerServer();
        int apiPort = Environment.freePort();
        int apiManagementPort = Environment.freePort();
        List<String> settings = new ArrayList<>(redisSettings());
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
    }

    @Test
    @Order(1)
    void whileRedisIsDownSubmitsAnswer503AndOnlyTheWorkersTurnUnready() throws Exception {
        ServiceProcess worker = liveWorker();
        assertThat(redis().shutdown()).as("redis-server's exit code after SHUTDOWN").isZero();
        try {
            await("worker readiness DOWN").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> worker.readiness() == 503);
            assertThat(api().readiness()).as("api readiness while Redis is down").isEqualTo(200);
            await("submit refused with 503").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        ApiClient.Answer answer = client().post("/api/tasks", echo("while Redis is down"), Map.of());
                        assertThat(answer.status()).as("submit while Redis is down: %s", answer.text()).isEqualTo(503);
                        assertThat(answer.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
                    });
        } finally {
            awaitRedisBack();
        }
        await("a task runs again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    ApiClient.Answer answer = client().post("/api/tasks?wait=PT10S", echo("after Redis is back"), Map.of());
                    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                    assertThat(answer.json().get("state").asString()).isEqualTo("SUCCEEDED");
                });
        assertThat(api().readiness()).as("api readiness after Redis is back").isEqualTo(200);
    }

    @Test
    @Order(2)
    void nothingIsLostAcrossAWorkerKillARedisRestartAndADrain() throws Exception {
        awaitRedisBack();
        long begin = System.nanoTime();
        Workload workload = new Workload(BATCHES * BATCH_SIZE, markers());
        List<String> figures = new ArrayList<>();
        try (Submitter submitter = new Submitter(client(), workload, BATCH_SIZE, KEY_PREFIX)) {
            // Work keeps coming in until after the kill, so worker-1 is busy when it is killed: its tasks are short
            // (under 0.5 s), and once a smaller allowance had run out it could be idle by then.
            submitter.allow(22);

            // 1. SIGKILL worker-1 while it runs tasks: their leases lapse and other workers take them over.
            ServiceProcess first = workers.get("worker-1");
            await("tasks running on worker-1").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .until(() -> client().list("RUNNING").stream().filter(task -> onWorker(task, "worker-1")).count() >= 5);
            int killExit = first.kill();
            long killedAt = System.nanoTime();
            assertThat(killExit).as("worker-1's exit code: 137 is death by SIGKILL").isEqualTo(137);
            // Taken after the kill: a dead worker writes nothing more, so these are exactly the attempts it left behind.
            Set<String> runningOnFirst = client().list("RUNNING").stream().filter(task -> onWorker(task, "worker-1"))
                    .map(task -> task.get("id").asString()).collect(Collectors.toSet());
            assertThat(runningOnFirst).as("tasks RUNNING on worker-1 when it was killed").isNotEmpty();
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
                    + " tasks RUNNING on it; another worker started each again after " + seconds(recovery.getFirst())
                    + " (first), " + seconds(recovery.get(recovery.size() / 2)) + " (median), "
                    + seconds(recovery.getLast()) + " (last)");

            // 2. Restart Redis while work is in flight: a clean SHUTDOWN (the AOF is fsynced), then the same port and dir.
            long unfinished = client().list(null).stream().filter(task -> !terminal(task)).count();
            long downAt = System.nanoTime();
            int redisExit = redis().shutdown();
            ServiceProcess second = workers.get("worker-2");
            await("worker-2 notices Redis is gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> second.readiness() == 503);
            redis().start();
            figures.add("Redis SHUTDOWN (exit " + redisExit + ") and started again with " + unfinished
                    + " tasks unfinished; down for " + seconds(Duration.ofNanos(System.nanoTime() - downAt)));
            assertThat(redisExit).as("redis-server's exit code after SHUTDOWN").isZero();
            second.awaitReady(Duration.ofMinutes(2));

            // 3. SIGTERM worker-2 (it drains) while a fresh worker-3 starts; the rest of the work goes in.
            ServiceProcess third = startWorker(3);
            submitter.allow(BATCHES);
            long terminatedAt = System.nanoTime();
            int drainExit = second.terminate(Duration.ofSeconds(90));
            figures.add("worker-2 SIGTERMed: exited with " + drainExit + " after "
                    + seconds(Duration.ofNanos(System.nanoTime() - terminatedAt)) + " (drain timeout 30 s)");
            assertThat(drainExit).as("worker-2 exits by itself after SIGTERM (143 = 128 + SIGTERM)").isIn(0, 143);
            third.awaitReady(STARTUP);

            // 4. Every task submitted ends, as planned.
            await("all batches submitted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(submitter::done);
            List<String> ids = submitter.ids();
            await("every task terminal").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().untilAsserted(() -> {
                        Map<String, JsonNode> all = byId(client().list(null));
                        assertThat(ids.stream().filter(id -> !all.containsKey(id) || !terminal(all.get(id))).limit(10)
                                .map(id -> String.valueOf(all.get(id))).toList())
                                .as("tasks not (yet) in a terminal state, the first 10").isEmpty();
                    });
            Map<String, JsonNode> all = byId(client().list(null));
            List<String> lost = ids.stream().filter(id -> !all.containsKey(id)).toList();
            assertThat(lost).as("tasks accepted but gone").isEmpty();
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
            figures.add("ran more than once: " + runningOnFirst.size() + " tasks began on worker-1 and ran again "
                    + "elsewhere; of the " + workload.marked().size() + " http.get tasks, " + markedTwice
                    + " called the marker server more than once (runs -> tasks: " + runsOfMarked + ")");
            figures.add("submits answered other than 2xx and retried with the same Idempotency-Key: "
                    + submitter.refusals());
            figures.add("scenario took " + seconds(Duration.ofNanos(System.nanoTime() - begin))
                    + " (lease 5 s, renewal every 1.5 s)");
        } finally {
            report(figures);
        }
    }

    @Test
    @Order(3)
    void workflowsMoveOnAcrossTheApiAndTheWorkerProcesses() throws Exception {
        awaitRedisBack();
        Map<String, Object> takesInput = Map.of("type", "echo");
        Map<String, Object> failsForGood = Map.of("type", "flaky", "payload", Map.of("failures", 1), "maxAttempts", 1);
        String chain = create(Map.of("kind", "CHAIN", "tasks", List.of(echo("first"), takesInput, takesInput)));
        String group = create(Map.of("kind", "GROUP", "tasks", List.of(echo("a"), echo("b"), echo("c")),
                "callback", takesInput));
        String batch = create(Map.of("kind", "BATCH", "tasks", List.of(echo("ok"), failsForGood)));
        String failing = create(Map.of("kind", "CHAIN", "tasks", List.of(failsForGood, takesInput)));

        JsonNode chainEnd = awaitEnd(chain);
        assertThat(chainEnd.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(chainEnd.at("/result/text").asString()).isEqualTo("first");
        assertThat(client().get("/api/tasks/" + chainEnd.at("/steps/1/taskId").asString()).json()
                .at("/result/text").asString()).as("step 2 echoes step 1's result").isEqualTo("first");
        JsonNode groupEnd = awaitEnd(group);
        assertThat(groupEnd.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(groupEnd.get("result").valueStream().map(result -> result.get("text").asString()).toList())
                .containsExactly("a", "b", "c");
        JsonNode batchEnd = awaitEnd(batch);
        assertThat(batchEnd.get("state").asString()).isEqualTo("FAILED");
        assertThat(batchEnd.at("/counts/SUCCEEDED").asInt()).isEqualTo(1);
        assertThat(batchEnd.at("/counts/FAILED").asInt()).isEqualTo(1);
        JsonNode failingEnd = awaitEnd(failing);
        assertThat(failingEnd.get("state").asString()).isEqualTo("FAILED");
        assertThat(failingEnd.at("/steps/1/state").asString()).isEqualTo("PENDING");
    }

    private static String create(Map<String, Object> workflow) throws IOException, InterruptedException {
        ApiClient.Answer answer = client().post("/api/workflows", workflow, Map.of());
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private static JsonNode awaitEnd(String workflow) {
        return await("workflow " + workflow + " ends").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> client().get("/api/workflows/" + workflow).json(),
                        view -> !view.get("state").asString().equals("RUNNING"));
    }

    private static List<String> redisSettings() {
        return List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis().port(),
                "fourfold.redis.key-prefix=" + KEY_PREFIX, "fourfold.redis.lease=5s", "spring.output.ansi.enabled=never");
    }

    private static ServiceProcess startWorker(int number) {
        String name = "worker-" + number;
        int port = Environment.freePort();
        List<String> settings = new ArrayList<>(redisSettings());
        settings.addAll(List.of("server.port=" + port, "fourfold.worker.id=" + name, "fourfold.worker.lease=5s",
                "fourfold.worker.renew-interval=1500ms", "fourfold.worker.drain-timeout=30s",
                "fourfold.worker.http.allowed-hosts=127.0.0.1", "fourfold.worker.http.allow-loopback=true"));
        ServiceProcess worker = ServiceProcess.start(name, Environment.workerJar(), directory(), port, settings);
        workers.put(name, worker);
        return worker;
    }

    /** Starts the private Redis if it is down, then waits until every live process works with it again. */
    private static void awaitRedisBack() {
        if (!redis().isRunning()) {
            redis().start();
        }
        for (ServiceProcess worker : workers.values()) {
            if (worker.isAlive()) {
                await(worker.name() + " readiness UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> worker.readiness() == 200);
            }
        }
        await("the api reads from Redis").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> client().get("/api/tasks?limit=1").status() == 200);
    }

    private static ServiceProcess liveWorker() {
        return workers.values().stream().filter(ServiceProcess::isAlive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no live worker"));
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

    private static Map<String, Object> echo(String text) {
        return Map.of("type", "echo", "payload", Map.of("text", text));
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

    private static ServiceProcess api() {
        return Objects.requireNonNull(api, "api");
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
}
