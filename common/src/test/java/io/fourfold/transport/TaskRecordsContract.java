package io.fourfold.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.task.Uniqueness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a store owes a transport whose broker is not the store ({@link TaskRecords}), written once and run against
 * every store that offers it.
 */
public abstract class TaskRecordsContract {

    private final String queue = "records-" + UUID.randomUUID();

    protected abstract TaskStore store();

    protected abstract TaskRecords records();

    private NewTask task(Instant runAt) {
        return new NewTask(TaskIds.next(), "echo", queue, 0, JsonNodeFactory.instance.objectNode().put("x", 1), runAt,
                3, Duration.ofMinutes(5), null, null);
    }

    private TaskRecord accepted() {
        return TaskRecord.accepted(task(null), Instant.now());
    }

    private TaskRecord visible(TaskRecord task) {
        records().insertHidden(List.of(task), null).block();
        records().reveal(List.of(task.id())).block();
        return task;
    }

    private long started(TaskRecord task) {
        TaskRecords.Start start = records().start(task.id(), "worker-1", ExecutorKind.VIRTUAL).block();
        assertThat(start).isInstanceOf(TaskRecords.Start.Running.class);
        return ((TaskRecords.Start.Running) start).fence();
    }

    private TaskRecord record(String id) {
        return store().find(id).block();
    }

    @Test
    void hiddenRecordsAreInvisibleUntilRevealed() {
        TaskRecord task = accepted();
        Submission inserted = records().insertHidden(List.of(task), null).block();
        assertThat(inserted.replayed()).isFalse();

        assertThat(record(task.id())).isNull();
        StepVerifier.create(store().follow(task.id())).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(store().list(new TaskQuery(null, null, queue, 10, null)).block().tasks()).isEmpty();
        assertThat(records().start(task.id(), "worker-1", ExecutorKind.VIRTUAL).block())
                .isInstanceOf(TaskRecords.Start.Hidden.class);

        records().reveal(List.of(task.id())).block();
        assertThat(record(task.id())).isEqualTo(task);
        assertThat(store().list(new TaskQuery(null, null, queue, 10, null)).block().tasks())
                .extracting(TaskRecord::id).containsExactly(task.id());
    }

    @Test
    void aUniqueTaskWhoseSubmitIsUnderWayMakesASecondOneWaitThenStandsForIt() {
        Uniqueness unique = new Uniqueness("records:" + UUID.randomUUID(), Uniqueness.Mode.DROP);
        NewTask made = task(null);
        TaskRecord first = TaskRecord.accepted(new NewTask(made.id(), "echo", queue, 0, made.payload(), null, 3,
                Duration.ofMinutes(5), null, null, unique, null), Instant.now());
        NewTask other = task(null);
        TaskRecord second = TaskRecord.accepted(new NewTask(other.id(), "echo", queue, 0, other.payload(), null, 3,
                Duration.ofMinutes(5), null, null, unique, null), Instant.now());
        records().insertHidden(List.of(first), null).block();

        assertThatThrownBy(() -> records().insertHidden(List.of(second), null).block())
                .isInstanceOf(BackendUnavailableException.class);

        records().reveal(List.of(first.id())).block();
        Submission answered = records().insertHidden(List.of(second), null).block();
        assertThat(answered.tasks()).extracting(TaskRecord::id).containsExactly(first.id());
        assertThat(answered.deduplicated()).containsExactly(first.id());
        assertThat(answered.made()).isEmpty();
        assertThat(record(second.id())).isNull();
    }

    @Test
    void aDelayedTaskIsRevealedScheduled() {
        TaskRecord task = TaskRecord.accepted(task(Instant.now().plusSeconds(60)), Instant.now());
        visible(task);

        assertThat(record(task.id()).state()).isEqualTo(TaskState.SCHEDULED);
    }

    @Test
    void droppedHiddenRecordsAreGoneAndTheirKeyIsFreeAgain() {
        IdempotencyKey key = new IdempotencyKey("caller", "key-" + UUID.randomUUID(), "body");
        TaskRecord first = accepted();
        records().insertHidden(List.of(first), key).block();
        records().dropHidden(List.of(first.id()), key).block();
        records().reveal(List.of(first.id())).block();
        assertThat(record(first.id())).isNull();

        TaskRecord second = accepted();
        Submission retried = records().insertHidden(List.of(second), key).block();
        assertThat(retried.replayed()).isFalse();
        assertThat(retried.tasks()).extracting(TaskRecord::id).containsExactly(second.id());
    }

    @Test
    void aKeyAnswersItsVisibleTasksAgainAndRefusesAnotherBody() {
        String name = "key-" + UUID.randomUUID();
        TaskRecord first = accepted();
        records().insertHidden(List.of(first), new IdempotencyKey("caller", name, "body")).block();
        assertThatThrownBy(() -> records().insertHidden(List.of(accepted()),
                new IdempotencyKey("caller", name, "body")).block())
                .as("the first submit is still under way")
                .isInstanceOf(BackendUnavailableException.class);
        records().reveal(List.of(first.id())).block();

        Submission again = records().insertHidden(List.of(accepted()), new IdempotencyKey("caller", name, "body")).block();
        assertThat(again.replayed()).isTrue();
        assertThat(again.tasks()).extracting(TaskRecord::id).containsExactly(first.id());
        assertThatThrownBy(() -> records().insertHidden(List.of(accepted()),
                new IdempotencyKey("caller", name, "other")).block())
                .isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void staleHiddenRecordsAreSweptAndFreshOnesKept() {
        TaskRecord task = accepted();
        records().insertHidden(List.of(task), null).block();

        records().dropHiddenOlderThan(Duration.ofHours(1)).block();
        assertThat(records().start(task.id(), "worker-1", ExecutorKind.VIRTUAL).block())
                .isInstanceOf(TaskRecords.Start.Hidden.class);

        assertThat(records().dropHiddenOlderThan(Duration.ZERO).block()).isGreaterThanOrEqualTo(1);
        records().reveal(List.of(task.id())).block();
        assertThat(record(task.id())).isNull();
    }

    @Test
    void startRunsAVisibleTaskUnderANewFence() {
        TaskRecord task = visible(accepted());
        long fence = started(task);

        TaskRecord running = record(task.id());
        assertThat(running.state()).isEqualTo(TaskState.RUNNING);
        assertThat(running.fence()).isEqualTo(fence);
        assertThat(running.attempt()).isEqualTo(1);
        assertThat(running.worker()).isEqualTo("worker-1");

        long takeover = started(task);
        assertThat(takeover).isGreaterThan(fence);
        assertThat(record(task.id()).attempt()).as("a takeover continues the attempt").isEqualTo(1);
    }

    @Test
    void startRefusesUnknownCancelledAndFinishedTasks() {
        assertThat(records().start(TaskIds.next(), "worker-1", ExecutorKind.VIRTUAL).block())
                .isInstanceOf(TaskRecords.Start.Refused.class);

        TaskRecord cancelled = visible(accepted());
        store().cancel(cancelled.id()).block();
        assertThat(records().start(cancelled.id(), "worker-1", ExecutorKind.VIRTUAL).block())
                .isInstanceOf(TaskRecords.Start.Refused.class);

        TaskRecord signalled = visible(accepted());
        started(signalled);
        store().cancel(signalled.id()).block();
        assertThat(records().start(signalled.id(), "worker-2", ExecutorKind.VIRTUAL).block())
                .isInstanceOf(TaskRecords.Start.Refused.class);
        assertThat(record(signalled.id()).state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void writesUnderAStaleFenceAreRefused() {
        TaskRecord task = visible(accepted());
        long stale = started(task);
        long current = started(task);

        assertThat(records().progress(task.id(), stale, 0.5, "late").block()).isFalse();
        assertThat(records().finish(task.id(), stale, new TaskOutcome.Succeeded(null)).block()).isFalse();
        assertThat(records().handBack(task.id(), stale).block()).isFalse();

        assertThat(records().progress(task.id(), current, 0.5, "half").block()).isTrue();
        assertThat(record(task.id()).progressMessage()).isEqualTo("half");
        var result = JsonNodeFactory.instance.objectNode().put("ok", true);
        assertThat(records().finish(task.id(), current, new TaskOutcome.Succeeded(result)).block()).isTrue();
        TaskRecord done = record(task.id());
        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.result()).isEqualTo(result);
        assertThat(done.finishedAt()).isNotNull();
    }

    @Test
    void eachOutcomeIsStored() {
        TaskRecord retried = visible(accepted());
        Instant runAt = Instant.now().plusSeconds(30);
        TaskError error = new TaskError("IllegalStateException", "boom");
        records().finish(retried.id(), started(retried), new TaskOutcome.Retry(error, runAt)).block();
        TaskRecord retrying = record(retried.id());
        assertThat(retrying.state()).isEqualTo(TaskState.RETRYING);
        assertThat(retrying.error()).isEqualTo(error);
        assertThat(retrying.runAt()).isEqualTo(runAt);
        assertThat(started(retried)).isPositive();
        assertThat(record(retried.id()).attempt()).isEqualTo(2);

        TaskRecord failed = visible(accepted());
        records().finish(failed.id(), started(failed), new TaskOutcome.Failed(error)).block();
        assertThat(record(failed.id()).state()).isEqualTo(TaskState.FAILED);

        TaskRecord cancelled = visible(accepted());
        records().finish(cancelled.id(), started(cancelled), new TaskOutcome.Cancelled()).block();
        assertThat(record(cancelled.id()).state()).isEqualTo(TaskState.CANCELLED);
    }

    /** Starts and outcomes asked for at once (a store may send them in one call): each gets its own answer. */
    @Test
    void startsAndOutcomesAskedForTogetherAreEachAnsweredForItself() {
        List<TaskRecord> tasks = List.of(visible(accepted()), visible(accepted()), visible(accepted()),
                visible(accepted()));
        TaskRecord hidden = accepted();
        records().insertHidden(List.of(hidden), null).block();
        List<String> ids = new ArrayList<>(tasks.stream().map(TaskRecord::id).toList());
        ids.add(hidden.id());
        ids.add(TaskIds.next());

        List<TaskRecords.Start> starts = Flux.fromIterable(ids)
                .flatMapSequential(id -> records().start(id, "worker-1", ExecutorKind.VIRTUAL))
                .collectList().block();

        assertThat(starts).hasSize(6);
        assertThat(starts.subList(0, 4)).allSatisfy(start -> assertThat(start)
                .isInstanceOf(TaskRecords.Start.Running.class));
        assertThat(starts.get(4)).isInstanceOf(TaskRecords.Start.Hidden.class);
        assertThat(starts.get(5)).isInstanceOf(TaskRecords.Start.Refused.class);

        var result = JsonNodeFactory.instance.objectNode().put("n", 7);
        TaskError error = new TaskError("IllegalStateException", "boom");
        Instant runAt = Instant.now().plusSeconds(30);
        List<Mono<Boolean>> outcomes = List.of(
                records().finish(tasks.get(0).id(), fenceOf(starts.get(0)), new TaskOutcome.Succeeded(result)),
                records().finish(tasks.get(1).id(), fenceOf(starts.get(1)), new TaskOutcome.Failed(error)),
                records().finish(tasks.get(2).id(), fenceOf(starts.get(2)), new TaskOutcome.Retry(error, runAt)),
                records().handBack(tasks.get(3).id(), fenceOf(starts.get(3))),
                records().finish(tasks.get(0).id(), fenceOf(starts.get(0)) - 1, new TaskOutcome.Succeeded(null)));
        assertThat(Flux.fromIterable(outcomes).flatMapSequential(outcome -> outcome).collectList().block())
                .containsExactly(true, true, true, true, false);

        assertThat(record(tasks.get(0).id()).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(record(tasks.get(0).id()).result()).isEqualTo(result);
        assertThat(record(tasks.get(1).id()).state()).isEqualTo(TaskState.FAILED);
        assertThat(record(tasks.get(1).id()).error()).isEqualTo(error);
        assertThat(record(tasks.get(2).id()).state()).isEqualTo(TaskState.RETRYING);
        assertThat(record(tasks.get(2).id()).runAt()).isEqualTo(runAt);
        assertThat(record(tasks.get(3).id()).state()).isEqualTo(TaskState.QUEUED);
    }

    private static long fenceOf(TaskRecords.Start start) {
        return ((TaskRecords.Start.Running) start).fence();
    }

    @Test
    void aHandedBackTaskIsQueuedAgain() {
        TaskRecord task = visible(accepted());
        assertThat(records().handBack(task.id(), started(task)).block()).isTrue();

        assertThat(record(task.id()).state()).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void failEndsAWaitingTaskWithTheReasonButNotAFinishedOne() {
        TaskRecord task = visible(accepted());
        TaskError reason = new TaskError(TaskError.POISON, "delivered too often");
        assertThat(records().fail(task.id(), reason).block()).isTrue();
        TaskRecord failed = record(task.id());
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.error()).isEqualTo(reason);

        TaskRecord done = visible(accepted());
        records().finish(done.id(), started(done), new TaskOutcome.Succeeded(null)).block();
        assertThat(records().fail(done.id(), reason).block()).isFalse();
        assertThat(record(done.id()).state()).isEqualTo(TaskState.SUCCEEDED);
    }
}
