package io.fourfold.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * The {@link WorkflowAdvancer} on a backend, with the test as the worker: it takes each step from its queue, ends it
 * as the scenario says and advances the workflow, as a worker does. Written once, run on every backend.
 */
public abstract class WorkflowAdvancerContract {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String WORKER = "advancer-test";

    private final TaskStore store;
    private final TaskTransport transport;
    private final TaskWorkflows workflows;
    private final WorkflowAdvancer advancer;
    private final String queue = "wf-" + UUID.randomUUID();

    /** A backend's task path and workflows; a subclass is typically nested in that backend's contract class. */
    protected WorkflowAdvancerContract(TaskStore store, TaskTransport transport, TaskWorkflows workflows) {
        this.store = store;
        this.transport = transport;
        this.workflows = workflows;
        this.advancer = new WorkflowAdvancer(workflows, store, transport, Clock.systemUTC());
    }

    private NewTask step(String workflow, @Nullable String payload) {
        return new NewTask(TaskIds.next(), "echo", queue, 0,
                payload == null ? NullNode.getInstance() : JsonMapper.shared().readTree(payload), null, 1,
                Duration.ofMinutes(1), "alice", null, null, workflow);
    }

    private Workflow create(WorkflowKind kind, List<@Nullable String> payloads, boolean callback) {
        String id = TaskIds.next();
        List<NewTask> steps = payloads.stream().map(payload -> step(id, payload)).toList();
        Workflow workflow = Workflow.created(id, kind, steps, callback ? step(id, null) : null, Instant.now(), "alice");
        workflows.create(workflow).then(advancer.advance(id)).block();
        return workflow;
    }

    /** Ends the next task of the queue as {@code outcome} says, then advances its workflow; answers its envelope. */
    private TaskDelivery runNext(Function<TaskDelivery, TaskOutcome> outcome) {
        List<TaskDelivery> deliveries = transport.receive(WORKER, List.of(queue), 1, WAIT).block();
        assertThat(deliveries).as("a task was waiting in the queue").hasSize(1);
        TaskDelivery delivery = deliveries.getFirst();
        StartDecision.Run run = (StartDecision.Run) transport.start(delivery, WORKER, ExecutorKind.VIRTUAL).block();
        transport.complete(run.lease(), outcome.apply(delivery)).block();
        advancer.advance(delivery.envelope().workflow()).block();
        return delivery;
    }

    /** Succeeds with {@code {"after": <payload>}}, so a result shows what it was given. */
    private static TaskOutcome wrap(TaskDelivery delivery) {
        return new TaskOutcome.Succeeded(JsonNodeFactory.instance.objectNode().set("after",
                delivery.envelope().payload()));
    }

    private static TaskOutcome fail(TaskDelivery delivery) {
        return new TaskOutcome.Failed(new TaskError("Boom", "failed on purpose"));
    }

    private Workflow find(String id) {
        return workflows.find(id).blockOptional().orElseThrow();
    }

    private @Nullable TaskRecord record(NewTask task) {
        return store.find(task.id()).block();
    }

    private boolean nothingQueued() {
        return transport.receive(WORKER, List.of(queue), 1, Duration.ofMillis(300)).block().isEmpty();
    }

    @Test
    void aChainGivesEachStepThePreviousResultAndEndsWithTheLast() {
        Workflow chain = create(WorkflowKind.CHAIN, Arrays.asList("{\"n\": 1}", null, "{\"own\": true}"), false);

        TaskDelivery first = runNext(WorkflowAdvancerContract::wrap);
        TaskDelivery second = runNext(WorkflowAdvancerContract::wrap);
        TaskDelivery third = runNext(WorkflowAdvancerContract::wrap);

        assertThat(first.envelope().taskId()).isEqualTo(chain.steps().get(0).id());
        assertThat(second.envelope().payload()).isEqualTo(JsonMapper.shared().readTree("{\"after\": {\"n\": 1}}"));
        assertThat(third.envelope().payload()).as("a step with its own payload keeps it")
                .isEqualTo(JsonMapper.shared().readTree("{\"own\": true}"));
        Workflow done = find(chain.id());
        assertThat(done.state()).isEqualTo(WorkflowState.SUCCEEDED);
        assertThat(done.result()).isEqualTo(JsonMapper.shared().readTree("{\"after\": {\"own\": true}}"));
        assertThat(done.finishedAt()).isNotNull();
    }

    @Test
    void aChainWhoseFirstStepFailsNeverSubmitsTheSecond() {
        Workflow chain = create(WorkflowKind.CHAIN, Arrays.asList("{\"n\": 1}", null), false);

        runNext(WorkflowAdvancerContract::fail);

        assertThat(find(chain.id()).state()).isEqualTo(WorkflowState.FAILED);
        assertThat(record(chain.steps().get(1))).isNull();
        assertThat(nothingQueued()).isTrue();
    }

    @Test
    void aChainWhoseStepIsCancelledEndsCancelled() {
        Workflow chain = create(WorkflowKind.CHAIN, Arrays.asList("{\"n\": 1}", null), false);

        store.cancel(chain.steps().getFirst().id()).then(advancer.advance(chain.id())).block();

        assertThat(find(chain.id()).state()).isEqualTo(WorkflowState.CANCELLED);
        assertThat(record(chain.steps().get(1))).isNull();
    }

    @Test
    void aGroupsCallbackGetsTheMembersResultsInOrder() {
        Workflow group = create(WorkflowKind.GROUP, List.of("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}"), true);
        assertThat(group.steps()).allSatisfy(member -> assertThat(record(member)).isNotNull());

        IntStream.range(0, 3).forEach(i -> runNext(WorkflowAdvancerContract::wrap));
        TaskDelivery callback = runNext(WorkflowAdvancerContract::wrap);

        JsonNode results = JsonMapper.shared().readTree(
                "[{\"after\": {\"n\": 1}}, {\"after\": {\"n\": 2}}, {\"after\": {\"n\": 3}}]");
        assertThat(callback.envelope().taskId()).isEqualTo(group.callback().id());
        assertThat(callback.envelope().payload()).isEqualTo(results);
        Workflow done = find(group.id());
        assertThat(done.state()).isEqualTo(WorkflowState.SUCCEEDED);
        assertThat(done.result()).isEqualTo(JsonNodeFactory.instance.objectNode().set("after", results));
    }

    @Test
    void aGroupWithAFailedMemberFailsOnceAllEndedAndNeverRunsItsCallback() {
        Workflow group = create(WorkflowKind.GROUP, List.of("{\"n\": 1}", "{\"n\": 2}"), true);

        runNext(WorkflowAdvancerContract::fail);
        assertThat(find(group.id()).state()).as("a member still runs").isEqualTo(WorkflowState.RUNNING);
        runNext(WorkflowAdvancerContract::wrap);

        assertThat(find(group.id()).state()).isEqualTo(WorkflowState.FAILED);
        assertThat(record(group.callback())).isNull();
    }

    @Test
    void aBatchEndsWhenAllEndedAndFailsWhenOneFailed() {
        Workflow passing = create(WorkflowKind.BATCH, List.of("{\"n\": 1}", "{\"n\": 2}"), false);
        IntStream.range(0, 2).forEach(i -> runNext(WorkflowAdvancerContract::wrap));
        Workflow failing = create(WorkflowKind.BATCH, List.of("{\"n\": 1}", "{\"n\": 2}"), false);
        runNext(WorkflowAdvancerContract::wrap);
        runNext(WorkflowAdvancerContract::fail);

        assertThat(find(passing.id()).state()).isEqualTo(WorkflowState.SUCCEEDED);
        assertThat(find(passing.id()).result()).isEqualTo(JsonMapper.shared().readTree(
                "[{\"after\": {\"n\": 1}}, {\"after\": {\"n\": 2}}]"));
        assertThat(find(failing.id()).state()).isEqualTo(WorkflowState.FAILED);
    }

    @Test
    void advancersRacingOverOneStepSubmitItOnce() {
        Workflow chain = create(WorkflowKind.CHAIN, Arrays.asList("{\"n\": 1}", null), false);
        List<TaskDelivery> deliveries = transport.receive(WORKER, List.of(queue), 1, WAIT).block();
        StartDecision.Run run = (StartDecision.Run) transport
                .start(deliveries.getFirst(), WORKER, ExecutorKind.VIRTUAL).block();
        transport.complete(run.lease(), new TaskOutcome.Succeeded(null)).block();

        // A backend may refuse a racer while the first submit under the step's key is under way (RabbitMQ's submit
        // awaits the broker's confirm): that racer fails and is tried again later, as the sweep does.
        Flux.range(0, 8).flatMap(i -> advancer.advance(chain.id())
                .onErrorResume(BackendUnavailableException.class, underWay -> Mono.empty())).blockLast();
        advancer.advance(chain.id()).block();

        assertThat(transport.receive(WORKER, List.of(queue), 10, WAIT).block()).hasSize(1);
        assertThat(nothingQueued()).isTrue();
        assertThat(find(chain.id()).submitted()).isEqualTo(2);
    }

    @Test
    void aSubmittedStepWhoseRecordIsGoneFailsItsWorkflow() {
        String id = TaskIds.next();
        Workflow chain = Workflow.created(id, WorkflowKind.CHAIN, List.of(step(id, "{}"), step(id, null)), null,
                Instant.now(), null);
        workflows.create(chain).then(workflows.markSubmitted(id, 1)).block();

        advancer.advance(id).block();

        assertThat(find(id).state()).isEqualTo(WorkflowState.FAILED);
        assertThat(record(chain.steps().get(1))).isNull();
    }

    @Test
    void cancellingEndsTheWorkflowAndCancelsItsWaitingMembers() {
        Workflow batch = create(WorkflowKind.BATCH, List.of("{\"n\": 1}", "{\"n\": 2}"), false);

        assertThat(advancer.cancel(batch.id()).block()).isTrue();
        assertThat(advancer.cancel(batch.id()).block()).as("only once").isFalse();

        assertThat(find(batch.id()).state()).isEqualTo(WorkflowState.CANCELLED);
        assertThat(batch.steps()).allSatisfy(member ->
                assertThat(record(member).state()).isEqualTo(TaskState.CANCELLED));
    }

    @Test
    void aFinishedOrUnknownWorkflowIsLeftAlone() {
        Workflow chain = create(WorkflowKind.CHAIN, Arrays.asList("{\"n\": 1}", null), false);
        runNext(WorkflowAdvancerContract::wrap);
        advancer.cancel(chain.id()).block();

        advancer.advance(chain.id()).then(advancer.advance(TaskIds.next())).block();

        assertThat(find(chain.id()).state()).isEqualTo(WorkflowState.CANCELLED);
        assertThat(record(chain.steps().get(1)).state()).isEqualTo(TaskState.CANCELLED);
    }
}
