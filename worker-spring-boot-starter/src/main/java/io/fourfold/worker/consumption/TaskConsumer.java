package io.fourfold.worker.consumption;

import io.fourfold.task.TaskEnvelope;
import io.fourfold.task.TaskError;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskTransport;
import io.fourfold.worker.execution.TaskEngine;
import io.fourfold.worker.execution.TaskTracing;
import io.fourfold.worker.execution.WorkerSlots;
import io.fourfold.worker.system.WorkerProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One loop per worker over all its queues: wait for a free slot, receive at most as many deliveries as there are
 * free slots, check each, and hand it to the engine, which starts it at once and runs it on its handler's executor.
 *
 * <p>Capacity is counted per executor. A receive asks for the free slots of all executors that handlers use, minus
 * the attempts already waiting; a delivery whose executor turns out to be full is started (RUNNING on this worker,
 * its lease renewed) and waits for a slot of that executor, first come first served. So a full CPU pool never
 * starves IO tasks, the worker never holds more deliveries than it has slots, CPU tasks are not bounced back to the
 * queue (each bounce would count as a delivery towards the poison limit), and a waiting task is not taken over by
 * another consumer when its wait outlasts the lease. This is what a RabbitMQ prefetch window does anyway.
 *
 * <p>It stops before the web server and the backend beans (its phase is higher): stop receiving, hand back what was
 * received, let the engine drain (waiting attempts are handed back, running ones may finish).
 */
final class TaskConsumer implements SmartLifecycle {

    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

    private static final Logger log = LoggerFactory.getLogger(TaskConsumer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final TaskTransport transport;
    private final TaskEngine engine;
    private final WorkerProperties properties;
    private final ConsumerHealth health;
    private final QueueSelection selection;
    private final Duration receiveWait;
    private final Object wakeUp = new Object();
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();

    TaskConsumer(TaskTransport transport, TaskEngine engine, WorkerProperties properties, ConsumerHealth health,
            QueueSelection selection) {
        this.transport = transport;
        this.engine = engine;
        this.properties = properties;
        this.health = health;
        this.selection = selection;
        // A receive under way does not see a pause; kept this short, a pause takes effect within a second.
        this.receiveWait = properties.pollWait().compareTo(QueueSelection.PAUSE_REFRESH) < 0
                ? properties.pollWait() : QueueSelection.PAUSE_REFRESH;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (engine.executorsInUse().isEmpty()) {
            log.warn("Worker {} has no @TaskHandler beans; it will take no work", properties.id());
        }
        engine.open();
        running = true;
        threads.add(Thread.ofVirtual().name("fourfold-consumer").start(this::consume));
        log.info("Worker {} consumes {} with slots {}", properties.id(), properties.queues(), engine.slots());
    }

    private void consume() {
        int failures = 0;
        while (running) {
            try {
                int capacity = capacity();
                if (capacity <= 0) {
                    engine.capacity().awaitRelease(properties.pollWait());
                    continue;
                }
                List<String> queues = selection.next();
                if (queues.isEmpty()) {
                    pause(QueueSelection.PAUSE_REFRESH);
                    continue;
                }
                List<TaskDelivery> batch = Objects.requireNonNull(transport
                        .receive(properties.id(), queues, capacity, receiveWait)
                        .block());
                health.reachable();
                failures = 0;
                batch.forEach(this::dispatch);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException failure) {
                failures++;
                health.unreachable(failure);
                pause(retryDelay(failures));
            }
        }
    }

    private int capacity() {
        WorkerSlots slots = engine.capacity();
        int free = engine.executorsInUse().stream().mapToInt(slots::free).sum();
        return free - engine.waiting();
    }

    private void dispatch(TaskDelivery delivery) {
        if (!running) {
            returnUnstarted(delivery);
            return;
        }
        try {
            TaskError refusal = refusal(delivery);
            if (refusal != null) {
                try (TaskTracing.Scope scope = TaskTracing.logContext(delivery.envelope())) {
                    log.warn("Task {} is dead-lettered: {}", delivery.taskId(), refusal.message());
                }
                transport.deadLetter(delivery, refusal).block();
                engine.metrics().deadLettered(delivery.envelope());
                return;
            }
            engine.execute(delivery);
        } catch (RuntimeException failure) {
            // Not settled, the delivery comes back: a lease lapses on Redis, RabbitMQ sends it round a delay step.
            try (TaskTracing.Scope scope = TaskTracing.logContext(delivery.envelope())) {
                log.warn("Task {} could not be dead-lettered: {}", delivery.taskId(), failure.toString());
            }
            health.unreachable(failure);
        }
    }

    /** Why a delivery cannot run at all, or {@code null} when it can. */
    private @Nullable TaskError refusal(TaskDelivery delivery) {
        TaskEnvelope envelope = delivery.envelope();
        if (!envelope.isReadable()) {
            return new TaskError(TaskError.UNSUPPORTED_SCHEMA, "Envelope schema version " + envelope.schemaVersion()
                    + " cannot be read by this worker, which reads version " + TaskEnvelope.SCHEMA_VERSION);
        }
        if (delivery.deliveries() > properties.maxDeliveries()) {
            return new TaskError(TaskError.POISON, "Delivered " + delivery.deliveries()
                    + " times without an outcome, more than fourfold.worker.max-deliveries="
                    + properties.maxDeliveries() + "; it may crash its worker");
        }
        if (engine.executorFor(envelope.type()) == null) {
            return new TaskError(TaskError.UNKNOWN_TYPE, "No handler for task type '" + envelope.type()
                    + "' on worker " + properties.id());
        }
        return null;
    }

    private void returnUnstarted(TaskDelivery delivery) {
        try {
            transport.returnUnstarted(delivery).block();
        } catch (RuntimeException failure) {
            log.warn("Task {} could not be handed back, it returns after the visibility timeout: {}",
                    delivery.taskId(), failure.toString());
        }
    }

    private static Duration retryDelay(int failures) {
        long millis = FIRST_RETRY.toMillis() << Math.min(failures - 1, 10);
        return Duration.ofMillis(Math.min(millis, LONGEST_RETRY.toMillis()));
    }

    private void pause(Duration delay) {
        synchronized (wakeUp) {
            try {
                if (running) {
                    wakeUp.wait(delay.toMillis());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void stop() {
        List<Thread> stopping;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            stopping = List.copyOf(threads);
            threads.clear();
        }
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        log.info("Worker {} stops taking work and drains", properties.id());
        for (Thread thread : stopping) {
            try {
                // Not interrupted: a receive cut short could lose the deliveries it already took.
                if (!thread.join(properties.pollWait().plus(STOP_GRACE))) {
                    log.warn("Worker {}: {} did not stop in time", properties.id(), thread.getName());
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        engine.drain(properties.drainTimeout());
        log.info("Worker {} has drained", properties.id());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
