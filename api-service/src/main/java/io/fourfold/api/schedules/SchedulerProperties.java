package io.fourfold.api.schedules;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the firing loop that every api replica runs.
 *
 * @param enabled      whether this api fires due schedules; the endpoints work either way. Any number of replicas
 *                     may fire: each due time is submitted once
 * @param pollInterval how often the schedules are read for due times; a due time is submitted within about this
 *                     long of it
 * @param grace        how late a due time may still be fired as usual; older ones are missed and follow the
 *                     schedule's {@code missedRuns} policy
 * @param claimHold    how long a replica holds a due time it is firing; if it dies before it is done, another
 *                     replica fires the due time after this long (its idempotency key makes that safe)
 */
@Validated
@ConfigurationProperties("fourfold.scheduler")
public record SchedulerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("250ms") @NotNull Duration pollInterval,
        @DefaultValue("1m") @NotNull Duration grace,
        @DefaultValue("30s") @NotNull Duration claimHold) {

    public SchedulerProperties {
        if (!pollInterval.isPositive() || !grace.isPositive() || !claimHold.isPositive()) {
            throw new IllegalArgumentException(
                    "fourfold.scheduler.poll-interval, grace and claim-hold must be positive durations");
        }
    }
}
