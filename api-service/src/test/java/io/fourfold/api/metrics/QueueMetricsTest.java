package io.fourfold.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fourfold.transport.QueueStats;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.WorkerInfo;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import reactor.core.publisher.Flux;

/** The queue gauges show the backend's latest figures, keep them through an outage and drop a vanished queue. */
class QueueMetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final TaskQueues queues = mock(TaskQueues.class);
    private final TaskStore store = mock(TaskStore.class);
    private final AtomicReference<Flux<QueueStats>> figures = new AtomicReference<>();
    private final AtomicInteger reads = new AtomicInteger();
    private QueueMetrics metrics;

    @AfterEach
    void stop() {
        metrics.stop();
    }

    @Test
    void gaugesFollowTheFiguresKeepThemThroughAnOutageAndForgetAQueueThatIsGone() {
        when(queues.stats()).thenAnswer(call -> Flux.defer(() -> {
            reads.incrementAndGet();
            return figures.get();
        }));
        Instant now = Instant.now();
        when(store.workers()).thenReturn(Flux.just(
                new WorkerInfo("w1", "host", 1, now, now, Map.of(), List.of("default"), List.of("echo")),
                new WorkerInfo("w2", "host", 2, now, now, Map.of(), List.of("default"), List.of("echo"))));
        figures.set(Flux.just(stats("default", 3, Duration.ofMillis(7500)), stats("slow", 0, Duration.ZERO)));
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("queues", queues));
        metrics = new QueueMetrics(beans.getBeanProvider(TaskQueues.class), store, registry,
                new QueueMetricsProperties(Duration.ofMillis(50)));

        metrics.start();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(gauge("fourfold.queue.ready", "default")).isEqualTo(3);
            assertThat(gauge("fourfold.queue.delayed", "default")).isEqualTo(1);
            assertThat(gauge("fourfold.queue.running", "default")).isEqualTo(2);
            assertThat(gauge("fourfold.queue.dead", "default")).isEqualTo(4);
            assertThat(gauge("fourfold.queue.oldest.age", "default")).isEqualTo(7.5);
            assertThat(gauge("fourfold.queue.paused", "default")).isZero();
            assertThat(registry.get("fourfold.workers").gauge().value()).isEqualTo(2);
        });
        assertThat(registry.get("fourfold.queue.oldest.age").gauge().getId().getBaseUnit()).isEqualTo("seconds");

        figures.set(Flux.error(new IllegalStateException("The broker is down")));
        int before = reads.get();
        await().atMost(PATIENCE).until(() -> reads.get() > before + 2);
        assertThat(gauge("fourfold.queue.ready", "default")).as("the last figures, kept").isEqualTo(3);

        figures.set(Flux.just(stats("slow", 5, Duration.ofSeconds(1))));
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(gauge("fourfold.queue.ready", "slow")).isEqualTo(5);
            assertThat(registry.find("fourfold.queue.ready").tag("queue", "default").gauge()).isNull();
        });
    }

    private double gauge(String name, String queue) {
        Gauge gauge = registry.find(name).tag("queue", queue).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static QueueStats stats(String queue, long ready, Duration oldest) {
        return new QueueStats(queue, ready, 1, 2, 4, 0.5, oldest, false);
    }
}
