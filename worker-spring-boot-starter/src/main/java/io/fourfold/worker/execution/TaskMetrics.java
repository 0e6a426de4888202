package io.fourfold.worker.execution;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskEnvelope;
import io.fourfold.transport.TaskOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The worker's engine metrics (Prometheus names in the README's table). Tags stay few and bounded: the queue, the
 * task type (types are registered by handlers, not made up by clients), the executor and the outcome; never a task
 * id.
 */
public final class TaskMetrics {

    static final String STARTED = "fourfold.tasks.started";
    static final String FINISHED = "fourfold.tasks.finished";
    static final String RETRIED = "fourfold.tasks.retried";
    static final String DEAD_LETTERED = "fourfold.tasks.dead.lettered";
    static final String DEFERRED = "fourfold.tasks.deferred";
    static final String DURATION = "fourfold.task.duration";
    static final String QUEUE_WAIT = "fourfold.task.queue.wait";
    static final String SLOTS = "fourfold.executor.slots";
    static final String SLOTS_BUSY = "fourfold.executor.slots.busy";

    /** Histogram buckets for both timers: from an {@code echo} task's milliseconds to the default 5 min timeout. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(15)};
    /** The executor tag of a task that was dead-lettered before any executor was chosen for it. */
    private static final String NO_EXECUTOR = "none";

    private final MeterRegistry registry;

    TaskMetrics(MeterRegistry registry, WorkerSlots slots) {
        this.registry = registry;
        for (ExecutorKind executor : slots.snapshot().keySet()) {
            Tags tags = Tags.of("executor", tag(executor));
            Gauge.builder(SLOTS, slots, all -> all.snapshot().get(executor).size())
                    .description("Slots of the executor: how many attempts it may run at once")
                    .tags(tags).register(registry);
            Gauge.builder(SLOTS_BUSY, slots, all -> all.snapshot().get(executor).busy())
                    .description("Slots of the executor that run a handler now")
                    .tags(tags).register(registry);
        }
    }

    /** A handler starts: counts it and times how long the task waited since it became ready. */
    void started(TaskEnvelope envelope, ExecutorKind executor, @Nullable Instant readyAt, Instant now) {
        Tags tags = tags(envelope, tag(executor));
        Counter.builder(STARTED).description("Task attempts whose handler started").tags(tags)
                .register(registry).increment();
        if (readyAt != null) {
            Duration waited = Duration.between(readyAt, now);
            timer(QUEUE_WAIT, "Time from a task becoming ready (submitted or due) to its handler starting", tags)
                    .record(waited.isNegative() ? Duration.ZERO : waited);
        }
    }

    /** An attempt's outcome was stored; {@code ran} is how long its handler ran, {@code null} if it never ran. */
    void ended(TaskEnvelope envelope, ExecutorKind executor, TaskOutcome outcome, @Nullable Duration ran) {
        String executorTag = tag(executor);
        String outcomeTag = switch (outcome) {
            case TaskOutcome.Succeeded succeeded -> "succeeded";
            case TaskOutcome.Failed failed -> "failed";
            case TaskOutcome.Cancelled cancelled -> "cancelled";
            case TaskOutcome.Retry retry -> "retried";
        };
        switch (outcome) {
            case TaskOutcome.Retry retry -> Counter.builder(RETRIED)
                    .description("Task attempts that failed and were scheduled again with backoff")
                    .tags(tags(envelope, executorTag)).register(registry).increment();
            case TaskOutcome.Failed failed -> {
                finished(envelope, executorTag, outcomeTag);
                deadLettered(envelope, executorTag);
            }
            default -> finished(envelope, executorTag, outcomeTag);
        }
        if (ran != null) {
            timer(DURATION, "How long an attempt's handler ran, by outcome",
                    tags(envelope, executorTag).and("outcome", outcomeTag)).record(ran);
        }
    }

    /** A delivery that could not be started at all (unreadable, poison, no handler) went to the dead letters. */
    public void deadLettered(TaskEnvelope envelope) {
        deadLettered(envelope, NO_EXECUTOR);
    }

    /**
     * A delivery was handed back unstarted because a limit holds it back: {@code concurrency} or {@code rate} of its
     * type, or {@code unique} (another task with its unique key runs).
     */
    void deferred(TaskEnvelope envelope, String limit) {
        Counter.builder(DEFERRED).description("Deliveries handed back unstarted because a limit held them back")
                .tags(Tags.of("queue", envelope.queue(), "type", envelope.type(), "limit", limit))
                .register(registry).increment();
    }

    private void finished(TaskEnvelope envelope, String executor, String outcome) {
        Counter.builder(FINISHED).description("Tasks that reached a final state, by outcome")
                .tags(tags(envelope, executor).and("outcome", outcome)).register(registry).increment();
    }

    private void deadLettered(TaskEnvelope envelope, String executor) {
        Counter.builder(DEAD_LETTERED).description("Tasks moved to the dead-letter queue")
                .tags(tags(envelope, executor)).register(registry).increment();
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private static Tags tags(TaskEnvelope envelope, String executor) {
        return Tags.of("queue", envelope.queue(), "type", envelope.type(), "executor", executor);
    }

    private static String tag(ExecutorKind executor) {
        return executor.name().toLowerCase(Locale.ROOT);
    }
}
