package io.fourfold.limit;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one task type, held across every worker and api replica by the store.
 *
 * @param type        the task type they apply to
 * @param concurrency at most this many tasks of the type run at once, cluster-wide; {@code null} for no limit
 * @param rate        at most this many tasks of the type start per period, cluster-wide; {@code null} for no limit
 */
public record TypeLimits(String type, @Nullable Integer concurrency, @Nullable Rate rate) {

    public TypeLimits {
        if (concurrency != null && concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
    }

    /**
     * Starts per period: a bucket of {@code permits} that refills evenly over {@code period}, so a burst of up to
     * {@code permits} may start at once after a quiet period.
     */
    public record Rate(int permits, Duration period) {

        public Rate {
            if (permits < 1) {
                throw new IllegalArgumentException("permits must be at least 1, was " + permits);
            }
            if (period.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("period must be at least 1 ms, was " + period);
            }
        }
    }
}
