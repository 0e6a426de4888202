package io.fourfold.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskEnvelope;
import io.fourfold.task.TaskError;
import io.fourfold.transport.TaskOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Each attempt lands on the meter of its queue, type, executor and outcome, and each such meter counts them all. */
class TaskMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final TaskMetrics metrics = new TaskMetrics(registry, new WorkerSlots(Map.of(ExecutorKind.VIRTUAL, 4)));
    private final Instant now = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void attemptsAreCountedAndTimedByTheirTags() {
        TaskEnvelope mail = envelope("mail", "default");
        TaskEnvelope report = envelope("report", "slow");

        for (int n = 0; n < 3; n++) {
            metrics.started(mail, ExecutorKind.VIRTUAL, now.minusMillis(20), now);
            metrics.ended(mail, ExecutorKind.VIRTUAL, new TaskOutcome.Succeeded(null), Duration.ofMillis(5));
        }
        metrics.started(report, ExecutorKind.PLATFORM, null, now);
        metrics.ended(report, ExecutorKind.PLATFORM, new TaskOutcome.Retry(new TaskError("Boom", "boom"), now), null);
        metrics.ended(report, ExecutorKind.PLATFORM, new TaskOutcome.Failed(new TaskError("Boom", "boom")),
                Duration.ofSeconds(1));
        metrics.deferred(mail, "rate");
        metrics.deferred(mail, "rate");
        metrics.deadLettered(report);

        assertThat(count(TaskMetrics.STARTED, "type", "mail", "executor", "virtual")).isEqualTo(3);
        assertThat(registry.get(TaskMetrics.QUEUE_WAIT).tags("type", "mail").timer().count()).isEqualTo(3);
        assertThat(registry.get(TaskMetrics.QUEUE_WAIT).tags("type", "mail").timer().totalTime(
                TimeUnit.MILLISECONDS)).isEqualTo(60);
        assertThat(registry.find(TaskMetrics.QUEUE_WAIT).tags("type", "report").timer())
                .as("no ready time, no wait").isNull();
        assertThat(count(TaskMetrics.FINISHED, "type", "mail", "outcome", "succeeded")).isEqualTo(3);
        assertThat(registry.get(TaskMetrics.DURATION).tags("type", "mail", "outcome", "succeeded").timer().count())
                .isEqualTo(3);
        assertThat(count(TaskMetrics.RETRIED, "type", "report", "queue", "slow")).isEqualTo(1);
        assertThat(count(TaskMetrics.FINISHED, "type", "report", "outcome", "failed")).isEqualTo(1);
        assertThat(count(TaskMetrics.DEAD_LETTERED, "type", "report", "executor", "platform")).isEqualTo(1);
        assertThat(count(TaskMetrics.DEAD_LETTERED, "type", "report", "executor", "none")).isEqualTo(1);
        assertThat(count(TaskMetrics.DEFERRED, "type", "mail", "limit", "rate")).isEqualTo(2);
        assertThat(registry.find(TaskMetrics.FINISHED).counters()).as("one counter per outcome and type").hasSize(2);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private static TaskEnvelope envelope(String type, String queue) {
        return new TaskEnvelope(TaskEnvelope.SCHEMA_VERSION, "t-" + type, type, queue, 0,
                JsonNodeFactory.instance.objectNode(), 3, Duration.ofMinutes(5), null, null, null);
    }
}
