package io.fourfold.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.NewTask;
import io.fourfold.limit.TypeLimits;
import io.fourfold.task.Uniqueness;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The operations side of a backend, on top of the whole {@link TaskBackendContract}: queue figures, pause and
 * resume, and dead letters. A backend's contract test extends this class and so runs both suites.
 */
public abstract class TaskQueuesContract extends TaskBackendContract {

    protected abstract TaskQueues queues();

    protected QueueStats statsOf(String queue) {
        return queues().stats().filter(stats -> stats.queue().equals(queue)).blockFirst();
    }

    private TaskRecord deadLetter() {
        TaskRecord task = submit(task());
        transport().deadLetter(receiveOne(), new TaskError(TaskError.POISON, "delivered too often")).block();
        await().atMost(PATIENCE).until(() -> record(task.id()).state() == TaskState.FAILED);
        return task;
    }

    @Test
    void aUniqueKeyWhoseTaskWasDeletedIsFreeAgain() {
        String key = "queues:" + UUID.randomUUID();
        NewTask first = unique("echo", key, Uniqueness.Mode.DROP);
        submit(first);
        transport().deadLetter(receiveOne(), new TaskError(TaskError.POISON, "delivered too often")).block();
        await().atMost(PATIENCE).until(() -> record(first.id()).state() == TaskState.FAILED);
        queues().deleteDeadLetter(first.id()).block();

        NewTask second = unique("echo", key, Uniqueness.Mode.DROP);
        Submission answered = transport().submit(new SubmitRequest(List.of(second), null)).block();
        assertThat(answered.deduplicated()).isEmpty();
        assertThat(record(second.id()).state()).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void aTaskALimitDefersStaysInItsQueuesFiguresUntilACancelEndsIt() {
        String type = "deferred-" + UUID.randomUUID();
        limits().put(new TypeLimits(type, 1, null)).block();
        submit(task(type, JsonNodeFactory.instance.objectNode()));
        NewTask held = task(type, JsonNodeFactory.instance.objectNode());
        submit(held);
        TaskLease running = startOne();
        TaskDelivery delivery = receiveOne();
        assertThat(start(delivery)).isInstanceOf(StartDecision.Wait.class);

        // Delayed where the backend knows it waits (Redis, memory); ready where its record is all it knows (RabbitMQ).
        transport().defer(delivery, Duration.ofMinutes(5)).block();
        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueStats stats = statsOf(queue());
            assertThat(stats.delayed() + stats.ready()).isEqualTo(1);
        });
        assertThat(store().cancel(held.id()).block().outcome()).isEqualTo(CancelResult.Outcome.CANCELLED);
        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueStats stats = statsOf(queue());
            assertThat(stats.delayed() + stats.ready()).isZero();
        });
        transport().complete(running, new TaskOutcome.Succeeded(null)).block();
        limits().remove(type).block();
    }

    @Test
    void aQueueCountsItsReadyDelayedAndRunningTasks() {
        submit(task());
        submit(task());
        NewTask later = new NewTask(TaskIds.next(), "echo", queue(), 0,
                JsonNodeFactory.instance.objectNode(), Instant.now().plus(Duration.ofHours(1)), 3,
                Duration.ofMinutes(5), null, null);
        submit(later);
        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueStats stats = statsOf(queue());
            assertThat(stats).isNotNull();
            assertThat(stats.ready()).isEqualTo(2);
            assertThat(stats.delayed()).isEqualTo(1);
            assertThat(stats.oldestReadyAge().isNegative()).isFalse();
        });

        startOne();
        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueStats stats = statsOf(queue());
            assertThat(stats.ready()).isEqualTo(1);
            assertThat(stats.running()).isEqualTo(1);
            assertThat(stats.paused()).isFalse();
        });
    }

    @Test
    void finishedTasksShowInTheRate() {
        TaskRecord task = submit(task());
        TaskLease lease = startOne();
        assertThat(lease.taskId()).isEqualTo(task.id());
        transport().complete(lease, new TaskOutcome.Succeeded(null)).block();

        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueStats stats = statsOf(queue());
            assertThat(stats.finishedPerSecond()).isPositive();
            assertThat(stats.running()).isZero();
            assertThat(stats.ready()).isZero();
            assertThat(stats.oldestReadyAge()).isEqualTo(Duration.ZERO);
        });
    }

    @Test
    void aPausedQueueStaysPausedUntilResumedAndShowsIt() {
        queues().pause(queue()).block();
        assertThat(queues().paused().block()).contains(queue());
        assertThat(statsOf(queue()).paused()).isTrue();

        queues().resume(queue()).block();
        assertThat(queues().paused().block()).doesNotContain(queue());
    }

    @Test
    void aDeadLetterIsCountedAndCanBeRetriedWithFreshAttempts() {
        TaskRecord task = deadLetter();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statsOf(queue()).dead()).isEqualTo(1));

        DeadLetterResult retried = queues().retryDeadLetter(task.id()).block();
        assertThat(retried.outcome()).isEqualTo(DeadLetterResult.Outcome.RETRIED);
        assertThat(retried.task().state()).isEqualTo(TaskState.QUEUED);
        assertThat(retried.task().attempt()).isZero();
        assertThat(record(task.id()).state()).isEqualTo(TaskState.QUEUED);

        TaskDelivery again = receiveOne();
        assertThat(again.taskId()).isEqualTo(task.id());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statsOf(queue()).dead()).isZero());
    }

    @Test
    void aRetriedDeadLetterIsReadyAgainAndNoLongerDead() {
        TaskRecord task = deadLetter();

        queues().retryDeadLetter(task.id()).block();

        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueStats stats = statsOf(queue());
            assertThat(stats.ready()).isEqualTo(1);
            assertThat(stats.dead()).isZero();
            assertThat(stats.running()).isZero();
        });
    }

    @Test
    void aDeletedDeadLetterIsGone() {
        TaskRecord task = deadLetter();

        DeadLetterResult deleted = queues().deleteDeadLetter(task.id()).block();
        assertThat(deleted.outcome()).isEqualTo(DeadLetterResult.Outcome.DELETED);
        assertThat(deleted.task().id()).isEqualTo(task.id());
        assertThat(store().find(task.id()).blockOptional()).isEmpty();
        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueStats stats = statsOf(queue());
            assertThat(stats == null ? 0 : stats.dead()).isZero();
        });
    }

    @Test
    void onlyADeadLetterCanBeRetriedOrDeleted() {
        TaskRecord queued = submit(task());

        assertThat(queues().retryDeadLetter(queued.id()).block().outcome())
                .isEqualTo(DeadLetterResult.Outcome.NOT_DEAD);
        assertThat(queues().deleteDeadLetter(queued.id()).block().outcome())
                .isEqualTo(DeadLetterResult.Outcome.NOT_DEAD);
        assertThat(record(queued.id()).state()).isEqualTo(TaskState.QUEUED);
        assertThat(queues().retryDeadLetter("0190f3c2-0000-7000-8000-000000000000").blockOptional()).isEmpty();
        assertThat(queues().deleteDeadLetter("0190f3c2-0000-7000-8000-000000000000").blockOptional()).isEmpty();
    }
}
