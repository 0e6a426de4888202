package io.fourfold.transport.redis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Redis backend; the connection itself is Boot's {@code spring.data.redis.*}.
 *
 * @param keyPrefix             put before every key and channel, so deployments and test runs sharing a Redis never
 *                              meet
 * @param lease                 how long a delivery may go without a renewal before another consumer takes it over;
 *                              workers renew well within it
 * @param claimInterval         how often a consumer looks for deliveries of dead consumers (idle past the lease)
 * @param dueInterval           how often each consuming process moves due delayed and retrying tasks into their streams
 * @param dueBatchSize          how many due tasks one move takes at most (it repeats while batches come back full)
 * @param deadLetterMaxLength   roughly how many entries the dead-letter stream keeps (the FAILED records themselves
 *                              follow {@code fourfold.store.dead-letter-retention})
 * @param indexSweepInterval    how often the list index is pruned of tasks whose records have expired
 * @param unavailableRetryAfter the {@code Retry-After} given to clients when Redis cannot be reached
 */
@ConfigurationProperties("fourfold.redis")
public record RedisBackendProperties(
        @DefaultValue("fourfold:") String keyPrefix,
        @DefaultValue("5s") Duration lease,
        @DefaultValue("1s") Duration claimInterval,
        @DefaultValue("200ms") Duration dueInterval,
        @DefaultValue("500") int dueBatchSize,
        @DefaultValue("10000") long deadLetterMaxLength,
        @DefaultValue("1m") Duration indexSweepInterval,
        @DefaultValue("5s") Duration unavailableRetryAfter) {

    public RedisBackendProperties {
        if (keyPrefix.isBlank()) {
            throw new IllegalArgumentException("fourfold.redis.key-prefix must not be blank");
        }
        requirePositive("fourfold.redis.lease", lease);
        requirePositive("fourfold.redis.due-interval", dueInterval);
        requirePositive("fourfold.redis.index-sweep-interval", indexSweepInterval);
        if (claimInterval.isNegative()) {
            throw new IllegalArgumentException("fourfold.redis.claim-interval must not be negative");
        }
        if (dueBatchSize < 1 || deadLetterMaxLength < 1) {
            throw new IllegalArgumentException(
                    "fourfold.redis.due-batch-size and fourfold.redis.dead-letter-max-length must be at least 1");
        }
    }

    /** The defaults, with another key prefix. */
    public static RedisBackendProperties withKeyPrefix(String keyPrefix) {
        return new RedisBackendProperties(keyPrefix, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMillis(200), 500, 10_000, Duration.ofMinutes(1), Duration.ofSeconds(5));
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }
}
