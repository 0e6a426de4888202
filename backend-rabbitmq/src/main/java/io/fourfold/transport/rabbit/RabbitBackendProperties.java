package io.fourfold.transport.rabbit;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the RabbitMQ transport; the connection itself is Boot's {@code spring.rabbitmq.*}.
 *
 * @param prefix                put before every exchange and queue name, so deployments and test runs sharing a
 *                              broker never meet
 * @param confirmTimeout        how long a submit waits for the broker's publisher confirm before it answers 503
 * @param delaySteps            the TTLs of the delay queues; a delay is made of hops through them, the last one
 *                              rounded up to the smallest step
 * @param deliveryLimit         the quorum queues' {@code x-delivery-limit}: after this many deliveries the broker
 *                              dead-letters a message itself, a backstop above {@code fourfold.worker.max-deliveries}
 * @param prefetch              deliveries a worker holds unacknowledged per queue; 0 = the worker's total slots
 *                              (the {@code max} of its first receive)
 * @param gather                after an idle wait, how long a receive lets a burst of deliveries arrive before it
 *                              hands out the highest priorities first
 * @param hiddenWait            how long a worker waits for a record whose submit is not yet confirmed before it
 *                              sends the message round the shortest delay step again
 * @param hiddenRecordTtl       records hidden longer than this are removed by the sweep (their submit died midway)
 * @param sweepInterval         how often a process that submits or consumes sweeps stale hidden records
 * @param unavailableRetryAfter the {@code Retry-After} given to clients when the broker cannot take a submit
 */
@ConfigurationProperties("fourfold.rabbitmq")
public record RabbitBackendProperties(
        @DefaultValue("fourfold.") String prefix,
        @DefaultValue("5s") Duration confirmTimeout,
        @DefaultValue({"1s", "5s", "30s", "2m", "10m", "1h"}) List<Duration> delaySteps,
        @DefaultValue("20") int deliveryLimit,
        @DefaultValue("0") int prefetch,
        @DefaultValue("5ms") Duration gather,
        @DefaultValue("1s") Duration hiddenWait,
        @DefaultValue("1m") Duration hiddenRecordTtl,
        @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("5s") Duration unavailableRetryAfter) {

    public RabbitBackendProperties {
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("fourfold.rabbitmq.prefix must not be blank");
        }
        requirePositive("fourfold.rabbitmq.confirm-timeout", confirmTimeout);
        requirePositive("fourfold.rabbitmq.hidden-record-ttl", hiddenRecordTtl);
        requirePositive("fourfold.rabbitmq.sweep-interval", sweepInterval);
        if (delaySteps.isEmpty()) {
            throw new IllegalArgumentException("fourfold.rabbitmq.delay-steps must name at least one step");
        }
        delaySteps.forEach(step -> requirePositive("fourfold.rabbitmq.delay-steps", step));
        delaySteps = delaySteps.stream().distinct().sorted().toList();
        if (gather.isNegative() || hiddenWait.isNegative()) {
            throw new IllegalArgumentException(
                    "fourfold.rabbitmq.gather and fourfold.rabbitmq.hidden-wait must not be negative");
        }
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException("fourfold.rabbitmq.delivery-limit must be at least 1");
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("fourfold.rabbitmq.prefetch must not be negative (0 = the slots)");
        }
        if (hiddenRecordTtl.compareTo(confirmTimeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("fourfold.rabbitmq.hidden-record-ttl must be at least twice "
                    + "fourfold.rabbitmq.confirm-timeout, or a submit still waiting for its confirm could be swept");
        }
    }

    /** The defaults, with another prefix. */
    public static RabbitBackendProperties withPrefix(String prefix) {
        return new RabbitBackendProperties(prefix, Duration.ofSeconds(5),
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
                        Duration.ofMinutes(10), Duration.ofHours(1)),
                20, 0, Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30),
                Duration.ofSeconds(5));
    }

    /** These settings with another prefetch. */
    public RabbitBackendProperties withPrefetch(int deliveries) {
        return new RabbitBackendProperties(prefix, confirmTimeout, delaySteps, deliveryLimit, deliveries, gather,
                hiddenWait, hiddenRecordTtl, sweepInterval, unavailableRetryAfter);
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(property + " must be positive, was " + value);
        }
    }
}
