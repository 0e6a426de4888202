package io.fourfold.transport;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Moves tasks from submit to outcome. The API calls {@link #submit}; a worker loops over {@link #receive}, then
 * {@link #start}s each delivery, renews its lease while it runs and ends it with {@link #complete}. Only then is
 * the delivery acknowledged, so a worker that dies mid-task loses nothing: the task is delivered again.
 *
 * <p>Every write after {@link #start} carries the lease's fencing token; a backend refuses a stale one.
 */
public interface TaskTransport {

    /**
     * Stores the records and enqueues them (or schedules them for their {@code runAt}) as one step: when the
     * answer is an error, no task of the request is visible. Fails with {@link IdempotencyConflictException} when
     * the key was used for a different request, with {@link BackendUnavailableException} when the backend cannot
     * take it now.
     */
    Mono<Submission> submit(SubmitRequest request);

    /**
     * Takes up to {@code max} ready deliveries from the queues, in the order given (the caller orders them by
     * weight), waiting up to {@code wait} for the first one. Never returns more than {@code max}: that is how a
     * worker takes only what it has free slots for. Completes with an empty list when nothing came in time.
     */
    Mono<List<TaskDelivery>> receive(String consumer, List<String> queues, int max, Duration wait);

    /**
     * Moves the task to RUNNING under a new fencing token. Answers {@link StartDecision.Skip} when the task must
     * not run (cancelled while queued, already finished, unknown); the delivery is then acknowledged. Answers
     * {@link StartDecision.Wait} when its type is at its concurrency limit or another task with its unique key runs;
     * nothing is written, and the caller {@link #defer}s the delivery. When it fails
     * (the store did not answer), the delivery is not lost: the backend delivers it again, as after {@link #complete}
     * fails.
     */
    Mono<StartDecision> start(TaskDelivery delivery, String workerId, ExecutorKind executor);

    /**
     * How long a started delivery stays owned without a {@link #renew}al before the backend hands it to another
     * consumer, and the setting that changes it; empty when leases never lapse while the worker is connected (the
     * in-memory backend). A worker renews well within it.
     */
    default Optional<Lease> lease() {
        return Optional.empty();
    }

    /** A backend's lease and the property that sets it, so a worker can name it when its renewals are too slow. */
    record Lease(Duration duration, String property) {
    }

    /** Keeps the lease of a running task alive; {@code false} when the task has been taken over by another owner. */
    Mono<Boolean> renew(TaskLease lease);

    /** Records progress of a running attempt; {@code false} when the lease is stale (nothing was written). */
    Mono<Boolean> progress(TaskLease lease, double fraction, String message);

    /**
     * Stores the outcome of an attempt, emits its event and only then acknowledges the delivery: SUCCEEDED,
     * FAILED (into the dead-letter queue), CANCELLED, or RETRYING with the next attempt scheduled.
     *
     * <p>When it fails, the task is delivered again later, to this worker or another, and runs once more under a
     * new fence: Redis takes the entry over once its lease lapses, RabbitMQ sends it round a delay step.
     *
     * @return {@code false} when the lease is stale: nothing was written and the new owner's work stands
     */
    Mono<Boolean> complete(TaskLease lease, TaskOutcome outcome);

    /** Hands a running task back to its queue without an outcome (drain on shutdown): it runs again elsewhere. */
    Mono<Void> release(TaskLease lease);

    /** Hands back a delivery that was never started, e.g. received just as the worker began to drain. */
    Mono<Void> returnUnstarted(TaskDelivery delivery);

    /**
     * Hands back a delivery that was not started because a limit holds it back ({@link StartDecision.Wait}, or the
     * type's rate): it is delivered again after {@code delay}, to any worker, and the deferral is not counted as a
     * delivery towards the poison limit. The task stays QUEUED meanwhile.
     */
    Mono<Void> defer(TaskDelivery delivery, Duration delay);

    /**
     * Ends a delivery that cannot be started at all (unreadable envelope, delivered too often) by failing its task
     * with {@code reason} into the dead-letter queue.
     */
    Mono<Void> deadLetter(TaskDelivery delivery, TaskError reason);
}
