package io.fourfold.transport;

import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What operators see and steer per queue: the figures of each queue, pause and resume, and the dead letters. Each
 * backend implements it over its own broker; the pause set and the dead letters live in the state store, so they
 * outlast every process.
 *
 * <p>Dead letters are the tasks in state FAILED: {@link TaskStore#list(TaskQuery)} lists them.
 */
public interface TaskQueues {

    /** Every queue that holds tasks now, has held some since its backend started, or is paused, by name. */
    Flux<QueueStats> stats();

    /** Pauses a queue for every worker, persisted: workers stop taking from it within a second; running tasks finish. */
    Mono<Void> pause(String queue);

    Mono<Void> resume(String queue);

    /** The queues paused now; workers read this about once a second. */
    Mono<Set<String>> paused();

    /**
     * Puts a dead letter back in its queue with a fresh set of attempts (FAILED → QUEUED). Empty when the task is
     * unknown; {@link DeadLetterResult.Outcome#NOT_DEAD} when it is not FAILED.
     */
    Mono<DeadLetterResult> retryDeadLetter(String taskId);

    /** Drops a dead letter: its record and its entry in the dead-letter queue. Empty when the task is unknown. */
    Mono<DeadLetterResult> deleteDeadLetter(String taskId);
}
