package io.fourfold.workflow;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

/**
 * Moves a workflow on from what its steps' records say: submits the next step once its turn has come, or ends the
 * workflow. Workers call it when a step ends, and the api's sweep calls it for every open workflow, so a step that
 * ended without a worker (cancelled while queued, dead-lettered, its worker killed before it called) still moves its
 * workflow on.
 *
 * <p>Any number of processes may advance one workflow at once. Each step is submitted under an idempotency key made
 * of the workflow and the step, so two advancers that both see its turn come submit it once (the second is answered
 * with the first one's task); {@link TaskWorkflows#markSubmitted} only grows, and {@link TaskWorkflows#finish}
 * happens once. A step submitted just as the workflow was cancelled is cancelled at once.
 *
 * <p>A step that was submitted but whose record is gone (it finished longer ago than {@code fourfold.store.retention}
 * while its workflow was not advanced) has an outcome no one can know any more: it counts as FAILED.
 */
public final class WorkflowAdvancer {

    /** The idempotency scope of every step's submit; the key names the workflow and the step. */
    static final String SCOPE = "workflows";
    /** How many records are read at once, from the last submitted task back. */
    private static final int READ_BATCH = 16;

    private final TaskWorkflows workflows;
    private final TaskStore store;
    private final TaskTransport transport;
    private final Clock clock;

    public WorkflowAdvancer(TaskWorkflows workflows, TaskStore store, TaskTransport transport, Clock clock) {
        this.workflows = workflows;
        this.store = store;
        this.transport = transport;
        this.clock = clock;
    }

    /**
     * Submits what is due and ends the workflow when its steps say so; completes when there is nothing more to do now
     * (also for an unknown or finished workflow). Fails when the backend fails; calling it again later is safe.
     */
    public Mono<Void> advance(String workflowId) {
        return workflows.find(workflowId)
                .filter(workflow -> workflow.state() == WorkflowState.RUNNING)
                .flatMap(workflow -> endedRecords(workflow)
                        .flatMap(records -> act(workflow, next(workflow, records))));
    }

    /**
     * Cancels a RUNNING workflow and then every step of it that was submitted and has not ended. False when it is
     * unknown or has already finished.
     */
    public Mono<Boolean> cancel(String workflowId) {
        return workflows.finish(workflowId, WorkflowState.CANCELLED, null, clock.instant())
                .flatMap(cancelled -> !cancelled ? Mono.just(false) : workflows.find(workflowId)
                        .flatMap(workflow -> withdraw(workflow.tasks().subList(0, workflow.submitted())))
                        .thenReturn(true));
    }

    /**
     * The records of the submitted tasks, in order (empty where a record is gone), when every one of them has ended;
     * nothing while one is under way, since the workflow then waits whatever the others say. They are read from the
     * last submitted back, in small batches, and the reading stops at a task under way: that is nearly always one of
     * the last, so advancing a long chain or a large group after each of its steps costs a read or two, not one per
     * step.
     */
    private Mono<List<Optional<TaskRecord>>> endedRecords(Workflow workflow) {
        List<NewTask> submitted = workflow.tasks().subList(0, workflow.submitted());
        return Flux.fromIterable(submitted.reversed())
                .buffer(READ_BATCH)
                .concatMap(batch -> Flux.fromIterable(batch)
                        .flatMapSequential(task -> store.find(task.id()).map(Optional::of)
                                .defaultIfEmpty(Optional.empty()))
                        .collectList())
                .takeUntil(batch -> !batch.stream().allMatch(WorkflowAdvancer::ended))
                .flatMapIterable(batch -> batch)
                .collectList()
                .filter(records -> records.size() == submitted.size()
                        && records.stream().allMatch(WorkflowAdvancer::ended))
                .map(List::reversed);
    }

    /** A task that has ended, or whose record is gone (which counts as failed). */
    private static boolean ended(Optional<TaskRecord> record) {
        return record.map(task -> task.state().isTerminal()).orElse(true);
    }

    private Mono<Void> act(Workflow workflow, Next next) {
        return switch (next) {
            case Next.Finish finish -> workflows.finish(workflow.id(), finish.state(), finish.result(), clock.instant())
                    .then();
            case Next.Submit submit -> submit(workflow, submit)
                    .then(Mono.defer(() -> advance(workflow.id())));
        };
    }

    /** Submits the tasks, records it, and withdraws them when the workflow ended meanwhile. */
    private Mono<Void> submit(Workflow workflow, Next.Submit submit) {
        IdempotencyKey key = new IdempotencyKey(SCOPE, "workflow:" + workflow.id() + ":" + submit.from(),
                submit.tasks().getFirst().id() + ":" + submit.tasks().size());
        return transport.submit(new SubmitRequest(submit.tasks(), key))
                .then(workflows.markSubmitted(workflow.id(), submit.from() + submit.tasks().size()))
                .flatMap(marked -> marked ? Mono.empty() : withdraw(submit.tasks()));
    }

    private Mono<Void> withdraw(List<NewTask> tasks) {
        return Flux.fromIterable(tasks).flatMap(task -> store.cancel(task.id())).then();
    }

    /**
     * What a workflow needs next, given the records of its submitted tasks, every one of which has ended (empty where
     * a record is gone, which counts as FAILED).
     */
    static Next next(Workflow workflow, List<Optional<TaskRecord>> records) {
        return workflow.kind() == WorkflowKind.CHAIN ? nextInChain(workflow, records) : nextInGroup(workflow, records);
    }

    private static Next nextInChain(Workflow workflow, List<Optional<TaskRecord>> records) {
        for (Optional<TaskRecord> record : records) {
            TaskState state = stateOf(record);
            if (state != TaskState.SUCCEEDED) {
                return unsuccessful(state);
            }
        }
        List<NewTask> steps = workflow.steps();
        @Nullable JsonNode previous = records.isEmpty() ? null : records.getLast().orElseThrow().result();
        if (records.size() == steps.size()) {
            return new Next.Finish(WorkflowState.SUCCEEDED, previous);
        }
        return new Next.Submit(records.size(), List.of(withInput(steps.get(records.size()), previous)));
    }

    private static Next nextInGroup(Workflow workflow, List<Optional<TaskRecord>> records) {
        List<NewTask> members = workflow.steps();
        if (records.isEmpty()) {
            return new Next.Submit(0, members);
        }
        List<TaskState> states = records.subList(0, members.size()).stream().map(WorkflowAdvancer::stateOf).toList();
        if (states.contains(TaskState.FAILED)) {
            return unsuccessful(TaskState.FAILED);
        }
        if (states.contains(TaskState.CANCELLED)) {
            return unsuccessful(TaskState.CANCELLED);
        }
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        records.subList(0, members.size()).forEach(record -> results.add(resultOf(record.orElseThrow())));
        NewTask callback = workflow.callback();
        if (callback == null) {
            return new Next.Finish(WorkflowState.SUCCEEDED, results);
        }
        if (records.size() == members.size()) {
            return new Next.Submit(members.size(), List.of(withInput(callback, results)));
        }
        TaskState state = stateOf(records.getLast());
        return state == TaskState.SUCCEEDED
                ? new Next.Finish(WorkflowState.SUCCEEDED, records.getLast().orElseThrow().result())
                : unsuccessful(state);
    }

    /** The state of an ended task; one whose record is gone counts as FAILED. */
    private static TaskState stateOf(Optional<TaskRecord> record) {
        return record.map(TaskRecord::state).orElse(TaskState.FAILED);
    }

    /** The end of a workflow whose task ended without success: CANCELLED for a cancelled one, else FAILED. */
    private static Next unsuccessful(TaskState state) {
        return new Next.Finish(state == TaskState.CANCELLED ? WorkflowState.CANCELLED : WorkflowState.FAILED, null);
    }

    private static JsonNode resultOf(TaskRecord record) {
        return record.result() == null ? NullNode.getInstance() : record.result();
    }

    /** The step as submitted: with {@code input} as its payload when it takes its input, else as created. */
    private static NewTask withInput(NewTask step, @Nullable JsonNode input) {
        if (!Workflow.takesInput(step)) {
            return step;
        }
        return new NewTask(step.id(), step.type(), step.queue(), step.priority(),
                input == null ? NullNode.getInstance() : input, step.runAt(), step.maxAttempts(), step.timeout(),
                step.owner(), step.traceparent(), step.unique(), step.workflow());
    }

    /** What to do with a workflow now. */
    sealed interface Next {

        /** Submit these tasks, the first of them at index {@code from} of {@link Workflow#tasks()}. */
        record Submit(int from, List<NewTask> tasks) implements Next {
            public Submit {
                tasks = List.copyOf(tasks);
            }
        }

        /** End the workflow. */
        record Finish(WorkflowState state, @Nullable JsonNode result) implements Next {
        }
    }
}
