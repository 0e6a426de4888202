package io.fourfold.api.metrics;

import io.fourfold.api.system.RepeatingPass;
import io.fourfold.transport.QueueStats;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Per-queue gauges ({@code fourfold_queue_ready}, {@code _delayed}, {@code _running}, {@code _dead},
 * {@code _oldest_age_seconds}, {@code _paused}) and the live worker count ({@code fourfold_workers}), the signals
 * that KEDA scales the workers on. A background schedule reads {@link TaskQueues#stats()} every
 * {@code fourfold.api.metrics.refresh} and a scrape only reads the last figures: a scrape never waits for the
 * backend, and never on an event-loop thread. A queue that disappears from the figures loses its series.
 */
@Component
@EnableConfigurationProperties(QueueMetricsProperties.class)
class QueueMetrics extends RepeatingPass {

    private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

    private final ObjectProvider<TaskQueues> queues;
    private final TaskStore store;
    private final Duration refresh;
    private final List<QueueGauge> gauges;
    private final AtomicLong workers = new AtomicLong();

    QueueMetrics(ObjectProvider<TaskQueues> queues, TaskStore store, MeterRegistry registry,
            QueueMetricsProperties properties) {
        super(Duration.ZERO, properties.refresh(), true, log,
                "Queue figures cannot be read, the gauges keep their last values", "Queue figures are read again");
        this.queues = queues;
        this.store = store;
        this.refresh = properties.refresh();
        this.gauges = List.of(
                new QueueGauge(registry, "fourfold.queue.ready", null, "Tasks waiting in the queue for a worker",
                        QueueStats::ready),
                new QueueGauge(registry, "fourfold.queue.delayed", null,
                        "Tasks waiting for their run time or retry backoff", QueueStats::delayed),
                new QueueGauge(registry, "fourfold.queue.running", null, "Tasks a worker holds now",
                        QueueStats::running),
                new QueueGauge(registry, "fourfold.queue.dead", null, "Dead letters (FAILED tasks) still kept",
                        QueueStats::dead),
                new QueueGauge(registry, "fourfold.queue.oldest.age", "seconds",
                        "How long the oldest ready task has waited; 0 when none is ready",
                        stats -> stats.oldestReadyAge().toNanos() / 1e9),
                new QueueGauge(registry, "fourfold.queue.paused", null, "1 while the queue is paused",
                        stats -> stats.paused() ? 1 : 0));
        Gauge.builder("fourfold.workers", workers, AtomicLong::get)
                .description("Workers whose heartbeat is current").register(registry);
    }

    /** One refresh; a failing backend keeps the last figures. */
    @Override
    protected Mono<Void> pass() {
        TaskQueues backend = queues.getIfAvailable();
        Mono<List<QueueStats>> stats = backend == null ? Mono.just(List.of()) : backend.stats().collectList();
        return Mono.zip(stats, store.workers().count())
                .timeout(refresh.multipliedBy(2))
                .doOnNext(figures -> {
                    if (backend != null) {
                        gauges.forEach(gauge -> gauge.show(figures.getT1()));
                    }
                    workers.set(figures.getT2());
                })
                .then();
    }

    /**
     * One figure of every queue, as one gauge with a {@code queue} tag per queue. A queue's gauge reads the latest
     * figures when scraped and stays registered while the queue is there: re-registering on every refresh would let
     * a scrape meet the old and the new series at once.
     */
    private record QueueGauge(MultiGauge gauge, ToDoubleFunction<QueueStats> figure,
            AtomicReference<Map<String, QueueStats>> latest) {

        QueueGauge(MeterRegistry registry, String name, @Nullable String unit, String description,
                ToDoubleFunction<QueueStats> figure) {
            this(MultiGauge.builder(name).description(description).baseUnit(unit).register(registry), figure,
                    new AtomicReference<>(Map.of()));
        }

        void show(List<QueueStats> stats) {
            latest.set(stats.stream().collect(Collectors.toUnmodifiableMap(QueueStats::queue, queue -> queue,
                    (first, second) -> second)));
            gauge.register(stats.stream()
                    .map(queue -> MultiGauge.Row.of(Tags.of("queue", queue.queue()), latest,
                            figures -> value(figures.get().get(queue.queue()))))
                    .toList(), false);
        }

        private double value(@Nullable QueueStats stats) {
            return stats == null ? Double.NaN : figure.applyAsDouble(stats);
        }
    }
}
