package io.fourfold.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fourfold.api.metrics.QueueMetricsProperties;
import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimitUsage;
import io.fourfold.limit.TypeLimits;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The limit gauges show each type's limits and use, keep them while the store is away and drop a removed limit. */
class LimitMetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final TaskLimits limits = mock(TaskLimits.class);
    private final AtomicReference<Flux<TypeLimitUsage>> usage = new AtomicReference<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final LimitMetrics metrics =
            new LimitMetrics(limits, registry, new QueueMetricsProperties(Duration.ofMillis(50)));

    @AfterEach
    void stop() {
        metrics.stop();
    }

    @Test
    void gaugesFollowTheLimitsKeepThemThroughAnOutageAndForgetARemovedLimit() {
        when(limits.list()).thenAnswer(call -> Flux.defer(() -> {
            reads.incrementAndGet();
            return usage.get();
        }));
        usage.set(Flux.just(
                new TypeLimitUsage(new TypeLimits("mail", 5, new TypeLimits.Rate(120, Duration.ofMinutes(1))), 3),
                new TypeLimitUsage(new TypeLimits("report", null, new TypeLimits.Rate(2, Duration.ofSeconds(1))), 0)));

        metrics.start();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(gauge("fourfold.limit.concurrency", "mail")).isEqualTo(5);
            assertThat(gauge("fourfold.limit.running", "mail")).isEqualTo(3);
            assertThat(gauge("fourfold.limit.rate", "mail")).as("starts per second").isEqualTo(2);
            assertThat(gauge("fourfold.limit.rate", "report")).isEqualTo(2);
        });
        assertThat(registry.find("fourfold.limit.concurrency").tag("type", "report").gauge())
                .as("a type with a rate only has no concurrency gauge").isNull();

        usage.set(Flux.error(new IllegalStateException("Redis is down")));
        int before = reads.get();
        await().atMost(PATIENCE).until(() -> reads.get() > before + 2);
        assertThat(gauge("fourfold.limit.running", "mail")).as("the last figures, kept").isEqualTo(3);

        usage.set(Flux.just(new TypeLimitUsage(new TypeLimits("mail", 5, null), 1)));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(gauge("fourfold.limit.running", "mail")).isEqualTo(1);
            assertThat(registry.find("fourfold.limit.rate").gauges()).as("rates removed").isEmpty();
        });
    }

    private double gauge(String name, String type) {
        Gauge gauge = registry.find(name).tag("type", type).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
