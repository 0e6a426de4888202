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
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.Workflow;
import io.fourfold.workflow.WorkflowAdvancer;
import io.fourfold.workflow.WorkflowKind;
import io.fourfold.workflow.WorkflowState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The engine on the Redis backend, with a lease far shorter than the CPU backlog it is given: tasks that wait for the
 * one CPU slot are held under renewed leases, so each runs exactly once, and a cancel reaches a running task; and
 * workflows, which the engine moves on by itself.
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

    /**
     * Workflows moved on by the engine alone, with the built-in handlers: no api and so no sweep. The workflow is
     * created and its first step submitted as the api does it; every later step is submitted by the worker that ended
     * the step before, and the workflow ends there too.
     */
    @Nested
    class Workflows {

        private static final Duration PATIENCE = Duration.ofSeconds(30);
        private static final JsonMapper JSON = JsonMapper.shared();

        @Autowired
        TaskWorkflows workflows;

        @Test
        void aChainOfThreeEchoesHandsEachResultOnAndEndsWithTheLast() {
            Workflow chain = start(WorkflowKind.CHAIN, List.of(
                    step("echo", "{\"hello\": \"chain\"}"), step("echo", null), step("echo", null)), null);

            Workflow done = awaitEnd(chain.id());

            assertThat(done.state()).isEqualTo(WorkflowState.SUCCEEDED);
            assertThat(record(chain.steps().get(1)).payload()).isEqualTo(record(chain.steps().get(0)).result());
            assertThat(done.result()).isEqualTo(JSON.readTree("{\"hello\": \"chain\"}"));
        }

        @Test
        void aGroupOfThreeGivesItsCallbackTheArrayOfTheirResults() {
            Workflow group = start(WorkflowKind.GROUP, List.of(step("echo", "{\"n\": 1}"), step("echo", "{\"n\": 2}"),
                    step("echo", "{\"n\": 3}")), step("echo", null));

            Workflow done = awaitEnd(group.id());

            JsonNode results = JSON.readTree("[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]");
            assertThat(done.state()).isEqualTo(WorkflowState.SUCCEEDED);
            assertThat(record(group.callback()).payload()).isEqualTo(results);
            assertThat(done.result()).isEqualTo(results);
        }

        @Test
        void aBatchWithAFailingMemberEndsFailedOnceAllEnded() {
            Workflow batch = start(WorkflowKind.BATCH, List.of(step("echo", "{\"n\": 1}"),
                    step("flaky", "{\"failures\": 1}"), step("echo", "{\"n\": 3}")), null);

            Workflow done = awaitEnd(batch.id());

            assertThat(done.state()).isEqualTo(WorkflowState.FAILED);
            assertThat(batch.steps().stream().map(step -> record(step).state()).toList())
                    .containsExactly(TaskState.SUCCEEDED, TaskState.FAILED, TaskState.SUCCEEDED);
        }

        @Test
        void aChainWhoseFirstStepFailsNeverSubmitsTheSecond() {
            Workflow chain = start(WorkflowKind.CHAIN, List.of(step("flaky", "{\"failures\": 1}"), step("echo", null)),
                    null);

            Workflow done = awaitEnd(chain.id());

            assertThat(done.state()).isEqualTo(WorkflowState.FAILED);
            assertThat(done.submitted()).isEqualTo(1);
            assertThat(store.find(chain.steps().get(1).id()).blockOptional()).isEmpty();
        }

        /** A task of a workflow with one attempt, so a planned failure ends it; a {@code null} payload takes its input. */
        private static NewTask step(String type, @Nullable String payload) {
            return new NewTask(TaskIds.next(), type, "default", 0,
                    payload == null ? NullNode.getInstance() : JSON.readTree(payload), null, 1, Duration.ofMinutes(1),
                    null, null, null, null);
        }

        /** Creates the workflow and submits its first steps, as the api does. */
        private Workflow start(WorkflowKind kind, List<NewTask> steps, @Nullable NewTask callback) {
            String id = TaskIds.next();
            Workflow workflow = Workflow.created(id, kind, steps.stream().map(step -> of(step, id)).toList(),
                    callback == null ? null : of(callback, id), Instant.now(), null);
            workflows.create(workflow)
                    .then(new WorkflowAdvancer(workflows, store, transport, Clock.systemUTC()).advance(id))
                    .block();
            return workflow;
        }

        private static NewTask of(NewTask step, String workflow) {
            return new NewTask(step.id(), step.type(), step.queue(), step.priority(), step.payload(), step.runAt(),
                    step.maxAttempts(), step.timeout(), step.owner(), step.traceparent(), step.unique(), workflow);
        }

        private Workflow awaitEnd(String id) {
            return await().atMost(PATIENCE).until(() -> workflows.find(id).block(),
                    workflow -> workflow != null && workflow.state().isFinished());
        }

        private TaskRecord record(NewTask step) {
            return store.find(step.id()).blockOptional().orElseThrow();
        }
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
