package io.fourfold.worker.execution;

import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import io.fourfold.worker.system.WorkerCapabilities;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Runs deliveries: starts each under a lease on receipt, runs its handler on the handler's executor once a slot is
 * free, and writes its outcome. It listens for cancels from any process, and on shutdown drains: waiting attempts
 * are handed back at once, running ones may finish within the drain timeout, the rest are handed back too.
 */
public final class TaskEngine implements WorkerCapabilities, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskEngine.class);
    private static final Duration HAND_BACK_TIMEOUT = Duration.ofSeconds(10);
    /** The limit of a task its type's rate holds back, as metrics and logs name it. */
    private static final String RATE = "rate";

    private final TaskTransport transport;
    private final TaskStore store;
    private final TaskHandlerRegistry handlers;
    private final WorkerSlots slots;
    private final AttemptServices services;
    private final String workerId;
    private final Runnable shutdownThreads;
    private final StartLimits limits;
    /** By task id: what a cancel signal or the drain reaches. */
    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
    /** Started attempts waiting for a slot, per executor, oldest first; one decided meanwhile is dropped in turn. */
    private final Map<ExecutorKind, Queue<Attempt>> waiting = new EnumMap<>(ExecutorKind.class);
    private final AtomicInteger waitingCount = new AtomicInteger();
    private volatile boolean draining;
    private @Nullable Disposable cancels;

    TaskEngine(TaskTransport transport, TaskStore store, TaskHandlerRegistry handlers, WorkerSlots slots,
            AttemptServices services, String workerId, StartLimits limits, Runnable shutdownThreads) {
        this.transport = transport;
        this.store = store;
        this.handlers = handlers;
        this.slots = slots;
        this.services = services;
        this.workerId = workerId;
        this.shutdownThreads = shutdownThreads;
        this.limits = limits;
        for (ExecutorKind executor : ExecutorKind.values()) {
            waiting.put(executor, new ConcurrentLinkedQueue<>());
        }
    }

    /** The executor that runs {@code type}, or {@code null} when no handler here serves it. */
    public @Nullable ExecutorKind executorFor(String type) {
        HandlerMethod handler = handlers.find(type);
        return handler == null ? null : handler.executor();
    }

    /** The executors that at least one handler uses. */
    public Set<ExecutorKind> executorsInUse() {
        return handlers.executorsInUse();
    }

    public WorkerSlots capacity() {
        return slots;
    }

    /** The engine's metrics, for what happens to a delivery before the engine gets it. */
    public TaskMetrics metrics() {
        return services.metrics();
    }

    /**
     * Starts {@code delivery} (it is RUNNING on this worker from then on, its lease renewed) and runs its handler as
     * soon as a slot of its executor is free, after the attempts that waited before it. Does not block: it counts
     * as {@link #waiting} from now until it runs or is skipped.
     */
    public void execute(TaskDelivery delivery) {
        HandlerMethod handler = Objects.requireNonNull(handlers.find(delivery.envelope().type()));
        ExecutorKind executor = handler.executor();
        waitingCount.incrementAndGet();
        Attempt attempt = new Attempt(delivery, handler, services, () -> {
            slots.release(executor);
            runWaiting(executor);
        }, waitingCount::decrementAndGet);
        // Known before the start, so a cancel that arrives while it starts is not missed.
        attempts.put(delivery.taskId(), attempt);
        attempt.finished().subscribe(null, null, () -> attempts.remove(delivery.taskId(), attempt));
        limits.waitFor(delivery.envelope().type())
                .flatMap(wait -> wait.isZero() ? transport.start(delivery, workerId, executor)
                        : Mono.just(new StartDecision.Wait(RATE, wait)))
                .subscribe(decision -> decided(attempt, delivery, executor, decision), failure -> {
                    // The transport delivers it again (see TaskTransport#start): only its start of the rate to undo.
                    try (TaskTracing.Scope scope = TaskTracing.logContext(delivery.envelope())) {
                        log.warn("Task {} could not be started: {}", delivery.taskId(), failure.toString());
                    }
                    limits.giveBack(delivery.envelope().type());
                    notStarted(attempt);
                });
    }

    private void decided(Attempt attempt, TaskDelivery delivery, ExecutorKind executor, StartDecision decision) {
        switch (decision) {
            case StartDecision.Run run -> {
                attempt.begin(run.lease());
                waiting.get(executor).add(attempt);
                if (draining) {
                    // Started just as the drain handed back the waiting ones.
                    attempt.handBack();
                }
                runWaiting(executor);
            }
            case StartDecision.Skip skip -> {
                try (TaskTracing.Scope scope = TaskTracing.logContext(delivery.envelope())) {
                    log.debug("Task {} is not run: {}", delivery.taskId(), skip.reason());
                }
                limits.giveBack(delivery.envelope().type());
                notStarted(attempt);
            }
            case StartDecision.Wait wait -> {
                if (!wait.limit().equals(RATE)) {
                    limits.giveBack(delivery.envelope().type());
                }
                notStarted(attempt);
                defer(delivery, wait);
            }
        }
    }

    /** Hands back a delivery a limit holds back, to come again after the limit's wait (spread). */
    private void defer(TaskDelivery delivery, StartDecision.Wait wait) {
        services.metrics().deferred(delivery.envelope(), wait.limit());
        transport.defer(delivery, StartLimits.spread(wait.retryAfter())).subscribe(null, failure -> {
            // Not handed back: it comes back as any unsettled delivery does (a lapsed lease, a closed channel).
            try (TaskTracing.Scope scope = TaskTracing.logContext(delivery.envelope())) {
                log.warn("Task {} could not be deferred: {}", delivery.taskId(), failure.toString());
            }
        });
    }

    private void notStarted(Attempt attempt) {
        waitingCount.decrementAndGet();
        attempts.remove(attempt.taskId(), attempt);
    }

    /**
     * Runs waiting attempts of {@code executor} while it has free slots. Called after every enqueue and every slot
     * given back, each changing its side before looking at the other, so no free slot and waiting attempt miss each
     * other.
     */
    private void runWaiting(ExecutorKind executor) {
        Queue<Attempt> queue = waiting.get(executor);
        while (!draining && !queue.isEmpty() && slots.tryAcquire(executor)) {
            Attempt next = queue.poll();
            while (next != null && !next.run()) {
                next = queue.poll();
            }
            if (next == null) {
                slots.release(executor);
            } else {
                waitingCount.decrementAndGet();
            }
        }
    }

    /** Attempts started here that wait for a slot: counted against what the worker receives next. */
    public int waiting() {
        return waitingCount.get();
    }

    /**
     * Opens the engine for work, again after a {@link #drain} when a stopped worker is started again: it runs what
     * it starts, and listens for cancels, so running attempts of cancelled tasks stop within moments.
     */
    public synchronized void open() {
        draining = false;
        if (cancels != null) {
            return;
        }
        cancels = store.cancelRequests()
                .doOnError(error -> log.warn("Cancel signals interrupted, listening again: {}", error.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)))
                .subscribe(taskId -> {
                    Attempt attempt = attempts.get(taskId);
                    if (attempt != null) {
                        attempt.cancel();
                    }
                });
    }

    /**
     * Lets running attempts finish for up to {@code timeout}, then hands the rest back to their queues and stops
     * their handlers. Call it once nothing new is started.
     */
    public void drain(Duration timeout) {
        draining = true;
        waiting.values().forEach(queue -> queue.forEach(Attempt::handBack));
        if (!attempts.isEmpty()) {
            log.info("Draining {} running task(s) for up to {}", attempts.size(), timeout);
            awaitAttempts(timeout);
        }
        if (!attempts.isEmpty()) {
            log.info("Handing back {} task(s) that did not finish in time", attempts.size());
            attempts.values().forEach(Attempt::handBack);
            awaitAttempts(HAND_BACK_TIMEOUT);
        }
        synchronized (this) {
            if (cancels != null) {
                cancels.dispose();
                cancels = null;
            }
        }
    }

    private void awaitAttempts(Duration timeout) {
        try {
            Flux.fromIterable(List.copyOf(attempts.values()))
                    .flatMap(Attempt::finished)
                    .then()
                    .block(timeout);
        } catch (IllegalStateException timedOut) {
            log.debug("Attempts still running after {}", timeout);
        }
    }

    /** Stops the engine's thread pools; called after the drain, when nothing runs on them any more. */
    @Override
    public void close() {
        limits.close();
        shutdownThreads.run();
    }

    /** How many attempts this worker holds now, running or writing their outcome. */
    public int running() {
        return attempts.size();
    }

    @Override
    public List<TaskTypeInfo> taskTypes() {
        return handlers.types();
    }

    @Override
    public Map<ExecutorKind, WorkerInfo.Slots> slots() {
        return slots.snapshot();
    }
}
