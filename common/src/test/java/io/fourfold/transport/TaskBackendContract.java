package io.fourfold.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimitUsage;
import io.fourfold.limit.TypeLimits;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The behaviour every backend owes the engine and the API, written once against the SPI. A backend is done when
 * a subclass of this suite passes on it (as JobRunr tests every storage provider with one abstract suite).
 *
 * <p>Each test uses its own queue name, so backends that share a broker between runs never see each other's work.
 */
public abstract class TaskBackendContract {

    protected static final Duration WAIT = Duration.ofMillis(500);
    protected static final Duration PATIENCE = Duration.ofSeconds(10);

    private final String queue = "contract-" + UUID.randomUUID();

    protected abstract TaskStore store();

    protected abstract TaskTransport transport();

    protected abstract TaskLimits limits();

    protected String queue() {
        return queue;
    }

    protected NewTask task(String type, JsonNode payload) {
        return new NewTask(TaskIds.next(), type, queue, 0, payload, null, 3, Duration.ofMinutes(5), null, null);
    }

    protected NewTask task() {
        return task("echo", JsonNodeFactory.instance.objectNode().put("x", 1));
    }

    protected TaskRecord submit(NewTask task) {
        return transport().submit(new SubmitRequest(List.of(task), null)).block().tasks().getFirst();
    }

    protected List<TaskDelivery> receive(int max) {
        return transport().receive("contract-consumer", List.of(queue), max, WAIT).block();
    }

    protected TaskDelivery receiveOne() {
        List<TaskDelivery> received = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            received.addAll(receive(1));
            return !received.isEmpty();
        });
        return received.getFirst();
    }

    protected TaskLease startOne() {
        TaskDelivery delivery = receiveOne();
        StartDecision decision = transport().start(delivery, "worker-1", ExecutorKind.VIRTUAL).block();
        assertThat(decision).isInstanceOf(StartDecision.Run.class);
        return ((StartDecision.Run) decision).lease();
    }

    protected TaskRecord record(String id) {
        return store().find(id).block();
    }

    protected NewTask unique(String type, String key, Uniqueness.Mode mode) {
        NewTask task = task(type, JsonNodeFactory.instance.objectNode());
        return new NewTask(task.id(), type, queue, 0, task.payload(), null, 3, Duration.ofMinutes(5), null, null,
                new Uniqueness(key, mode), null);
    }

    protected StartDecision start(TaskDelivery delivery) {
        return transport().start(delivery, "worker-1", ExecutorKind.VIRTUAL).block();
    }

    @Test
    void aUniqueTaskUnderWayStandsForANewOneWithItsKeyUntilItEnds() {
        String key = "contract:" + UUID.randomUUID();
        NewTask first = unique("echo", key, Uniqueness.Mode.DROP);
        submit(first);

        Submission again = transport().submit(new SubmitRequest(
                List.of(unique("echo", key, Uniqueness.Mode.DROP), task()), null)).block();
        assertThat(again.tasks().getFirst().id()).isEqualTo(first.id());
        assertThat(again.deduplicated()).containsExactly(first.id());
        assertThat(again.tasks().get(1).id()).isNotEqualTo(first.id());

        TaskLease lease = startOne();
        assertThat(lease.taskId()).isEqualTo(first.id());
        Submission whileRunning = transport().submit(new SubmitRequest(
                List.of(unique("echo", key, Uniqueness.Mode.DROP)), null)).block();
        assertThat(whileRunning.deduplicated()).containsExactly(first.id());

        transport().complete(lease, new TaskOutcome.Succeeded(null)).block();
        NewTask after = unique("echo", key, Uniqueness.Mode.DROP);
        Submission afterEnd = transport().submit(new SubmitRequest(List.of(after), null)).block();
        assertThat(afterEnd.deduplicated()).isEmpty();
        assertThat(record(after.id()).state()).isEqualTo(TaskState.QUEUED);
    }

    @Test
    void inOneSubmitTheFirstTaskWithAKeyStandsForTheLaterOnes() {
        String key = "contract:" + UUID.randomUUID();
        NewTask first = unique("echo", key, Uniqueness.Mode.TRAILING);
        Submission submission = transport().submit(new SubmitRequest(
                List.of(first, unique("echo", key, Uniqueness.Mode.TRAILING), task()), null)).block();

        assertThat(submission.tasks().get(1).id()).isEqualTo(first.id());
        assertThat(submission.deduplicated()).isEmpty();
        assertThat(submission.made()).extracting(TaskRecord::id)
                .containsExactly(first.id(), submission.tasks().get(2).id());
        List<TaskDelivery> delivered = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            delivered.addAll(receive(5));
            return delivered.size() >= 2;
        });
        assertThat(receive(5)).as("the task asked for twice is delivered once").isEmpty();
        assertThat(delivered).extracting(TaskDelivery::taskId)
                .containsExactlyInAnyOrder(first.id(), submission.tasks().get(2).id());
    }

    @Test
    void aTrailingUniqueTaskSubmittedWhileOneRunsStartsOnlyAfterItEnds() {
        String key = "contract:" + UUID.randomUUID();
        NewTask first = unique("echo", key, Uniqueness.Mode.TRAILING);
        submit(first);
        NewTask dropped = unique("echo", key, Uniqueness.Mode.TRAILING);
        Submission whileQueued = transport().submit(new SubmitRequest(List.of(dropped), null)).block();
        assertThat(whileQueued.deduplicated()).containsExactly(first.id());
        assertThat(record(dropped.id())).isNull();

        TaskLease running = startOne();
        NewTask trailing = unique("echo", key, Uniqueness.Mode.TRAILING);
        Submission whileRunning = transport().submit(new SubmitRequest(List.of(trailing), null)).block();
        assertThat(whileRunning.deduplicated()).isEmpty();

        TaskDelivery delivery = receiveOne();
        assertThat(delivery.taskId()).isEqualTo(trailing.id());
        assertThat(start(delivery)).isEqualTo(new StartDecision.Wait("unique", TaskLimits.WAIT));
        transport().defer(delivery, Duration.ofMillis(50)).block();
        assertThat(record(trailing.id()).state()).isEqualTo(TaskState.QUEUED);

        transport().complete(running, new TaskOutcome.Succeeded(null)).block();
        TaskDelivery again = receiveOne();
        assertThat(again.taskId()).isEqualTo(trailing.id());
        assertThat(again.deliveries()).as("a deferral is not counted as a delivery").isEqualTo(1);
        assertThat(start(again)).isInstanceOf(StartDecision.Run.class);
    }

    @Test
    void aTypeAtItsConcurrencyLimitWaitsUntilOneOfItsTasksEnds() {
        String type = "limited-" + UUID.randomUUID();
        limits().put(new TypeLimits(type, 1, null)).block();
        NewTask first = task(type, JsonNodeFactory.instance.objectNode());
        NewTask second = task(type, JsonNodeFactory.instance.objectNode());
        submit(first);
        submit(second);

        TaskLease running = startOne();
        assertThat(running.taskId()).isEqualTo(first.id());
        TaskDelivery held = receiveOne();
        assertThat(start(held)).isEqualTo(new StartDecision.Wait("concurrency", TaskLimits.WAIT));
        assertThat(limits().list().filter(usage -> usage.limits().type().equals(type)).blockFirst().running())
                .isEqualTo(1);
        transport().defer(held, Duration.ofMillis(50)).block();

        transport().complete(running, new TaskOutcome.Succeeded(null)).block();
        TaskLease next = startOne();
        assertThat(next.taskId()).isEqualTo(second.id());
        limits().remove(type).block();
    }

    @Test
    void aRateGivesAsManyStartsAsItsPermitsThenTellsHowLongToWait() {
        String type = "rated-" + UUID.randomUUID();
        TypeLimits.Rate rate = new TypeLimits.Rate(2, Duration.ofHours(1));

        // A store may connect its buckets in the background (Redis does), failing a take at once until then.
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> limits().takeStart(type, rate).block(), Duration::isZero);
        assertThat(limits().takeStart(type, rate).block()).isZero();
        assertThat(limits().takeStart(type, rate).block()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(limits().takeStart(type, new TypeLimits.Rate(3, Duration.ofHours(1))).block())
                .as("a changed rate starts from a full bucket").isZero();
    }

    @Test
    void limitsAreSetListedAndRemoved() {
        String type = "listed-" + UUID.randomUUID();
        TypeLimits limit = new TypeLimits(type, 5, new TypeLimits.Rate(10, Duration.ofSeconds(1)));

        assertThat(limits().put(limit).block()).isTrue();
        assertThat(limits().put(limit).block()).isFalse();
        assertThat(limits().list().filter(usage -> usage.limits().type().equals(type)).collectList().block())
                .containsExactly(new TypeLimitUsage(limit, 0));
        assertThat(limits().remove(type).block()).isTrue();
        assertThat(limits().remove(type).block()).isFalse();
    }

    @Test
    void submitStoresAQueuedRecordAndDeliversItsEnvelope() {
        NewTask task = task();
        TaskRecord stored = submit(task);

        assertThat(stored.state()).isEqualTo(TaskState.QUEUED);
        assertThat(record(task.id())).isEqualTo(stored);
        TaskDelivery delivery = receiveOne();
        assertThat(delivery.envelope()).isEqualTo(stored.envelope());
        assertThat(delivery.deliveries()).isEqualTo(1);
    }

    @Test
    void aDeliveryTellsWhenItsTaskBecameReadyIfTheBackendKnows() {
        Instant before = Instant.now();
        submit(task());
        TaskDelivery delivery = receiveOne();
        Instant after = Instant.now();

        // Workers time the queue wait from it; a backend that does not know answers null (and records none).
        // The slack allows for a broker whose clock is not the JVM's.
        if (delivery.readyAt() != null) {
            assertThat(delivery.readyAt()).isBetween(before.minusSeconds(5), after.plusSeconds(5));
        }
    }

    @Test
    void aBatchIsStoredWhole() {
        List<NewTask> batch = List.of(task(), task(), task());
        Submission submission = transport().submit(new SubmitRequest(batch, null)).block();

        assertThat(submission.tasks()).extracting(TaskRecord::id).containsExactlyElementsOf(
                batch.stream().map(NewTask::id).toList());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(batch).allSatisfy(
                task -> assertThat(record(task.id())).isNotNull()));
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameTask() {
        IdempotencyKey key = new IdempotencyKey("caller", "key-" + UUID.randomUUID(), "body-1");
        Submission first = transport().submit(new SubmitRequest(List.of(task()), key)).block();
        Submission again = transport().submit(new SubmitRequest(List.of(task()), key)).block();

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.tasks()).extracting(TaskRecord::id).isEqualTo(first.tasks().stream().map(TaskRecord::id).toList());
        assertThat(receive(10)).hasSize(1);
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIsAConflictAndStoresNothing() {
        String keyName = "key-" + UUID.randomUUID();
        transport().submit(new SubmitRequest(List.of(task()), new IdempotencyKey("caller", keyName, "body-1"))).block();
        NewTask other = task();

        assertThatThrownBy(() -> transport().submit(
                new SubmitRequest(List.of(other), new IdempotencyKey("caller", keyName, "body-2"))).block())
                .isInstanceOf(IdempotencyConflictException.class);
        assertThat(record(other.id())).isNull();
    }

    @Test
    void idempotencyKeysAreScopedPerCaller() {
        String keyName = "key-" + UUID.randomUUID();
        Submission mine = transport().submit(new SubmitRequest(List.of(task()), new IdempotencyKey("me", keyName, "b"))).block();
        Submission yours = transport().submit(new SubmitRequest(List.of(task()), new IdempotencyKey("you", keyName, "b"))).block();

        assertThat(yours.replayed()).isFalse();
        assertThat(yours.tasks().getFirst().id()).isNotEqualTo(mine.tasks().getFirst().id());
    }

    @Test
    void receiveNeverReturnsMoreThanAsked() {
        for (int i = 0; i < 5; i++) {
            submit(task());
        }
        List<TaskDelivery> taken = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            List<TaskDelivery> batch = receive(2);
            assertThat(batch.size()).isLessThanOrEqualTo(2);
            taken.addAll(batch);
            return taken.size() == 5;
        });
        assertThat(taken).extracting(TaskDelivery::taskId).doesNotHaveDuplicates();
    }

    @Test
    void receiveAnswersEmptyWhenNothingIsReady() {
        assertThat(receive(5)).isEmpty();
    }

    @Test
    void aSucceededTaskIsStoredAndNotDeliveredAgain() {
        TaskRecord task = submit(task());
        TaskLease lease = startOne();
        assertThat(record(task.id()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(lease.attempt()).isEqualTo(1);

        JsonNode result = JsonNodeFactory.instance.objectNode().put("ok", true);
        assertThat(transport().complete(lease, new TaskOutcome.Succeeded(result)).block()).isTrue();

        TaskRecord done = record(task.id());
        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.result()).isEqualTo(result);
        assertThat(done.worker()).isEqualTo("worker-1");
        assertThat(done.executor()).isEqualTo(ExecutorKind.VIRTUAL);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(receive(1)).isEmpty();
    }

    @Test
    void aRetriedTaskWaitsForItsBackoffThenRunsAsTheNextAttempt() {
        TaskRecord task = submit(task());
        TaskLease first = startOne();
        TaskError error = new TaskError("IllegalStateException", "boom");
        transport().complete(first, new TaskOutcome.Retry(error, Instant.now().plusMillis(700))).block();

        TaskRecord retrying = record(task.id());
        assertThat(retrying.state()).isEqualTo(TaskState.RETRYING);
        assertThat(retrying.error()).isEqualTo(error);
        TaskLease second = startOne();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.fence()).isGreaterThan(first.fence());
    }

    @Test
    void aFailedTaskEndsInTheDeadLetterState() {
        TaskRecord task = submit(task());
        TaskLease lease = startOne();
        transport().complete(lease, new TaskOutcome.Failed(new TaskError("Boom", "for good"))).block();

        TaskRecord failed = record(task.id());
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.error().message()).isEqualTo("for good");
        assertThat(receive(1)).isEmpty();
    }

    @Test
    void aDelayedTaskIsScheduledAndOnlyDeliveredWhenDue() {
        NewTask delayed = new NewTask(TaskIds.next(), "echo", queue(), 0, JsonNodeFactory.instance.nullNode(),
                Instant.now().plusSeconds(2), 3, Duration.ofMinutes(1), null, null);
        assertThat(submit(delayed).state()).isEqualTo(TaskState.SCHEDULED);

        assertThat(receive(1)).isEmpty();
        TaskDelivery delivery = receiveOne();
        assertThat(delivery.taskId()).isEqualTo(delayed.id());
        assertThat(Instant.now()).isAfterOrEqualTo(delayed.runAt());
    }

    @Test
    void aCancelledQueuedTaskNeverRuns() {
        TaskRecord task = submit(task());
        CancelResult result = store().cancel(task.id()).block();

        assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.CANCELLED);
        assertThat(result.task().state()).isEqualTo(TaskState.CANCELLED);
        List<TaskDelivery> late = receive(1);
        for (TaskDelivery delivery : late) {
            assertThat(transport().start(delivery, "worker-1", ExecutorKind.VIRTUAL).block())
                    .isInstanceOf(StartDecision.Skip.class);
        }
        assertThat(record(task.id()).state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void aCancelledRunningTaskIsSignalledToItsWorker() {
        TaskRecord task = submit(task());
        List<String> signals = new CopyOnWriteArrayList<>();
        Disposable listening = store().cancelRequests().subscribe(signals::add);
        try {
            TaskLease lease = startOne();
            await().atMost(PATIENCE).untilAsserted(() -> {
                CancelResult result = store().cancel(task.id()).block();
                assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.SIGNALLED);
                assertThat(signals).contains(task.id());
            });
            transport().complete(lease, new TaskOutcome.Cancelled()).block();
            assertThat(record(task.id()).state()).isEqualTo(TaskState.CANCELLED);
        } finally {
            listening.dispose();
        }
    }

    @Test
    void cancellingAFinishedTaskChangesNothing() {
        TaskRecord task = submit(task());
        transport().complete(startOne(), new TaskOutcome.Succeeded(null)).block();

        CancelResult result = store().cancel(task.id()).block();
        assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.ALREADY_FINISHED);
        assertThat(record(task.id()).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void cancellingAnUnknownTaskIsEmpty() {
        StepVerifier.create(store().cancel(TaskIds.next())).verifyComplete();
    }

    @Test
    void aReleasedTaskIsQueuedAgainAndAStaleLeaseCannotWrite() {
        TaskRecord task = submit(task());
        TaskLease stale = startOne();
        transport().release(stale).block();
        assertThat(record(task.id()).state()).isEqualTo(TaskState.QUEUED);

        TaskLease current = startOne();
        assertThat(current.fence()).isGreaterThan(stale.fence());
        assertThat(current.attempt()).isEqualTo(2);
        assertThat(transport().progress(stale, 0.5, "late").block()).isFalse();
        assertThat(transport().complete(stale, new TaskOutcome.Succeeded(null)).block()).isFalse();
        assertThat(transport().renew(stale).block()).isFalse();
        assertThat(record(task.id()).state()).isEqualTo(TaskState.RUNNING);

        assertThat(transport().renew(current).block()).isTrue();
        assertThat(transport().complete(current, new TaskOutcome.Succeeded(null)).block()).isTrue();
        assertThat(record(task.id()).state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void anUnstartedDeliveryReturnedIsDeliveredAgain() {
        TaskRecord task = submit(task());
        transport().returnUnstarted(receiveOne()).block();

        TaskDelivery again = receiveOne();
        assertThat(again.taskId()).isEqualTo(task.id());
        assertThat(again.deliveries()).isEqualTo(2);
    }

    @Test
    void aDeadLetteredDeliveryFailsItsTaskWithTheReason() {
        TaskRecord task = submit(task());
        TaskError reason = new TaskError(TaskError.POISON, "delivered 6 times without an outcome");
        transport().deadLetter(receiveOne(), reason).block();

        TaskRecord failed = record(task.id());
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.error()).isEqualTo(reason);
        assertThat(receive(1)).isEmpty();
    }

    @Test
    void progressIsStoredUnderTheCurrentLease() {
        TaskRecord task = submit(task());
        TaskLease lease = startOne();
        assertThat(transport().progress(lease, 0.25, "a quarter").block()).isTrue();

        TaskRecord running = record(task.id());
        assertThat(running.progress()).isEqualTo(0.25);
        assertThat(running.progressMessage()).isEqualTo("a quarter");
    }

    @Test
    void higherPriorityRunsFirstAmongReadyTasks() {
        NewTask low = withPriority(task(), 1);
        NewTask high = withPriority(task(), 9);
        NewTask middle = withPriority(task(), 5);
        transport().submit(new SubmitRequest(List.of(low, high, middle), null)).block();

        List<String> order = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            receive(1).forEach(delivery -> order.add(delivery.taskId()));
            return order.size() == 3;
        });
        assertThat(order).containsExactly(high.id(), middle.id(), low.id());
    }

    private static NewTask withPriority(NewTask task, int priority) {
        return new NewTask(task.id(), task.type(), task.queue(), priority, task.payload(), task.runAt(),
                task.maxAttempts(), task.timeout(), task.owner(), task.traceparent());
    }

    @Test
    void followGivesTheSnapshotThenEveryChangeUntilTheEnd() {
        TaskRecord task = submit(task());
        List<TaskRecord> seen = new CopyOnWriteArrayList<>();
        Disposable following = store().follow(task.id()).subscribe(seen::add);
        try {
            await().atMost(PATIENCE).until(() -> !seen.isEmpty());
            TaskLease lease = startOne();
            transport().progress(lease, 0.5, "half").block();
            transport().complete(lease, new TaskOutcome.Succeeded(null)).block();

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(seen).extracting(TaskRecord::state)
                    .containsExactly(TaskState.QUEUED, TaskState.RUNNING, TaskState.RUNNING, TaskState.SUCCEEDED));
            assertThat(seen).extracting(TaskRecord::version).isSorted().doesNotHaveDuplicates();
        } finally {
            following.dispose();
        }
    }

    @Test
    void followOfAFinishedTaskIsItsLastStateAlone() {
        TaskRecord task = submit(task());
        transport().complete(startOne(), new TaskOutcome.Succeeded(null)).block();

        StepVerifier.create(store().follow(task.id()))
                .assertNext(last -> assertThat(last.state()).isEqualTo(TaskState.SUCCEEDED))
                .expectComplete()
                .verify(PATIENCE);
    }

    @Test
    void followOfAnUnknownTaskIsEmpty() {
        StepVerifier.create(store().follow(TaskIds.next())).expectComplete().verify(PATIENCE);
    }

    @Test
    void listGivesNewestFirstWithFiltersAndCursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit(task("list-" + queue(), JsonNodeFactory.instance.nullNode())).id());
        }
        TaskQuery firstPage = new TaskQuery(null, "list-" + queue(), null, 3, null);
        TaskPage first = store().list(firstPage).block();
        assertThat(first.tasks()).extracting(TaskRecord::id).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(first.nextCursor()).isNotNull();

        TaskPage second = store().list(new TaskQuery(null, "list-" + queue(), null, 3, first.nextCursor())).block();
        assertThat(second.tasks()).extracting(TaskRecord::id).containsExactly(ids.get(1), ids.get(0));
        assertThat(second.nextCursor()).isNull();

        TaskPage byState = store().list(new TaskQuery(TaskState.SUCCEEDED, "list-" + queue(), queue(), 10, null)).block();
        assertThat(byState.tasks()).isEmpty();
    }

    @Test
    void workersAreListedWhileTheirHeartbeatIsFresh() {
        String id = "worker-" + UUID.randomUUID();
        WorkerInfo worker = new WorkerInfo(id, "host", 42, Instant.now(), Instant.now(),
                Map.of(ExecutorKind.VIRTUAL, new WorkerInfo.Slots(100, 3)), List.of(queue()), List.of("echo"));
        store().heartbeat(worker, Duration.ofSeconds(30)).block();
        assertThat(store().workers().collectList().block()).contains(worker);

        store().removeWorker(id).block();
        assertThat(store().workers().collectList().block()).extracting(WorkerInfo::id).doesNotContain(id);
    }

    @Test
    void aWorkerWhoseHeartbeatLapsedIsNoLongerListed() {
        String id = "worker-" + UUID.randomUUID();
        WorkerInfo worker = new WorkerInfo(id, "host", 42, Instant.now(), Instant.now(), Map.of(), List.of(), List.of());
        store().heartbeat(worker, Duration.ofSeconds(1)).block();

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(store().workers().collectList().block()).extracting(WorkerInfo::id).doesNotContain(id));
    }

    @Test
    void taskTypesStayKnownOnceRegistered() {
        String type = "type-" + UUID.randomUUID();
        TaskTypeInfo info = new TaskTypeInfo(type, ExecutorKind.PLATFORM, "default", 3, Duration.ofMinutes(5),
                JsonNodeFactory.instance.objectNode().put("type", "object"));
        store().registerTaskTypes(List.of(info)).block();

        assertThat(store().taskTypes().collectList().block()).contains(info);
    }
}
