package io.fourfold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.worker.execution.TaskContext;
import io.fourfold.worker.execution.TaskHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine on the Redis backend, with a lease far shorter than the CPU backlog it is given: tasks that wait for the
 * one CPU slot are held under renewed leases, so each runs exactly once, and a cancel reaches a running task.
 */
@SpringBootTest(classes = {WorkerServiceApplication.class, RedisEngineIT.Busy.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "fourfold.transport=redis",
                "fourfold.worker.slots.platform=1",
                "fourfold.redis.lease=2s",
                "fourfold.worker.renew-interval=500ms",
                "fourfold.redis.claim-interval=100ms",
                "fourfold.worker.drain-timeout=1s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RedisEngineIT {

    private static final String PREFIX = "fourfold-engine-it:" + UUID.randomUUID() + ":";
    /** Twice the lease of CPU work queued behind one slot. */
    private static final int BACKLOG = 16;
    private static final long BUSY_MILLIS = 250;

    @Autowired
    TaskTransport transport;
    @Autowired
    TaskStore store;

    private final JsonMapper mapper = JsonMapper.builder().build();

    @BeforeAll
    static void redisAnswers() {
        SharedRedis.requireReachable();
    }

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> SharedRedis.HOST);
        registry.add("spring.data.redis.port", () -> SharedRedis.PORT);
        registry.add("fourfold.redis.key-prefix", () -> PREFIX);
    }

    /** Deletes this run's keys with SCAN and UNLINK: never a FLUSH on a shared Redis. */
    @AfterAll
    static void deleteKeys() {
        SharedRedis.deleteKeys(PREFIX);
    }

    @Test
    void runsEveryTaskOfABacklogLongerThanTheLeaseExactlyOnce() {
        List<String> ids = submit(IntStream.range(0, BACKLOG)
                .mapToObj(i -> task("busy", "{\"millis\":" + BUSY_MILLIS + "}")).toList());

        List<TaskRecord> done = await().atMost(Duration.ofSeconds(60)).until(
                () -> ids.stream().map(this::find).toList(),
                records -> records.stream().allMatch(task -> task.state().isTerminal()));

        assertThat(done).allSatisfy(task -> {
            assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(task.attempt()).isEqualTo(1);
        });
        assertThat(ids).allSatisfy(id -> assertThat(Busy.runs.get(id)).hasValue(1));
    }

    @Test
    void cancelsATaskWaitingForItsSlotWithoutRunningIt() {
        List<String> ids = submit(List.of(task("busy", "{\"millis\":3000}"), task("busy", "{\"millis\":10}")));
        String waiting = ids.get(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> find(waiting).state() == TaskState.RUNNING);

        store.cancel(waiting).block();

        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> find(waiting),
                task -> task.state().isTerminal()).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(Busy.runs).doesNotContainKey(waiting);
    }

    @Test
    void cancelReachesATaskRunningOnRedisWithinMoments() {
        String id = submit(List.of(task("sleep", "{\"millis\":60000}"))).getFirst();
        await().atMost(Duration.ofSeconds(10)).until(() -> find(id).state() == TaskState.RUNNING);

        store.cancel(id).block();

        // The issue asks for "within a second"; two leave room for two busy cores.
        assertThat(await().atMost(Duration.ofSeconds(2)).until(() -> find(id), task -> task.state().isTerminal())
                .state()).isEqualTo(TaskState.CANCELLED);
    }

    private NewTask task(String type, String payload) {
        return new NewTask(TaskIds.next(), type, "default", 0, mapper.readTree(payload), null, 3,
                Duration.ofMinutes(5), null, null);
    }

    private List<String> submit(List<NewTask> tasks) {
        transport.submit(new SubmitRequest(tasks, null)).block();
        return tasks.stream().map(NewTask::id).toList();
    }

    private TaskRecord find(String id) {
        return Objects.requireNonNull(store.find(id).block());
    }

    /** A CPU-bound task that counts its runs per task, so a second run of the same task shows. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Busy {

        static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @TaskHandler(type = "busy", executor = ExecutorKind.PLATFORM)
        String busy(Work work, TaskContext context) {
            runs.computeIfAbsent(context.taskId(), id -> new AtomicInteger()).incrementAndGet();
            long end = System.nanoTime() + Duration.ofMillis(work.millis()).toNanos();
            while (System.nanoTime() < end && !context.isCancelled()) {
                Thread.onSpinWait();
            }
            return "done";
        }

        record Work(long millis) {
        }
    }
}
