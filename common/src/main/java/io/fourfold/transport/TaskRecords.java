package io.fourfold.transport;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Record writes for a transport whose broker is not the store (RabbitMQ keeps its records in the Redis store, as
 * Celery keeps a result backend). A broker message and a store record cannot be written atomically, so a submit
 * inserts its records <em>hidden</em>, publishes, and reveals them once the broker confirmed; a failed publish
 * drops them. Hidden records are invisible to {@link TaskStore#find}, {@link TaskStore#list} and
 * {@link TaskStore#follow}: a client never sees a task that may not exist.
 *
 * <p>Every write after {@link #start} carries the fencing token it answered and is refused when it is stale.
 * Moves are checked against {@link io.fourfold.task.TaskState#canMoveTo}.
 */
public interface TaskRecords {

    /**
     * Stores the records hidden, or answers the visible tasks an earlier submit under the same key made (then
     * {@link Submission#replayed()} is {@code true} and nothing is stored). Fails with
     * {@link IdempotencyConflictException} when the key was used for another request, and with
     * {@link BackendUnavailableException} while the key's earlier tasks are still hidden (that submit is under way).
     */
    Mono<Submission> insertHidden(List<TaskRecord> accepted, @Nullable IdempotencyKey key);

    /** Makes hidden records visible, in the state they were inserted in (QUEUED or SCHEDULED). */
    Mono<Void> reveal(List<String> ids);

    /** Removes hidden records after a failed publish, and the idempotency key that points at them. */
    Mono<Void> dropHidden(List<String> ids, @Nullable IdempotencyKey key);

    /**
     * Removes records hidden for longer than {@code age}: their submit never finished (its process died between
     * insert and reveal), so its client got no answer but an error, and the task must not run.
     *
     * @return how many were removed
     */
    Mono<Long> dropHiddenOlderThan(Duration age);

    /**
     * Moves the task to RUNNING under a new fencing token, with {@link TaskTransport#start}'s Run/Skip/Wait
     * semantics.
     */
    Mono<Start> start(String taskId, String workerId, ExecutorKind executor);

    /** Records progress of a running attempt; {@code false} when {@code fence} is stale. */
    Mono<Boolean> progress(String taskId, long fence, double fraction, @Nullable String message);

    /**
     * Stores the outcome of an attempt under its fence: SUCCEEDED, FAILED (a dead letter), CANCELLED, or RETRYING
     * with its next {@code runAt}; {@code false} when the fence is stale and nothing was written.
     */
    Mono<Boolean> finish(String taskId, long fence, TaskOutcome outcome);

    /** Puts a running task back to QUEUED without an outcome (drain); {@code false} when the fence is stale. */
    Mono<Boolean> handBack(String taskId, long fence);

    /**
     * Fails a task that cannot be started at all (unreadable, poison) with {@code reason}, from any state that may
     * move to FAILED; {@code false} when it may not (finished, unknown).
     */
    Mono<Boolean> fail(String taskId, TaskError reason);

    /** What {@link #start} did. */
    sealed interface Start {

        /** The task is RUNNING under {@code fence}. */
        record Running(long fence, int attempt) implements Start {
        }

        /** The task must not run: cancelled, finished or unknown. */
        record Refused(String reason) implements Start {
        }

        /** Not now: a limit holds it back (see {@link StartDecision.Wait}); nothing was written. */
        record Waiting(String limit, Duration retryAfter) implements Start {
        }

        /** The record is still hidden: its submit has not been confirmed (yet); try again shortly. */
        record Hidden() implements Start {
        }
    }
}
