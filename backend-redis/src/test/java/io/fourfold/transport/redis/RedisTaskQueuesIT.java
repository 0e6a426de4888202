package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.DeadLetterResult;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.QueueStats;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What the contract suite cannot see from outside: that the kept counts follow tasks through every move without
 * drifting, that dead letters leave the dead-letter stream, that expired ones stop counting, that pause outlives the
 * process, and the figures of a foreign broker (kept by the {@link TaskRecords} writes).
 */
class RedisTaskQueuesIT {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofMillis(300);
    private static final FourfoldProperties.Store RETENTION =
            new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofDays(7));

    private final String queue = "it-" + UUID.randomUUID();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private RedisTaskStore store(FourfoldProperties.Store retention) {
        RedisTaskStore store = RedisTaskStore.create(REDIS.connections(),
                RedisBackendProperties.withKeyPrefix(REDIS.prefix()), retention);
        opened.add(store);
        return store;
    }

    private RedisStreamTransport transport(RedisTaskStore store) {
        RedisStreamTransport transport = new RedisStreamTransport(store);
        opened.add(transport);
        return transport;
    }

    private NewTask task(Instant runAt) {
        return new NewTask(TaskIds.next(), "echo", queue, 0, JsonNodeFactory.instance.objectNode(), runAt, 3,
                Duration.ofMinutes(5), null, null);
    }

    private static QueueStats statsOf(TaskQueues queues, String name) {
        return queues.stats().filter(stats -> stats.queue().equals(name)).blockFirst();
    }

    private TaskLease start(RedisStreamTransport transport) {
        List<TaskDelivery> received = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            received.addAll(transport.receive("it-consumer", List.of(queue), 1, WAIT).block());
            return !received.isEmpty();
        });
        StartDecision decision = transport.start(received.getFirst(), "worker-1", ExecutorKind.VIRTUAL).block();
        return ((StartDecision.Run) decision).lease();
    }

    @Test
    void aDelayedTaskCountsAsDelayedUntilItIsDueThenAsReady() {
        RedisTaskStore store = store(RETENTION);
        RedisStreamTransport transport = transport(store);
        TaskQueues queues = RedisTaskQueues.forStreams(store);
        transport.submit(new SubmitRequest(List.of(task(Instant.now().plusMillis(500))), null)).block();
        assertThat(statsOf(queues, queue).delayed()).isEqualTo(1);

        // The due mover runs in processes that receive; nothing is taken here.
        transport.receive("it-consumer", List.of("other-" + queue), 1, Duration.ZERO).block();
        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueStats stats = statsOf(queues, queue);
            assertThat(stats.delayed()).isZero();
            assertThat(stats.ready()).isEqualTo(1);
            assertThat(stats.oldestReadyAge()).isPositive();
        });
    }

    @Test
    void aRetryWaitsAsDelayedAndACancelledDelayedTaskStopsCounting() {
        RedisTaskStore store = store(RETENTION);
        RedisStreamTransport transport = transport(store);
        TaskQueues queues = RedisTaskQueues.forStreams(store);
        TaskRecord later = transport.submit(new SubmitRequest(List.of(task(Instant.now().plus(Duration.ofHours(1)))),
                null)).block().tasks().getFirst();
        transport.submit(new SubmitRequest(List.of(task(null)), null)).block();
        TaskLease lease = start(transport);
        transport.complete(lease, new TaskOutcome.Retry(new TaskError("Boom", "again"),
                Instant.now().plus(Duration.ofHours(1)))).block();
        QueueStats stats = statsOf(queues, queue);
        assertThat(stats.delayed()).isEqualTo(2);
        assertThat(stats.running()).isZero();

        store.cancel(later.id()).block();
        store.cancel(lease.taskId()).block();
        stats = statsOf(queues, queue);
        assertThat(stats.delayed()).isZero();
        assertThat(stats.finishedPerSecond()).isPositive();
    }

    @Test
    void retriedAndDeletedDeadLettersLeaveTheDeadLetterStream() {
        RedisTaskStore store = store(RETENTION);
        RedisStreamTransport transport = transport(store);
        TaskQueues queues = RedisTaskQueues.forStreams(store);
        String deadLetters = store.keys().deadLetters();
        Long before = store.redis().opsForStream().size(deadLetters).block();
        List<String> failed = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            transport.submit(new SubmitRequest(List.of(task(null)), null)).block();
            TaskLease lease = start(transport);
            transport.complete(lease, new TaskOutcome.Failed(new TaskError("Boom", "for good"))).block();
            failed.add(lease.taskId());
        }
        assertThat(store.redis().opsForStream().size(deadLetters).block()).isEqualTo(before + 2);
        assertThat(statsOf(queues, queue).dead()).isEqualTo(2);

        DeadLetterResult retried = queues.retryDeadLetter(failed.get(0)).block();
        DeadLetterResult deleted = queues.deleteDeadLetter(failed.get(1)).block();

        assertThat(retried.task().finishedAt()).isNull();
        assertThat(retried.task().result()).isNull();
        assertThat(deleted.outcome()).isEqualTo(DeadLetterResult.Outcome.DELETED);
        assertThat(store.redis().opsForStream().size(deadLetters).block()).isEqualTo(before);
        // A retried task is kept until it finishes again: Spring answers zero for a key without expiry.
        assertThat(store.redis().getExpire(store.keys().task(failed.get(0))).block()).isZero();
        assertThat(store.redis().opsForZSet().score(store.keys().index(), failed.get(1)).block()).isNull();
        assertThat(statsOf(queues, queue).dead()).isZero();
        assertThat(queues.deleteDeadLetter(failed.get(1)).blockOptional()).isEmpty();
    }

    @Test
    void deadLettersStopCountingWhenTheirRecordsExpire() {
        RedisTaskStore store = store(new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofSeconds(1)));
        RedisStreamTransport transport = transport(store);
        TaskQueues queues = RedisTaskQueues.forStreams(store);
        transport.submit(new SubmitRequest(List.of(task(null)), null)).block();
        transport.complete(start(transport), new TaskOutcome.Failed(new TaskError("Boom", "for good"))).block();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(statsOf(queues, queue).dead()).isZero());
    }

    @Test
    void aPauseIsKeptInRedisForEveryProcess() {
        TaskQueues one = RedisTaskQueues.forStreams(store(RETENTION));
        TaskQueues other = RedisTaskQueues.forStreams(store(RETENTION));

        one.pause(queue).block();
        assertThat(other.paused().block()).contains(queue);
        assertThat(statsOf(other, queue).paused()).isTrue();
        other.resume(queue).block();
        assertThat(one.paused().block()).doesNotContain(queue);
    }

    @Test
    void forAForeignBrokerTheRecordWritesKeepTheFigures() {
        RedisTaskStore store = store(RETENTION);
        List<String> published = new CopyOnWriteArrayList<>();
        TaskQueues queues = RedisTaskQueues.forBroker(store,
                task -> Mono.fromRunnable(() -> published.add(task.id())));
        Instant now = Instant.now();
        TaskRecord now1 = TaskRecord.accepted(task(null), now);
        TaskRecord later = TaskRecord.accepted(task(now.plus(Duration.ofHours(1))), now);
        store.insertHidden(List.of(now1, later), null).block();
        store.reveal(List.of(now1.id(), later.id())).block();
        QueueStats stats = statsOf(queues, queue);
        assertThat(stats.ready()).isEqualTo(1);
        assertThat(stats.delayed()).isEqualTo(1);
        assertThat(stats.oldestReadyAge().isNegative()).isFalse();

        long first = ((TaskRecords.Start.Running) store.start(now1.id(), "worker-1", ExecutorKind.VIRTUAL).block())
                .fence();
        assertThat(statsOf(queues, queue).ready()).isZero();
        store.handBack(now1.id(), first).block();
        assertThat(statsOf(queues, queue).ready()).isEqualTo(1);
        store.cancel(now1.id()).block();
        assertThat(statsOf(queues, queue).ready()).isZero();

        long fence = ((TaskRecords.Start.Running) store.start(later.id(), "worker-1", ExecutorKind.VIRTUAL).block())
                .fence();
        stats = statsOf(queues, queue);
        assertThat(stats.delayed()).isZero();
        assertThat(stats.running()).isEqualTo(1);

        store.finish(later.id(), fence, new TaskOutcome.Failed(new TaskError("Boom", "for good"))).block();
        stats = statsOf(queues, queue);
        assertThat(stats.running()).isZero();
        assertThat(stats.dead()).isEqualTo(1);
        assertThat(stats.finishedPerSecond()).isPositive();

        assertThat(queues.retryDeadLetter(later.id()).block().outcome()).isEqualTo(DeadLetterResult.Outcome.RETRIED);
        assertThat(published).containsExactly(later.id());
        assertThat(store.find(later.id()).block().state()).isEqualTo(TaskState.QUEUED);
        stats = statsOf(queues, queue);
        assertThat(stats.dead()).isZero();
        assertThat(stats.ready()).isEqualTo(1);
    }

    @Test
    void aRetryTheForeignBrokerDidNotTakeLeavesTheDeadLetterAsItWas() {
        RedisTaskStore store = store(RETENTION);
        TaskQueues queues = RedisTaskQueues.forBroker(store, task -> Mono.error(new IllegalStateException("nacked")));
        TaskRecord task = TaskRecord.accepted(task(null), Instant.now());
        store.insertHidden(List.of(task), null).block();
        store.reveal(List.of(task.id())).block();
        long fence = ((TaskRecords.Start.Running) store.start(task.id(), "worker-1", ExecutorKind.VIRTUAL).block())
                .fence();
        store.finish(task.id(), fence, new TaskOutcome.Failed(new TaskError("Boom", "for good"))).block();
        TaskRecord dead = store.find(task.id()).block();

        assertThatThrownBy(() -> queues.retryDeadLetter(task.id()).block()).hasMessageContaining("nacked");

        TaskRecord after = store.find(task.id()).block();
        assertThat(after.state()).isEqualTo(TaskState.FAILED);
        assertThat(after.attempt()).isEqualTo(dead.attempt());
        assertThat(after.finishedAt()).isEqualTo(dead.finishedAt());
        assertThat(statsOf(queues, queue).dead()).isEqualTo(1);
        assertThat(store.redis().hasKey(store.keys().hidden(task.id())).block()).isFalse();
    }
}
