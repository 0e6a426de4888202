package io.fourfold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.Workflow;
import io.fourfold.workflow.WorkflowAdvancer;
import io.fourfold.workflow.WorkflowKind;
import io.fourfold.workflow.WorkflowState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Workflows run by the worker on Redis with the built-in handlers and nothing else: no api and so no sweep. The
 * workflow is created and its first step submitted as the api does it; every later step is submitted by the worker
 * that ended the step before, and the workflow ends there too.
 */
@SpringBootTest(classes = WorkerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"fourfold.transport=redis", "fourfold.worker.drain-timeout=1s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RedisWorkflowsIT {

    private static final String PREFIX = "fourfold-workflows-it:" + UUID.randomUUID() + ":";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.shared();

    @Autowired
    TaskWorkflows workflows;
    @Autowired
    TaskStore store;
    @Autowired
    TaskTransport transport;

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
