package io.fourfold.transport.memory;

import io.fourfold.limit.TaskLimits;
import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.task.Uniqueness;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.CancelResult;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.IdempotencyConflictException;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.TaskPage;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskQuery;
import io.fourfold.transport.TaskRecords;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Records, events and the registry in maps. Every change to a record happens under one monitor and emits its
 * event while holding it, so events of one task arrive in order. It also offers the fenced {@link TaskRecords}
 * writes, so their contract is tested on the simplest store too.
 */
final class InMemoryTaskStore implements TaskStore, TaskRecords {

    private final Clock clock;
    private final FourfoldProperties.Store retention;
    /** Newest first: ids are time-ordered. */
    private final NavigableMap<String, TaskRecord> records = new ConcurrentSkipListMap<>(Comparator.reverseOrder());
    private final Map<String, Remembered> idempotency = new ConcurrentHashMap<>();
    /** Records of submits not yet confirmed by their broker: invisible to reads. */
    private final Map<String, Hidden> hidden = new ConcurrentHashMap<>();
    private final Map<String, WorkerEntry> workers = new ConcurrentHashMap<>();
    private final Map<String, TaskTypeInfo> types = new ConcurrentSkipListMap<>();
    private final Sinks.Many<TaskRecord> changes = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<String> cancels = Sinks.many().multicast().directBestEffort();
    private final Object lock = new Object();
    private final FinishRate finishes = new FinishRate();
    /** Guarded by lock: by unique key, the id of the last task made with it (see {@link Uniqueness}). */
    private final Map<String, String> uniqueHolders = new HashMap<>();
    private final InMemoryTaskLimits limits = new InMemoryTaskLimits(this::isRunning);

    InMemoryTaskStore(Clock clock, FourfoldProperties.Store retention) {
        this.clock = clock;
        this.retention = retention;
    }

    Instant now() {
        return clock.instant();
    }

    InMemoryTaskLimits limits() {
        return limits;
    }

    private boolean isRunning(String id) {
        TaskRecord task = records.get(id);
        return task != null && task.state() == TaskState.RUNNING;
    }

    /**
     * Adds the records of one submit, or answers the ones an earlier submit under the same key made.
     *
     * @return the records and whether they were replayed
     */
    StoredSubmit insert(List<TaskRecord> accepted, @Nullable IdempotencyKey key) {
        synchronized (lock) {
            Submission earlier = replay(key, false);
            if (earlier != null) {
                return new StoredSubmit(earlier, List.of());
            }
            Submission made = unique(accepted, false);
            remember(key, made);
            List<TaskRecord> added = made.made();
            for (TaskRecord task : added) {
                records.put(task.id(), task);
                changes.emitNext(task, Sinks.EmitFailureHandler.FAIL_FAST);
            }
            return new StoredSubmit(made, added);
        }
    }

    /**
     * The tasks an earlier submit under {@code key} made, or {@code null} when it made none that are all still
     * here. Fails when the key was used for another request, or (for hidden records) while that submit is under way.
     */
    private @Nullable Submission replay(@Nullable IdempotencyKey key, boolean hiddenUnderWay) {
        if (key == null) {
            return null;
        }
        Remembered earlier = idempotency.get(key.scope() + '\u0000' + key.key());
        if (earlier == null || !earlier.expiresAt.isAfter(now())) {
            return null;
        }
        if (!earlier.fingerprint.equals(key.fingerprint())) {
            throw new IdempotencyConflictException(key.key());
        }
        if (hiddenUnderWay && earlier.taskIds.stream().anyMatch(hidden::containsKey)) {
            throw new BackendUnavailableException("The first submit under Idempotency-Key " + key.key()
                    + " is still under way", Duration.ofSeconds(1), null);
        }
        List<TaskRecord> existing = earlier.taskIds.stream().map(records::get).toList();
        return existing.stream().allMatch(Objects::nonNull) ? new Submission(existing, true) : null;
    }

    private void remember(@Nullable IdempotencyKey key, Submission made) {
        if (key != null) {
            idempotency.put(key.scope() + '\u0000' + key.key(), new Remembered(key.fingerprint(),
                    made.tasks().stream().map(TaskRecord::id).toList(), now().plus(retention.retention())));
        }
    }

    /**
     * Stands a unique task under way for each accepted one with the same key that may not be made now (see
     * {@link Uniqueness.Mode}); the others become the holders of their keys. A holder whose submit is not confirmed
     * yet (hidden) makes the submit wait, as an idempotent one does.
     */
    private Submission unique(List<TaskRecord> accepted, boolean hiddenUnderWay) {
        List<TaskRecord> answer = new ArrayList<>(accepted.size());
        Set<String> deduplicated = new HashSet<>();
        Map<String, TaskRecord> madeNow = new HashMap<>();
        for (TaskRecord task : accepted) {
            Uniqueness unique = task.unique();
            if (unique == null) {
                answer.add(task);
                continue;
            }
            TaskRecord first = madeNow.get(unique.key());
            if (first != null) {
                // Asked twice in one submit: the first one, not started yet, stands for the second in either mode.
                answer.add(first);
                continue;
            }
            String holderId = uniqueHolders.get(unique.key());
            if (holderId != null && hiddenUnderWay && hidden.containsKey(holderId)) {
                throw new BackendUnavailableException("The submit of the task holding unique key " + unique.key()
                        + " is still under way", Duration.ofSeconds(1), null);
            }
            TaskRecord holder = holderId == null ? null : records.get(holderId);
            if (holder != null && unique.mode().standsFor(holder.state())) {
                answer.add(holder);
                deduplicated.add(holder.id());
            } else {
                uniqueHolders.put(unique.key(), task.id());
                madeNow.put(unique.key(), task);
                answer.add(task);
            }
        }
        return new Submission(answer, false, deduplicated);
    }

    /**
     * Applies {@code change} to the task's record if it exists and {@code when} holds, then emits the event.
     *
     * @return the changed record, or {@code null} when nothing changed
     */
    @Nullable TaskRecord update(String id, Predicate<TaskRecord> when, UnaryOperator<TaskRecord> change) {
        synchronized (lock) {
            TaskRecord current = records.get(id);
            if (current == null || !when.test(current)) {
                return null;
            }
            TaskRecord next = change.apply(current);
            records.put(id, next);
            if (next.state().isTerminal() && !current.state().isTerminal()) {
                finishes.record(next.queue(), now());
            }
            changes.emitNext(next, Sinks.EmitFailureHandler.FAIL_FAST);
            return next;
        }
    }

    @Nullable TaskRecord get(String id) {
        return records.get(id);
    }

    /** Removes a record when it is in the state given; answers it as it was, or null when it was not removed. */
    @Nullable TaskRecord removeIf(String id, TaskState state) {
        synchronized (lock) {
            TaskRecord current = records.get(id);
            if (current == null || current.state() != state) {
                return null;
            }
            records.remove(id);
            return current;
        }
    }

    Collection<TaskRecord> records() {
        return records.values();
    }

    double finishedPerSecond(String queue) {
        return finishes.perSecond(queue, now());
    }

    @Override
    public Mono<TaskRecord> find(String id) {
        return Mono.fromSupplier(() -> records.get(id));
    }

    @Override
    public Mono<TaskPage> list(TaskQuery query) {
        return Mono.fromSupplier(() -> {
            Map<String, TaskRecord> from = query.cursor() == null ? records : records.tailMap(query.cursor(), false);
            List<TaskRecord> page = new ArrayList<>(query.limit());
            String next = null;
            for (TaskRecord task : from.values()) {
                if (!query.matches(task)) {
                    continue;
                }
                if (page.size() == query.limit()) {
                    next = page.getLast().id();
                    break;
                }
                page.add(task);
            }
            return new TaskPage(page, next);
        });
    }

    @Override
    public Flux<TaskRecord> follow(String id) {
        return Flux.defer(() -> {
            Sinks.Many<TaskRecord> buffer = Sinks.many().unicast().onBackpressureBuffer();
            var subscription = changes.asFlux()
                    .filter(task -> task.id().equals(id))
                    .subscribe(task -> buffer.emitNext(task, Sinks.EmitFailureHandler.FAIL_FAST));
            TaskRecord snapshot = records.get(id);
            if (snapshot == null) {
                subscription.dispose();
                return Flux.empty();
            }
            return Flux.concat(Mono.just(snapshot), buffer.asFlux().filter(task -> task.version() > snapshot.version()))
                    .takeUntil(task -> task.state().isTerminal())
                    .doFinally(signal -> subscription.dispose());
        });
    }

    @Override
    public Mono<CancelResult> cancel(String id) {
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                TaskRecord current = records.get(id);
                if (current == null) {
                    return null;
                }
                if (current.state().isTerminal()) {
                    return new CancelResult(CancelResult.Outcome.ALREADY_FINISHED, current);
                }
                if (current.state().isWaiting()) {
                    TaskRecord cancelled = update(id, task -> true, task -> task.cancelled(now()));
                    return new CancelResult(CancelResult.Outcome.CANCELLED, Objects.requireNonNull(cancelled));
                }
                TaskRecord signalled = update(id, task -> true, TaskRecord::withCancelRequested);
                cancels.emitNext(id, Sinks.EmitFailureHandler.FAIL_FAST);
                return new CancelResult(CancelResult.Outcome.SIGNALLED, Objects.requireNonNull(signalled));
            }
        });
    }

    @Override
    public Flux<String> cancelRequests() {
        return cancels.asFlux();
    }

    @Override
    public Mono<Void> heartbeat(WorkerInfo worker, Duration ttl) {
        return Mono.fromRunnable(() -> workers.put(worker.id(), new WorkerEntry(worker, now().plus(ttl))));
    }

    @Override
    public Mono<Void> removeWorker(String workerId) {
        return Mono.fromRunnable(() -> workers.remove(workerId));
    }

    @Override
    public Flux<WorkerInfo> workers() {
        return Flux.defer(() -> {
            Instant now = now();
            workers.values().removeIf(entry -> entry.expiresAt.isBefore(now));
            return Flux.fromIterable(workers.values()).map(WorkerEntry::worker);
        });
    }

    @Override
    public Mono<Void> registerTaskTypes(Collection<TaskTypeInfo> registered) {
        return Mono.fromRunnable(() -> registered.forEach(type -> types.put(type.type(), type)));
    }

    @Override
    public Flux<TaskTypeInfo> taskTypes() {
        return Flux.defer(() -> Flux.fromIterable(types.values()));
    }

    /** Drops finished records and idempotency keys past their retention. */
    void expire() {
        Instant now = now();
        synchronized (lock) {
            records.values().removeIf(task -> task.finishedAt() != null
                    && task.finishedAt().plus(task.state() == TaskState.FAILED
                            ? retention.deadLetterRetention() : retention.retention()).isBefore(now));
            idempotency.values().removeIf(remembered -> remembered.expiresAt.isBefore(now));
            // A key whose task is gone stands for nothing any more.
            uniqueHolders.values().removeIf(id -> !records.containsKey(id) && !hidden.containsKey(id));
        }
    }

    @Override
    public Mono<Submission> insertHidden(List<TaskRecord> accepted, @Nullable IdempotencyKey key) {
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                Submission earlier = replay(key, true);
                if (earlier != null) {
                    return earlier;
                }
                Submission made = unique(accepted, true);
                remember(key, made);
                made.made().forEach(task -> hidden.put(task.id(), new Hidden(task, now())));
                return made;
            }
        });
    }

    @Override
    public Mono<Void> reveal(List<String> ids) {
        return Mono.fromRunnable(() -> {
            synchronized (lock) {
                for (String id : ids) {
                    Hidden revealed = hidden.remove(id);
                    if (revealed != null) {
                        records.put(id, revealed.task);
                        changes.emitNext(revealed.task, Sinks.EmitFailureHandler.FAIL_FAST);
                    }
                }
            }
        });
    }

    @Override
    public Mono<Void> dropHidden(List<String> ids, @Nullable IdempotencyKey key) {
        return Mono.fromRunnable(() -> {
            synchronized (lock) {
                ids.forEach(hidden::remove);
                if (key != null) {
                    idempotency.computeIfPresent(key.scope() + '\u0000' + key.key(),
                            (name, remembered) -> remembered.taskIds.equals(ids) ? null : remembered);
                }
            }
        });
    }

    @Override
    public Mono<Long> dropHiddenOlderThan(Duration age) {
        return Mono.fromSupplier(() -> {
            Instant before = now().minus(age);
            synchronized (lock) {
                int size = hidden.size();
                hidden.values().removeIf(entry -> !entry.since.isAfter(before));
                return (long) (size - hidden.size());
            }
        });
    }

    @Override
    public Mono<Start> start(String taskId, String workerId, ExecutorKind executor) {
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                if (hidden.containsKey(taskId)) {
                    return new Start.Hidden();
                }
                TaskRecord current = records.get(taskId);
                if (current == null) {
                    return new Start.Refused("unknown task");
                }
                if (current.state() == TaskState.RUNNING && current.cancelRequested()) {
                    update(taskId, task -> true, task -> task.cancelled(now()));
                    return new Start.Refused("cancelled while running");
                }
                if (!current.state().canMoveTo(TaskState.RUNNING)) {
                    return new Start.Refused("task is " + current.state());
                }
                String limit = limits.admit(current);
                if (limit != null) {
                    return new Start.Waiting(limit, TaskLimits.WAIT);
                }
                TaskRecord started = Objects.requireNonNull(
                        update(taskId, task -> true, task -> task.started(workerId, executor, now())));
                return new Start.Running(started.fence(), started.attempt());
            }
        });
    }

    @Override
    public Mono<Boolean> progress(String taskId, long fence, double fraction, @Nullable String message) {
        return Mono.fromSupplier(() -> update(taskId, task -> runsUnder(task, fence),
                task -> task.progressed(fraction, message)) != null);
    }

    @Override
    public Mono<Boolean> finish(String taskId, long fence, TaskOutcome outcome) {
        return Mono.fromSupplier(() -> {
            Instant now = now();
            return update(taskId, task -> runsUnder(task, fence), task -> switch (outcome) {
                case TaskOutcome.Succeeded succeeded -> task.succeeded(succeeded.result(), now);
                case TaskOutcome.Failed failed -> task.failed(failed.error(), now);
                case TaskOutcome.Cancelled _ -> task.cancelled(now);
                case TaskOutcome.Retry retry -> task.retrying(retry.error(), retry.runAt());
            }) != null;
        });
    }

    @Override
    public Mono<Boolean> handBack(String taskId, long fence) {
        return Mono.fromSupplier(() -> update(taskId, task -> runsUnder(task, fence), task -> task.queued(now())) != null);
    }

    @Override
    public Mono<Boolean> fail(String taskId, TaskError reason) {
        return Mono.fromSupplier(() -> update(taskId, task -> task.state().canMoveTo(TaskState.FAILED),
                task -> task.failed(reason, now())) != null);
    }

    private static boolean runsUnder(TaskRecord task, long fence) {
        return task.state() == TaskState.RUNNING && task.fence() == fence;
    }

    /** What a submit answers, and the records it added (to enqueue). */
    record StoredSubmit(Submission submission, List<TaskRecord> added) {
    }

    private record Remembered(String fingerprint, List<String> taskIds, Instant expiresAt) {
    }

    private record Hidden(TaskRecord task, Instant since) {
    }

    private record WorkerEntry(WorkerInfo worker, Instant expiresAt) {
    }
}
