package io.fourfold.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class TaskRecordTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static NewTask task(Instant runAt) {
        return new NewTask(TaskIds.next(), "echo", "default", 0, JsonNodeFactory.instance.nullNode(), runAt, 3,
                Duration.ofMinutes(5), null, null);
    }

    @Test
    void aTaskForNowIsQueuedAndOneForLaterIsScheduled() {
        assertThat(TaskRecord.accepted(task(null), NOW).state()).isEqualTo(TaskState.QUEUED);
        assertThat(TaskRecord.accepted(task(NOW.minusSeconds(5)), NOW).runAt()).isEqualTo(NOW);
        assertThat(TaskRecord.accepted(task(NOW.plusSeconds(5)), NOW).state()).isEqualTo(TaskState.SCHEDULED);
    }

    @Test
    void everyStartBumpsTheFenceButATakeoverKeepsTheAttempt() {
        TaskRecord first = TaskRecord.accepted(task(null), NOW).started("w1", ExecutorKind.VIRTUAL, NOW);
        TaskRecord takenOver = first.started("w2", ExecutorKind.VIRTUAL, NOW);

        assertThat(first.attempt()).isEqualTo(1);
        assertThat(takenOver.attempt()).isEqualTo(1);
        assertThat(takenOver.fence()).isGreaterThan(first.fence());
        assertThat(takenOver.worker()).isEqualTo("w2");
    }

    @Test
    void everyChangeBumpsTheVersion() {
        TaskRecord queued = TaskRecord.accepted(task(null), NOW);
        TaskRecord running = queued.started("w1", ExecutorKind.VIRTUAL, NOW);
        TaskRecord progressed = running.progressed(0.5, "half");
        TaskRecord done = progressed.succeeded(null, NOW);

        assertThat(new long[] {queued.version(), running.version(), progressed.version(), done.version()})
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void anIllegalMoveIsRefused() {
        TaskRecord queued = TaskRecord.accepted(task(null), NOW);

        assertThatThrownBy(() -> queued.succeeded(null, NOW)).isInstanceOf(IllegalTaskTransitionException.class)
                .hasMessageContaining("QUEUED to SUCCEEDED");
    }

    @Test
    void progressIsClampedToTheUnitInterval() {
        TaskRecord running = TaskRecord.accepted(task(null), NOW).started("w1", ExecutorKind.VIRTUAL, NOW);

        assertThat(running.progressed(7, null).progress()).isEqualTo(1.0);
        assertThat(running.progressed(-1, null).progress()).isEqualTo(0.0);
    }

    @Test
    void aDeadLetterRequeuedStartsItsAttemptsAgain() {
        TaskRecord failed = TaskRecord.accepted(task(null), NOW).started("w1", ExecutorKind.VIRTUAL, NOW)
                .failed(new TaskError("Boom", "no"), NOW);

        TaskRecord requeued = failed.queued(NOW.plusSeconds(60));
        assertThat(requeued.state()).isEqualTo(TaskState.QUEUED);
        assertThat(requeued.attempt()).isZero();
        assertThat(requeued.finishedAt()).isNull();
    }
}
