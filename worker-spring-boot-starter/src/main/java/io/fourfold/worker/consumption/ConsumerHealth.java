package io.fourfold.worker.consumption;

import io.fourfold.worker.execution.TaskEngine;
import io.fourfold.worker.system.WorkerProperties;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the consumer can reach its transport, as the last receive found it. DOWN during an outage (so the
 * readiness probe takes the worker out of rotation), logged once when it begins and once when it ends.
 */
final class ConsumerHealth implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ConsumerHealth.class);

    private final TaskEngine engine;
    private final WorkerProperties properties;
    private final QueueSelection selection;
    private final Clock clock;
    private @Nullable Outage outage;

    ConsumerHealth(TaskEngine engine, WorkerProperties properties, QueueSelection selection, Clock clock) {
        this.engine = engine;
        this.properties = properties;
        this.selection = selection;
        this.clock = clock;
    }

    synchronized void reachable() {
        if (outage != null) {
            log.info("Worker {} reaches its transport again (unreachable since {})", properties.id(),
                    outage.since());
            outage = null;
        }
    }

    synchronized void unreachable(Throwable failure) {
        if (outage == null) {
            log.warn("Worker {} cannot reach its transport, retrying with backoff: {}", properties.id(),
                    failure.toString());
            outage = new Outage(clock.instant(), failure.toString());
        }
    }

    @Override
    public synchronized Health health() {
        Health.Builder builder = outage == null
                ? Health.up()
                : Health.down().withDetail("since", outage.since()).withDetail("error", outage.error());
        return builder.withDetail("worker", properties.id())
                .withDetail("queues", properties.queues())
                .withDetail("paused", selection.paused())
                .withDetail("running", engine.running())
                .withDetail("slots", engine.slots())
                .build();
    }

    private record Outage(Instant since, String error) {
    }
}
