package io.fourfold.task;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A task as the state store keeps it. Every change goes through one of the methods below, which check the move
 * against {@link TaskState#canMoveTo} and bump {@code version} (the id of the change event).
 *
 * @param fence         the fencing token: bumped on every start, so a worker that lost its lease cannot write
 * @param attempt       handler attempts begun so far (a takeover after a crash continues the same attempt)
 * @param owner         who submitted it (API key name or JWT subject), when auth is on
 * @param unique        the key it is unique by and how, or {@code null}
 * @param workflow      the workflow it is a step of, or {@code null}
 * @param schemaVersion the record layout version, for rolling deploys
 */
public record TaskRecord(
        String id,
        String type,
        String queue,
        int priority,
        JsonNode payload,
        TaskState state,
        int attempt,
        int maxAttempts,
        Duration timeout,
        Instant createdAt,
        Instant runAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        double progress,
        @Nullable String progressMessage,
        @Nullable JsonNode result,
        @Nullable TaskError error,
        @Nullable String worker,
        @Nullable ExecutorKind executor,
        long fence,
        boolean cancelRequested,
        @Nullable String owner,
        @Nullable String traceparent,
        @Nullable Uniqueness unique,
        @Nullable String workflow,
        long version,
        int schemaVersion) {

    public static final int SCHEMA_VERSION = 1;

    /** The key the task is unique by, or {@code null}. */
    public @Nullable String uniqueKey() {
        return unique == null ? null : unique.key();
    }

    /** The record of a task just accepted: SCHEDULED if it runs later, QUEUED otherwise. */
    public static TaskRecord accepted(NewTask task, Instant now) {
        Instant runAt = task.runAt() == null || task.runAt().isBefore(now) ? now : task.runAt();
        TaskState state = runAt.isAfter(now) ? TaskState.SCHEDULED : TaskState.QUEUED;
        return new TaskRecord(task.id(), task.type(), task.queue(), task.priority(), task.payload(), state, 0,
                task.maxAttempts(), task.timeout(), now, runAt, null, null, 0, null, null, null, null, null, 0,
                false, task.owner(), task.traceparent(), task.unique(), task.workflow(), 1, SCHEMA_VERSION);
    }

    /** The envelope that carries this task through a transport. */
    public TaskEnvelope envelope() {
        return new TaskEnvelope(TaskEnvelope.SCHEMA_VERSION, id, type, queue, priority, payload, maxAttempts, timeout,
                traceparent, unique, workflow);
    }

    /** A worker begins (or, after a lost lease, takes over) an attempt. */
    public TaskRecord started(String workerId, ExecutorKind executorKind, Instant now) {
        Draft next = moveTo(TaskState.RUNNING);
        next.attempt = state == TaskState.RUNNING ? Math.max(attempt, 1) : attempt + 1;
        next.fence = fence + 1;
        next.startedAt = now;
        next.worker = workerId;
        next.executor = executorKind;
        next.progress = 0;
        next.progressMessage = null;
        return next.build();
    }

    public TaskRecord progressed(double fraction, @Nullable String message) {
        if (state != TaskState.RUNNING) {
            throw new IllegalTaskTransitionException(id, state, state);
        }
        Draft next = new Draft(this);
        next.progress = Math.clamp(fraction, 0.0, 1.0);
        next.progressMessage = message;
        return next.build();
    }

    public TaskRecord succeeded(@Nullable JsonNode value, Instant now) {
        Draft next = moveTo(TaskState.SUCCEEDED);
        next.result = value;
        next.error = null;
        next.progress = 1;
        next.finishedAt = now;
        return next.build();
    }

    /** Failed for good: the task goes to the dead-letter queue. */
    public TaskRecord failed(TaskError reason, Instant now) {
        Draft next = moveTo(TaskState.FAILED);
        next.error = reason;
        next.finishedAt = now;
        return next.build();
    }

    public TaskRecord retrying(TaskError reason, Instant nextRunAt) {
        Draft next = moveTo(TaskState.RETRYING);
        next.error = reason;
        next.runAt = nextRunAt;
        return next.build();
    }

    public TaskRecord cancelled(Instant now) {
        Draft next = moveTo(TaskState.CANCELLED);
        next.error = new TaskError(TaskError.CANCELLED, "Cancelled by request");
        next.finishedAt = now;
        return next.build();
    }

    /** A running task was asked to stop; the worker running it ends it as CANCELLED. */
    public TaskRecord withCancelRequested() {
        Draft next = new Draft(this);
        next.cancelRequested = true;
        return next.build();
    }

    /** Back in the work queue: due after a delay or backoff, handed back on drain, or re-queued from the DLQ. */
    public TaskRecord queued(Instant now) {
        Draft next = moveTo(TaskState.QUEUED);
        if (state == TaskState.FAILED) {
            next.attempt = 0;
            next.finishedAt = null;
            next.result = null;
        }
        if (next.runAt.isAfter(now)) {
            next.runAt = now;
        }
        return next.build();
    }

    private Draft moveTo(TaskState target) {
        if (!state.canMoveTo(target)) {
            throw new IllegalTaskTransitionException(id, state, target);
        }
        Draft next = new Draft(this);
        next.state = target;
        return next;
    }

    /** A mutable copy used only to derive the next version of a record. */
    private static final class Draft {
        private final TaskRecord from;
        private TaskState state;
        private int attempt;
        private Instant runAt;
        private @Nullable Instant startedAt;
        private @Nullable Instant finishedAt;
        private double progress;
        private @Nullable String progressMessage;
        private @Nullable JsonNode result;
        private @Nullable TaskError error;
        private @Nullable String worker;
        private @Nullable ExecutorKind executor;
        private long fence;
        private boolean cancelRequested;

        private Draft(TaskRecord from) {
            this.from = from;
            this.state = from.state;
            this.attempt = from.attempt;
            this.runAt = from.runAt;
            this.startedAt = from.startedAt;
            this.finishedAt = from.finishedAt;
            this.progress = from.progress;
            this.progressMessage = from.progressMessage;
            this.result = from.result;
            this.error = from.error;
            this.worker = from.worker;
            this.executor = from.executor;
            this.fence = from.fence;
            this.cancelRequested = from.cancelRequested;
        }

        private TaskRecord build() {
            return new TaskRecord(from.id, from.type, from.queue, from.priority, from.payload, state, attempt,
                    from.maxAttempts, from.timeout, from.createdAt, runAt, startedAt, finishedAt, progress,
                    progressMessage, result, error, worker, executor, fence, cancelRequested, from.owner,
                    from.traceparent, from.unique, from.workflow, from.version + 1, from.schemaVersion);
        }
    }
}
