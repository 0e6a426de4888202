package io.fourfold.api.ratelimit;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-client rate limit of {@code /api}: a token bucket per caller (its API key name or JWT subject; the
 * client address while auth is off). On by default with a generous limit that only stops runaway clients:
 * bursts of 200 requests, 100 a second sustained. An event stream counts once, when it is opened.
 *
 * @param enabled    whether calls over the limit are refused with {@code 429}
 * @param capacity   the burst: requests a client may send at once after a quiet spell
 * @param refill     requests added back to the bucket each {@code period}
 * @param period     the period over which {@code refill} requests are added back, smoothly
 * @param maxClients clients whose buckets are kept in memory; the least recently seen are forgotten first (with
 *                   the Redis store, buckets live in Redis instead and expire there once full and idle)
 * @param timeout    how long a call waits for its bucket; a limiter that cannot answer in time (the Redis store
 *                   unreachable, say) lets the call through unlimited rather than fail it
 */
@Validated
@ConfigurationProperties("fourfold.api.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200") @Min(1) long capacity,
        @DefaultValue("100") @Min(1) long refill,
        @DefaultValue("1s") Duration period,
        @DefaultValue("100000") @Min(1) long maxClients,
        @DefaultValue("2s") @DurationMin(millis = 1) Duration timeout) {
}
