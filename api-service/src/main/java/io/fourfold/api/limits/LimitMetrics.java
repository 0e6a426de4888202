package io.fourfold.api.limits;

import io.fourfold.api.metrics.QueueMetricsProperties;
import io.fourfold.api.system.RepeatingPass;
import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimitUsage;
import io.fourfold.limit.TypeLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The limits of each type and their use as gauges, read from the store every {@code fourfold.api.metrics.refresh}:
 * {@code fourfold.limit.concurrency} and {@code fourfold.limit.running} per type with a concurrency limit,
 * {@code fourfold.limit.rate} (starts per second) per type with a rate. While the store cannot answer, the gauges keep
 * their last values; a type whose limit is removed loses its series. Deferred starts are counted by the workers
 * ({@code fourfold.tasks.deferred}).
 */
@Component
class LimitMetrics extends RepeatingPass {

    private static final Logger log = LoggerFactory.getLogger(LimitMetrics.class);

    private final TaskLimits limits;
    private final MultiGauge concurrency;
    private final MultiGauge running;
    private final MultiGauge rate;

    LimitMetrics(TaskLimits limits, MeterRegistry registry, QueueMetricsProperties properties) {
        super(Duration.ZERO, properties.refresh(), true, log,
                "Task limits cannot be read, their gauges keep their last values", "Task limits are read again");
        this.limits = limits;
        this.concurrency = MultiGauge.builder("fourfold.limit.concurrency")
                .description("Tasks of the type that may run at once, cluster-wide").register(registry);
        this.running = MultiGauge.builder("fourfold.limit.running")
                .description("Tasks of the type that hold a concurrency slot now").register(registry);
        this.rate = MultiGauge.builder("fourfold.limit.rate")
                .description("Starts of the type allowed per second, cluster-wide").register(registry);
    }

    /** One refresh of the gauges from the limits and their use. */
    @Override
    protected Mono<Void> pass() {
        return limits.list().collectList().doOnNext(all -> {
            List<TypeLimitUsage> limited = all.stream().filter(usage -> usage.limits().concurrency() != null)
                    .toList();
            concurrency.register(limited.stream().map(usage -> MultiGauge.Row.of(tags(usage),
                    usage.limits().concurrency())).toList(), true);
            running.register(limited.stream().map(usage -> MultiGauge.Row.of(tags(usage),
                    usage.running())).toList(), true);
            rate.register(all.stream().filter(usage -> usage.limits().rate() != null)
                    .map(usage -> MultiGauge.Row.of(tags(usage), perSecond(usage))).toList(), true);
        }).then();
    }

    private static Tags tags(TypeLimitUsage usage) {
        return Tags.of("type", usage.limits().type());
    }

    private static double perSecond(TypeLimitUsage usage) {
        TypeLimits.Rate limit = Objects.requireNonNull(usage.limits().rate());
        return limit.permits() * 1e9 / limit.period().toNanos();
    }
}
