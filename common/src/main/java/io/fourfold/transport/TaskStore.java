package io.fourfold.transport;

import io.fourfold.task.TaskRecord;
import java.time.Duration;
import java.util.Collection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Task records, their change events, cancel signals, the worker registry and the known task types. Redis in
 * both broker modes, in memory in standalone.
 */
public interface TaskStore {

    Mono<TaskRecord> find(String id);

    /** Recent tasks, newest first, filtered and paged by {@code query}. */
    Mono<TaskPage> list(TaskQuery query);

    /**
     * The current record, then every change to it, from any process; completes after a terminal state (at once
     * when the task has already finished). Empty when the task is unknown. No change between the snapshot and
     * the first event is lost.
     */
    Flux<TaskRecord> follow(String id);

    /**
     * Cancels a task: a waiting one becomes CANCELLED at once and never runs; a running one is signalled to the
     * worker that runs it (see {@link #cancelRequests()}). Empty when the task is unknown.
     */
    Mono<CancelResult> cancel(String id);

    /** Ids of running tasks whose cancel was requested, from any process, as they are requested. */
    Flux<String> cancelRequests();

    /** Registers or refreshes a live worker; it disappears from {@link #workers()} when not refreshed within {@code ttl}. */
    Mono<Void> heartbeat(WorkerInfo worker, Duration ttl);

    Mono<Void> removeWorker(String workerId);

    Flux<WorkerInfo> workers();

    /** Records task types as known; they stay known when the workers that registered them stop. */
    Mono<Void> registerTaskTypes(Collection<TaskTypeInfo> types);

    Flux<TaskTypeInfo> taskTypes();
}
