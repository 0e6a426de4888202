package io.fourfold.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void theCeilingDoublesPerAttemptUpToTheCap() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.ceiling(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void delaysSpreadOverTheWholeRangeFromZeroToTheCeiling() {
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 12; attempt++) {
            Duration ceiling = backoff.ceiling(attempt);
            long shortest = Long.MAX_VALUE;
            long longest = 0;
            for (int sample = 0; sample < 2_000; sample++) {
                long delay = backoff.delay(attempt, random).toMillis();
                assertThat(delay).isBetween(0L, ceiling.toMillis());
                shortest = Math.min(shortest, delay);
                longest = Math.max(longest, delay);
            }
            // Full jitter: both ends of the range are reached, not just a band around the ceiling.
            assertThat(shortest).isLessThan(ceiling.toMillis() / 10 + 1);
            assertThat(longest).isGreaterThan(ceiling.toMillis() * 9 / 10);
        }
    }

    @Test
    void aHugeAttemptNumberDoesNotOverflow() {
        Backoff unbounded = new Backoff(Duration.ofDays(1), Duration.ofDays(365));
        assertThat(unbounded.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365));
        assertThat(unbounded.delay(Integer.MAX_VALUE, new SplittableRandom(1))).isBetween(Duration.ZERO,
                Duration.ofDays(365));
    }
}
