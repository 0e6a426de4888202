package io.fourfold.worker.execution;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): the delay after
 * attempt {@code n} is uniform in {@code [0, min(max, base * 2^(n-1))]}, so retries of many tasks that failed
 * together spread out instead of arriving in waves.
 */
record Backoff(Duration base, Duration max) {

    /** The upper bound of the delay after attempt {@code attempt} (1 for the first). */
    Duration ceiling(int attempt) {
        int doublings = Math.clamp(attempt - 1, 0, 62);
        long baseMillis = base.toMillis();
        // Doubling past the cap (or past a long) cannot lower it, so stop as soon as it is reached.
        long ceiling = baseMillis > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : baseMillis << doublings;
        return Duration.ofMillis(Math.min(ceiling, max.toMillis()));
    }

    Duration delay(int attempt, RandomGenerator random) {
        return Duration.ofMillis(random.nextLong(ceiling(attempt).toMillis() + 1));
    }
}
