package io.fourfold.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * One drain of a queue, the method of every throughput scenario: the queue is paused, the tasks go in through
 * {@code POST /api/tasks/batch} (1000 per request, 4 requests at a time), the queue is resumed, and
 * {@code GET /api/queues} is polled every 20 ms until nothing is ready, delayed or running. Whatever backend is under
 * it, the api reads these figures in one store call, so polling costs the same everywhere.
 *
 * @param tasks          tasks submitted
 * @param enqueueSeconds how long the submits took
 * @param measured       tasks finished between the first poll that saw one finish and the last poll: the rate's
 *                       numerator; JVM warm-up before the first finish and the resume delay are not counted
 * @param fromFirst      seconds between those two polls
 * @param fromFirstTaken seconds from the first poll that saw a task taken (fewer ready) to the first that saw none
 *                       left: the whole drain without the resume delay, for tasks that all finish at once
 * @param cpuPerTask     microseconds of CPU per measured task of each part of {@link CpuUse}, over the same interval
 */
record Drain(int tasks, double enqueueSeconds, long measured, double fromFirst, double fromFirstTaken,
             Map<String, Double> cpuPerTask) {

    private static final int PARALLEL_SUBMITS = 4;
    private static final Duration POLL = Duration.ofMillis(20);
    /** Workers read the paused set at most once a second; submits made sooner could still be taken. */
    private static final Duration PAUSE_SEEN = Duration.ofMillis(1_500);

    /** Tasks finished per second, from the first finish to the last. */
    double rate() {
        return measured / fromFirst;
    }

    double enqueueRate() {
        return tasks / enqueueSeconds;
    }

    static Drain run(ApiClient api, String queue, List<ObjectNode> tasks, Duration atMost) {
        return run(api, queue, tasks, atMost, () -> { }, CpuUse.NONE);
    }

    /** The same, with the CPU per task of each part of {@code cpu}. */
    static Drain run(ApiClient api, String queue, List<ObjectNode> tasks, Duration atMost, CpuUse cpu) {
        return run(api, queue, tasks, atMost, () -> { }, cpu);
    }

    /** The same, calling {@code everyPoll} at each poll of the drain (to sample a process's memory, say). */
    static Drain run(ApiClient api, String queue, List<ObjectNode> tasks, Duration atMost, Runnable everyPoll) {
        return run(api, queue, tasks, atMost, everyPoll, CpuUse.NONE);
    }

    private static Drain run(ApiClient api, String queue, List<ObjectNode> tasks, Duration atMost, Runnable everyPoll,
                             CpuUse cpu) {
        long deadBefore = api.queue(queue).dead();
        api.pause(queue);
        awaitPauseSeen();
        long submitStart = System.nanoTime();
        submitAll(api, tasks);
        double enqueueSeconds = seconds(System.nanoTime() - submitStart);
        await(queue + " holds the " + tasks.size() + " tasks").atMost(Duration.ofMinutes(1)).pollInterval(POLL)
                .until(() -> api.queue(queue).outstanding() >= tasks.size());
        AtomicLong firstNanos = new AtomicLong();
        AtomicLong firstLeft = new AtomicLong();
        AtomicLong firstTaken = new AtomicLong();
        AtomicReference<Map<String, Duration>> cpuAtFirst = new AtomicReference<>(cpu.now());
        long resumed = System.nanoTime();
        api.resume(queue);
        await(queue + " drained").atMost(atMost).pollInterval(POLL).until(() -> {
            everyPoll.run();
            ApiClient.QueueFigures figures = api.queue(queue);
            long left = figures.outstanding();
            long now = System.nanoTime();
            if (firstTaken.get() == 0 && figures.ready() < tasks.size()) {
                firstTaken.set(now);
            }
            if (firstNanos.get() == 0 && left < tasks.size()) {
                firstNanos.set(now);
                firstLeft.set(left);
                cpuAtFirst.set(cpu.now());
            }
            return left == 0;
        });
        long ended = System.nanoTime();
        Map<String, Duration> cpuAtEnd = cpu.now();
        long deadAfter = api.queue(queue).dead();
        if (deadAfter != deadBefore) {
            throw new IllegalStateException((deadAfter - deadBefore) + " tasks of " + queue + " became dead letters");
        }
        double fromResume = seconds(ended - resumed);
        double fromFirst = seconds(ended - firstNanos.get());
        double fromFirstTaken = seconds(ended - firstTaken.get());
        // Drained within one poll: the whole batch from the resume (which includes up to a second until the workers
        // see it) is the only interval there is.
        return fromFirst > 0
                ? new Drain(tasks.size(), enqueueSeconds, firstLeft.get(), fromFirst, fromFirstTaken,
                        CpuUse.perTask(cpuAtFirst.get(), cpuAtEnd, firstLeft.get()))
                : new Drain(tasks.size(), enqueueSeconds, tasks.size(), fromResume, fromResume,
                        CpuUse.perTask(cpuAtFirst.get(), cpuAtEnd, tasks.size()));
    }

    private static void awaitPauseSeen() {
        try {
            Thread.sleep(PAUSE_SEEN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void submitAll(ApiClient api, List<ObjectNode> tasks) {
        ThreadFactory virtual = Thread.ofVirtual().factory();
        try (ExecutorService submitters = Executors.newFixedThreadPool(PARALLEL_SUBMITS, virtual)) {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < tasks.size(); from += ApiClient.BATCH) {
                List<ObjectNode> batch = tasks.subList(from, Math.min(tasks.size(), from + ApiClient.BATCH));
                batches.add(submitters.submit(() -> api.submitBatch(batch)));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a batch was refused", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
