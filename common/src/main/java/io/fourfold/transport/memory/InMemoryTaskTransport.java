package io.fourfold.transport.memory;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskEnvelope;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskRecords;
import io.fourfold.transport.TaskTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Work queues as priority queues (higher priority first, then first in, first out), delayed tasks as timers, and
 * deliveries in flight in a map until their outcome is stored.
 */
final class InMemoryTaskTransport implements TaskTransport {

    private static final Comparator<Ready> ORDER =
            Comparator.comparingInt((Ready ready) -> -ready.envelope.priority()).thenComparingLong(Ready::sequence);

    private final InMemoryTaskStore store;
    private final Map<String, PriorityBlockingQueue<Ready>> queues = new ConcurrentHashMap<>();
    private final Map<String, Ready> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> delayed = new ConcurrentHashMap<>();
    /** Tasks a limit deferred, by id, with their queue: counted as delayed until they are back or have ended. */
    private final Map<String, String> deferred = new ConcurrentHashMap<>();
    private final Sinks.Many<Boolean> arrivals = Sinks.many().multicast().directBestEffort();
    private final AtomicLong sequence = new AtomicLong();
    private final Scheduler timer = Schedulers.newSingle("fourfold-memory-timer", true);

    InMemoryTaskTransport(InMemoryTaskStore store) {
        this.store = store;
    }

    @Override
    public Mono<Submission> submit(SubmitRequest request) {
        return Mono.fromSupplier(() -> {
            Instant now = store.now();
            List<TaskRecord> accepted = request.tasks().stream().map(task -> TaskRecord.accepted(task, now)).toList();
            InMemoryTaskStore.StoredSubmit stored = store.insert(accepted, request.idempotencyKey());
            stored.added().forEach(this::enqueueWhenDue);
            return stored.submission();
        });
    }

    @Override
    public Mono<List<TaskDelivery>> receive(String consumer, List<String> names, int max, Duration wait) {
        if (max <= 0) {
            return Mono.just(List.of());
        }
        // Subscribe to arrivals before the first poll, so a task enqueued in between still wakes this receive.
        return Flux.merge(arrivals.asFlux(), Mono.just(Boolean.TRUE))
                .map(arrival -> poll(names, max))
                .filter(batch -> !batch.isEmpty())
                .next()
                .timeout(wait, Mono.just(List.of()));
    }

    private synchronized List<TaskDelivery> poll(List<String> names, int max) {
        List<TaskDelivery> batch = new ArrayList<>(max);
        for (String name : names) {
            PriorityBlockingQueue<Ready> queue = queues.get(name);
            while (queue != null && batch.size() < max) {
                Ready ready = queue.poll();
                if (ready == null) {
                    break;
                }
                Ready delivered = ready.deliveredAgain();
                String deliveryId = Long.toString(sequence.incrementAndGet());
                inFlight.put(deliveryId, delivered);
                batch.add(new TaskDelivery(deliveryId, delivered.envelope, delivered.deliveries,
                        delivered.enqueuedAt));
            }
        }
        return batch;
    }

    @Override
    public Mono<StartDecision> start(TaskDelivery delivery, String workerId, ExecutorKind executor) {
        return store.start(delivery.taskId(), workerId, executor).map(start -> switch (start) {
            case TaskRecords.Start.Running running ->
                    new StartDecision.Run(new TaskLease(delivery, running.fence(), running.attempt()));
            case TaskRecords.Start.Waiting waiting -> new StartDecision.Wait(waiting.limit(), waiting.retryAfter());
            case TaskRecords.Start.Refused refused -> skip(delivery, refused.reason());
            // This transport's records are never hidden.
            case TaskRecords.Start.Hidden hidden -> skip(delivery, "unknown task");
        });
    }

    private StartDecision skip(TaskDelivery delivery, String reason) {
        inFlight.remove(delivery.deliveryId());
        return new StartDecision.Skip(reason);
    }

    @Override
    public Mono<Boolean> renew(TaskLease lease) {
        return Mono.fromSupplier(() -> inFlight.containsKey(lease.delivery().deliveryId()) && holds(lease));
    }

    @Override
    public Mono<Boolean> progress(TaskLease lease, double fraction, String message) {
        return Mono.fromSupplier(() -> store.update(lease.taskId(), task -> owns(task, lease),
                task -> task.progressed(fraction, message)) != null);
    }

    @Override
    public Mono<Boolean> complete(TaskLease lease, TaskOutcome outcome) {
        return Mono.fromSupplier(() -> {
            Instant now = store.now();
            TaskRecord done = store.update(lease.taskId(), task -> owns(task, lease), task -> switch (outcome) {
                case TaskOutcome.Succeeded succeeded -> task.succeeded(succeeded.result(), now);
                case TaskOutcome.Failed failed -> task.failed(failed.error(), now);
                case TaskOutcome.Cancelled _ -> task.cancelled(now);
                case TaskOutcome.Retry retry -> task.retrying(retry.error(), retry.runAt());
            });
            inFlight.remove(lease.delivery().deliveryId());
            if (done != null && done.state() == TaskState.RETRYING) {
                enqueueWhenDue(done);
            }
            return done != null;
        });
    }

    @Override
    public Mono<Void> release(TaskLease lease) {
        return Mono.fromRunnable(() -> {
            Ready ready = inFlight.remove(lease.delivery().deliveryId());
            TaskRecord queued = store.update(lease.taskId(), task -> owns(task, lease),
                    task -> task.queued(store.now()));
            if (ready != null && queued != null) {
                enqueue(ready);
            }
        });
    }

    @Override
    public Mono<Void> returnUnstarted(TaskDelivery delivery) {
        return Mono.fromRunnable(() -> {
            Ready ready = inFlight.remove(delivery.deliveryId());
            if (ready != null) {
                enqueue(ready);
            }
        });
    }

    @Override
    public Mono<Void> defer(TaskDelivery delivery, Duration delay) {
        return Mono.fromRunnable(() -> {
            Ready ready = inFlight.remove(delivery.deliveryId());
            if (ready != null) {
                deferred.put(delivery.taskId(), ready.envelope().queue());
                timer.schedule(() -> {
                    deferred.remove(delivery.taskId());
                    enqueue(ready.notCounted());
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public Mono<Void> deadLetter(TaskDelivery delivery, TaskError reason) {
        return Mono.fromRunnable(() -> {
            inFlight.remove(delivery.deliveryId());
            store.update(delivery.taskId(), task -> task.state().canMoveTo(TaskState.FAILED),
                    task -> task.failed(reason, store.now()));
        });
    }

    private boolean holds(TaskLease lease) {
        TaskRecord task = store.get(lease.taskId());
        return task != null && owns(task, lease);
    }

    private static boolean owns(TaskRecord task, TaskLease lease) {
        return task.state() == TaskState.RUNNING && task.fence() == lease.fence();
    }

    /** Queues a waiting task now, or when its {@code runAt} comes; a task cancelled meanwhile is not queued. */
    private void enqueueWhenDue(TaskRecord task) {
        Duration delay = Duration.between(store.now(), task.runAt());
        if (task.state() == TaskState.QUEUED) {
            enqueue(new Ready(task.envelope(), sequence.incrementAndGet(), 0, store.now()));
            return;
        }
        AtomicLong waiting = delayed.computeIfAbsent(task.queue(), name -> new AtomicLong());
        waiting.incrementAndGet();
        timer.schedule(() -> {
            waiting.decrementAndGet();
            TaskRecord queued = store.update(task.id(), current -> current.state() == task.state(),
                    current -> current.queued(store.now()));
            if (queued != null) {
                enqueue(new Ready(queued.envelope(), sequence.incrementAndGet(), 0, store.now()));
            }
        }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Queues a record that was just moved back to QUEUED, such as a retried dead letter. */
    void requeue(TaskRecord task) {
        enqueueWhenDue(task);
    }

    Set<String> queueNames() {
        Set<String> names = new HashSet<>(queues.keySet());
        names.addAll(delayed.keySet());
        return names;
    }

    long ready(String queue) {
        PriorityBlockingQueue<Ready> ready = queues.get(queue);
        return ready == null ? 0 : ready.size();
    }

    long delayed(String queue) {
        AtomicLong waiting = delayed.get(queue);
        long deferredNow = deferred.entrySet().stream()
                .filter(entry -> entry.getValue().equals(queue))
                .map(entry -> store.get(entry.getKey()))
                .filter(task -> task != null && !task.state().isTerminal())
                .count();
        return (waiting == null ? 0 : waiting.get()) + deferredNow;
    }

    /** Deliveries workers hold, started or not. */
    long running(String queue) {
        return inFlight.values().stream().filter(ready -> ready.envelope.queue().equals(queue)).count();
    }

    Duration oldestReadyAge(String queue) {
        PriorityBlockingQueue<Ready> ready = queues.get(queue);
        Instant now = store.now();
        return ready == null ? Duration.ZERO : ready.stream()
                .map(waiting -> Duration.between(waiting.enqueuedAt, now))
                .max(Comparator.naturalOrder())
                .filter(age -> !age.isNegative())
                .orElse(Duration.ZERO);
    }

    private void enqueue(Ready ready) {
        queues.computeIfAbsent(ready.envelope.queue(), name -> new PriorityBlockingQueue<>(64, ORDER)).add(ready);
        // A wake-up lost to a busy receiver costs nothing: the delivery is queued and the next poll finds it. So
        // only a concurrent emit is retried, and FAIL_OVERFLOW is ignored: handed to emitNext, it would terminate
        // the sink and break every later receive.
        Sinks.EmitResult result;
        do {
            result = arrivals.tryEmitNext(Boolean.TRUE);
        } while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    }

    void close() {
        timer.dispose();
    }

    private record Ready(TaskEnvelope envelope, long sequence, int deliveries, Instant enqueuedAt) {

        Ready deliveredAgain() {
            return new Ready(envelope, sequence, deliveries + 1, enqueuedAt);
        }

        /** The delivery taken back: a deferral is not the task's fault, so it does not count towards the poison limit. */
        Ready notCounted() {
            return new Ready(envelope, sequence, deliveries - 1, enqueuedAt);
        }
    }
}
