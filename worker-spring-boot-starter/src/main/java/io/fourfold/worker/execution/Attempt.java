package io.fourfold.worker.execution;

import io.fourfold.task.TaskEnvelope;
import io.fourfold.task.TaskError;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of one task in this worker, from its delivery to its outcome. It is started (leased and renewed) on
 * receipt, may wait for a slot of its executor, and then runs its handler. Whatever comes first decides the
 * outcome, exactly once: the handler returning or throwing, the timeout, a cancel, a lost lease or a hand-back on
 * drain. Everything after that is discarded, and the handler is interrupted or disposed, or never started when it
 * was still waiting. The slot stays taken until the handler has really returned.
 */
final class Attempt implements TaskContext, AttemptExecutor.Listener {

    private static final Logger log = LoggerFactory.getLogger(Attempt.class);

    private final TaskDelivery delivery;
    private final HandlerMethod handler;
    private final AttemptServices services;
    private final Runnable onEnded;
    private final Runnable onSkipped;
    /** WAITING for a slot, then RUNNING its handler, or SKIPPED: decided before it got a slot. */
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.WAITING);
    private final AtomicBoolean decided = new AtomicBoolean();
    /** Two things must happen before the attempt is over: the handler ended and the outcome was written. */
    private final AtomicInteger unfinished = new AtomicInteger(2);
    private final Sinks.Empty<Void> finished = Sinks.empty();
    private final Sinks.Many<Progress> progress = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable.Composite timers = Disposables.composite();
    private volatile @Nullable TaskLease lease;
    private volatile AttemptExecutor.@Nullable Stoppable stoppable;
    private volatile boolean cancelRequested;
    private volatile boolean stopping;
    /** Set when the handler is about to run: the span of this attempt and when it began. */
    private volatile TaskTracing.@Nullable TaskSpan span;
    private volatile long ranSince;

    /**
     * @param onEnded   gives the slot back once the handler has returned
     * @param onSkipped tells the engine that a waiting attempt was decided and will never take a slot
     */
    Attempt(TaskDelivery delivery, HandlerMethod handler, AttemptServices services, Runnable onEnded,
            Runnable onSkipped) {
        this.delivery = delivery;
        this.handler = handler;
        this.services = services;
        this.onEnded = onEnded;
        this.onSkipped = onSkipped;
    }

    /**
     * Holds the task under {@code started} until {@link #run}: renews its lease and listens for progress, so a task
     * that waits for a slot is neither taken over nor counted as delivered again.
     */
    void begin(TaskLease started) {
        lease = started;
        if (cancelRequested) {
            decide(new TaskOutcome.Cancelled());
            return;
        }
        timers.add(progress.asFlux()
                .concatMap(next -> services.transport().progress(started, next.fraction(), next.message())
                        .onErrorResume(error -> Mono.empty()))
                .subscribe());
        timers.add(Flux.interval(services.renewInterval(), services.renewInterval())
                .onBackpressureDrop()
                .concatMap(tick -> services.transport().renew(started)
                        // A backend hiccup is not a lost lease: the next renewal tells.
                        .onErrorResume(error -> Mono.just(true)), 1)
                .filter(held -> !held)
                .next()
                .subscribe(lost -> leaseLost()));
    }

    /**
     * Runs the handler in a slot the caller has taken: reads the payload, arms the timeout and starts it. Answers
     * {@code false} (and the caller keeps its slot) when the attempt was already decided while it waited.
     */
    boolean run() {
        if (!phase.compareAndSet(Phase.WAITING, Phase.RUNNING)) {
            return false;
        }
        if (decided.get()) {
            // Decided in the moment it got its slot: nothing to run, the slot goes back at once.
            ended();
            return true;
        }
        TaskTracing.TaskSpan attemptSpan = services.tracing().start(envelope(), handler.executor().name());
        ranSince = System.nanoTime();
        span = attemptSpan;
        services.metrics().started(envelope(), handler.executor(), delivery.readyAt(), services.clock().instant());
        try (TaskTracing.Scope scope = attemptSpan.logContext()) {
            log.debug("Task {} attempt {} runs {} on {}", taskId(), attempt(), handler.type(), handler.executor());
        }
        Object payload;
        try {
            payload = handler.readPayload(envelope().payload(), services.mapper(), services.validator());
        } catch (HandlerMethod.InvalidPayloadException invalid) {
            decide(new TaskOutcome.Failed(new TaskError(TaskError.VALIDATION, invalid.getMessage())));
            ended();
            return true;
        } catch (RuntimeException broken) {
            // A constraint that cannot be evaluated, for example: a bug in the payload type, not worth a retry.
            decide(new TaskOutcome.Failed(TaskError.of(broken)));
            ended();
            return true;
        }
        Duration timeout = timeout();
        timers.add(Mono.delay(timeout).subscribe(tick -> timedOut(timeout)));
        AttemptExecutor.Stoppable handlerRun;
        try {
            handlerRun = services.executors().get(handler.executor()).start(
                    new AttemptExecutor.Invocation(handler, envelope().payload(), this, () -> {
                        try (TaskTracing.Scope scope = attemptSpan.inScope()) {
                            return handler.invoke(payload, this);
                        }
                    }), this);
        } catch (RuntimeException rejected) {
            // The executor refused it (shutting down): the handler never ran, so this attempt may go again.
            decide(afterFailure(TaskError.of(rejected), true));
            ended();
            return true;
        }
        stoppable = handlerRun;
        if (stopping) {
            handlerRun.stop();
        }
        return true;
    }

    private Duration timeout() {
        Duration submitted = envelope().timeout();
        return submitted.isPositive() ? submitted : handler.timeout();
    }

    @Override
    public void returned(@Nullable Object value) {
        if (decided.get()) {
            return;
        }
        JsonNode result;
        try {
            result = value == null ? null : services.mapper().valueToTree(value);
        } catch (JacksonException unwritable) {
            decide(new TaskOutcome.Failed(HandlerMethod.resultNotJson(handler.type(), unwritable)));
            return;
        }
        decide(new TaskOutcome.Succeeded(result));
    }

    @Override
    public void threw(Throwable thrown) {
        if (decided.get()) {
            // Most likely the interrupt this attempt was stopped with; the outcome stands either way.
            try (TaskTracing.Scope scope = logContext()) {
                log.debug("Task {}: thrown after its outcome was decided", taskId(), thrown);
            }
            return;
        }
        Throwable failure = Exceptions.unwrap(thrown);
        if (failure instanceof ChildTaskException child) {
            decide(afterFailure(child.error(), child.retryable()));
            return;
        }
        decide(afterFailure(TaskError.of(failure), handler.isRetryable(failure)));
    }

    @Override
    public void ended() {
        onEnded.run();
        partDone();
    }

    /**
     * A cancel from a client: before {@link #begin} it is remembered, afterwards it ends the attempt as CANCELLED
     * and stops the handler (or keeps it from starting).
     */
    void cancel() {
        cancelRequested = true;
        if (lease != null && decide(new TaskOutcome.Cancelled())) {
            stop();
        }
    }

    /** Drain (at once for a waiting attempt, else once out of time): hand the task back, then stop the handler. */
    void handBack() {
        TaskLease held = lease;
        if (held != null && decide(services.transport().release(held), null)) {
            stop();
        }
    }

    private void timedOut(Duration timeout) {
        TaskError error = new TaskError(TaskError.TIMEOUT, "The attempt did not finish within " + timeout);
        if (decide(afterFailure(error, true))) {
            stop();
        }
    }

    private void leaseLost() {
        if (decide(Mono.empty(), null)) {
            try (TaskTracing.Scope scope = logContext()) {
                log.warn("Task {} was taken over by another worker; this attempt's result is discarded", taskId());
            }
            stop();
        }
    }

    private TaskOutcome afterFailure(TaskError error, boolean retryable) {
        int attempt = attempt();
        if (retryable && attempt < maxAttempts()) {
            Duration delay = services.backoff().delay(attempt, services.random());
            return new TaskOutcome.Retry(error, services.clock().instant().plus(delay));
        }
        return new TaskOutcome.Failed(error);
    }

    private boolean decide(TaskOutcome outcome) {
        TaskLease held = Objects.requireNonNull(lease);
        // Timed up to the decision, not the write; an attempt decided before its handler ran has no duration.
        @Nullable Duration ran = span == null ? null : Duration.ofNanos(System.nanoTime() - ranSince);
        return decide(services.transport().complete(held, outcome).doOnNext(stored -> {
            if (stored) {
                services.metrics().ended(envelope(), handler.executor(), outcome, ran);
                try (TaskTracing.Scope scope = logContext()) {
                    log.debug("Task {} attempt {} ended: {}", taskId(), attempt(), outcome);
                }
                services.workflows().ended(envelope(), outcome);
                return;
            }
            try (TaskTracing.Scope scope = logContext()) {
                log.info("Task {} had a stale lease; its outcome {} was not stored", taskId(), outcome);
            }
        }), outcome);
    }

    /**
     * Claims the one outcome of this attempt and writes it; {@code false} when another one came first.
     *
     * @param outcome what {@code write} stores, {@code null} when it stores none (hand-back, lost lease)
     */
    private boolean decide(Mono<?> write, @Nullable TaskOutcome outcome) {
        if (!decided.compareAndSet(false, true)) {
            return false;
        }
        // The outcome is written whatever the bookkeeping below does: a decided attempt that writes nothing would
        // hold its task RUNNING, and its delivery, for good.
        write.doFinally(signal -> partDone()).subscribe(
                stored -> { },
                // Not settled, so the transport delivers the task again.
                error -> {
                    try (TaskTracing.Scope scope = logContext()) {
                        log.warn("Task {}: the outcome could not be stored, it will be delivered again: {}",
                                taskId(), error.toString());
                    }
                });
        timers.dispose();
        TaskTracing.TaskSpan attemptSpan = span;
        if (attemptSpan != null) {
            attemptSpan.end(outcome);
        }
        progress.tryEmitComplete();
        if (phase.compareAndSet(Phase.WAITING, Phase.SKIPPED)) {
            // It never got a slot, so no handler will end: this part of the attempt is over now.
            onSkipped.run();
            partDone();
        }
        return true;
    }

    private void stop() {
        stopping = true;
        AttemptExecutor.Stoppable running = stoppable;
        if (running != null) {
            running.stop();
        }
    }

    private void partDone() {
        if (unfinished.decrementAndGet() == 0) {
            finished.tryEmitEmpty();
        }
    }

    /** Completes when the handler has ended and the outcome (if any) is written. */
    Mono<Void> finished() {
        return finished.asMono();
    }

    /** The MDC for a log line about this task, with the attempt's span once it has one. */
    private TaskTracing.Scope logContext() {
        TaskTracing.TaskSpan attemptSpan = span;
        return attemptSpan == null ? TaskTracing.logContext(envelope()) : attemptSpan.logContext();
    }

    private TaskEnvelope envelope() {
        return delivery.envelope();
    }

    @Override
    public String taskId() {
        return delivery.taskId();
    }

    @Override
    public int attempt() {
        TaskLease held = lease;
        return held == null ? 0 : held.attempt();
    }

    @Override
    public int maxAttempts() {
        return envelope().maxAttempts();
    }

    @Override
    public void progress(double fraction, String message) {
        if (!decided.get()) {
            // Several threads of one handler may report; busy-looping serialises them instead of dropping one.
            progress.emitNext(new Progress(fraction, message),
                    Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        }
    }

    @Override
    public boolean isCancelled() {
        return stopping || cancelRequested;
    }

    private enum Phase { WAITING, RUNNING, SKIPPED }

    private record Progress(double fraction, String message) {
    }
}
