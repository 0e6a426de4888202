package io.fourfold.api.limits;

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
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The limits of each type and their use as gauges, read from the store every {@link #INTERVAL}:
 * {@code fourfold.limit.concurrency} and {@code fourfold.limit.running} per type with a concurrency limit,
 * {@code fourfold.limit.rate} (starts per second) per type with a rate. Deferred starts are counted by the workers
 * ({@code fourfold.tasks.deferred}).
 */
@Component
class LimitMetrics implements DisposableBean {

    static final Duration INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(LimitMetrics.class);

    private final Disposable reading;

    LimitMetrics(TaskLimits limits, MeterRegistry registry) {
        MultiGauge concurrency = MultiGauge.builder("fourfold.limit.concurrency")
                .description("Tasks of the type that may run at once, cluster-wide").register(registry);
        MultiGauge running = MultiGauge.builder("fourfold.limit.running")
                .description("Tasks of the type that hold a concurrency slot now").register(registry);
        MultiGauge rate = MultiGauge.builder("fourfold.limit.rate")
                .description("Starts of the type allowed per second, cluster-wide").register(registry);
        reading = Flux.interval(Duration.ZERO, INTERVAL)
                .onBackpressureDrop()
                .concatMap(tick -> limits.list().collectList().onErrorResume(failure -> {
                    log.debug("Could not read the task limits for their metrics", failure);
                    return Mono.empty();
                }))
                .subscribe(all -> {
                    List<TypeLimitUsage> limited = all.stream().filter(usage -> usage.limits().concurrency() != null)
                            .toList();
                    concurrency.register(limited.stream().map(usage -> MultiGauge.Row.of(tags(usage),
                            usage.limits().concurrency())).toList(), true);
                    running.register(limited.stream().map(usage -> MultiGauge.Row.of(tags(usage),
                            usage.running())).toList(), true);
                    rate.register(all.stream().filter(usage -> usage.limits().rate() != null)
                            .map(usage -> MultiGauge.Row.of(tags(usage), perSecond(usage))).toList(), true);
                });
    }

    private static Tags tags(TypeLimitUsage usage) {
        return Tags.of("type", usage.limits().type());
    }

    private static double perSecond(TypeLimitUsage usage) {
        TypeLimits.Rate limit = Objects.requireNonNull(usage.limits().rate());
        return limit.permits() * 1e9 / limit.period().toNanos();
    }

    @Override
    public void destroy() {
        reading.dispose();
    }
}
