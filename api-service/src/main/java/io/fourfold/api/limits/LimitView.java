package io.fourfold.api.limits;

import io.fourfold.limit.TypeLimitUsage;
import io.fourfold.limit.TypeLimits;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A type's limits as clients see them.
 *
 * @param running tasks of the type that hold a concurrency slot now (0 without a concurrency limit)
 */
record LimitView(String type, @Nullable Integer concurrency, @Nullable RateView rate, long running) {

    static LimitView of(TypeLimitUsage usage) {
        TypeLimits limits = usage.limits();
        TypeLimits.Rate rate = limits.rate();
        return new LimitView(limits.type(), limits.concurrency(),
                rate == null ? null : new RateView(rate.permits(), rate.period()), usage.running());
    }

    record RateView(int permits, Duration period) {
    }
}
