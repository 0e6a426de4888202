package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskState;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/** What the contract suite cannot see from outside: leases and takeovers, stream sizes, expiry, the due mover. */
class RedisStreamTransportIT {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final FourfoldProperties.Store RETENTION =
            new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofDays(7));

    private final String queue = "it-" + UUID.randomUUID();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RedisTaskStore store;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    /** A transport whose consumers look for takeovers on every receive, with the given lease. */
    private RedisStreamTransport transport(Duration lease) {
        RedisBackendProperties properties = new RedisBackendProperties(REDIS.prefix(), lease, Duration.ZERO,
                Duration.ofMillis(100), 50, 10_000, Duration.ofMinutes(1), Duration.ofSeconds(5));
        store = RedisTaskStore.create(REDIS.connections(), properties, RETENTION);
        RedisStreamTransport transport = new RedisStreamTransport(store);
        opened.add(transport);
        opened.add(store);
        return transport;
    }

    private NewTask task(@Nullable Instant runAt) {
        return new NewTask(TaskIds.next(), "echo", queue, 0, JsonNodeFactory.instance.objectNode().put("n", 1), runAt,
                3, Duration.ofMinutes(1), null, null);
    }

    private static TaskDelivery receiveOne(RedisStreamTransport transport, String consumer, String queue) {
        List<TaskDelivery> received = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            received.addAll(transport.receive(consumer, List.of(queue), 1, Duration.ofMillis(200)).block());
            return !received.isEmpty();
        });
        return received.getFirst();
    }

    private static TaskLease start(RedisStreamTransport transport, TaskDelivery delivery, String worker) {
        StartDecision decision = transport.start(delivery, worker, ExecutorKind.VIRTUAL).block();
        assertThat(decision).isInstanceOf(StartDecision.Run.class);
        return ((StartDecision.Run) decision).lease();
    }

    private long pttl(String key) {
        return store.redis().execute(connection -> connection.keyCommands().pTtl(buffer(key))).blockFirst();
    }

    private long streamLength() {
        return store.redis().opsForStream().size(store.keys().stream(queue, 0)).block();
    }

    private static ByteBuffer buffer(String key) {
        return ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRenewedDeliveryIsNotTakenOverButOneWhoseLeaseLapsedIs() {
        RedisStreamTransport transport = transport(Duration.ofSeconds(1));
        NewTask task = task(null);
        transport.submit(new SubmitRequest(List.of(task), null)).block();
        TaskLease first = start(transport, receiveOne(transport, "consumer-a", queue), "worker-a");

        Disposable renewing = Flux.interval(Duration.ofMillis(150)).concatMap(tick -> transport.renew(first)).subscribe();
        try {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() ->
                    transport.receive("consumer-b", List.of(queue), 1, Duration.ofMillis(100)).block().isEmpty());
        } finally {
            renewing.dispose();
        }

        TaskDelivery takenOver = receiveOne(transport, "consumer-b", queue);
        assertThat(takenOver.taskId()).isEqualTo(task.id());
        assertThat(takenOver.deliveries()).isEqualTo(2);
        TaskLease second = start(transport, takenOver, "worker-b");
        assertThat(second.fence()).isGreaterThan(first.fence());
        assertThat(second.attempt()).isEqualTo(first.attempt());

        assertThat(transport.renew(first).block()).isFalse();
        assertThat(transport.complete(first, new TaskOutcome.Succeeded(null)).block()).isFalse();
        assertThat(transport.renew(second).block()).isTrue();
        assertThat(transport.complete(second, new TaskOutcome.Succeeded(null)).block()).isTrue();
        assertThat(store.find(task.id()).block().worker()).isEqualTo("worker-b");
    }

    @Test
    void everyTakeoverCountsAsAnotherDeliverySoAPoisonTaskCanBeDeadLettered() {
        RedisStreamTransport transport = transport(Duration.ofMillis(300));
        NewTask task = task(null);
        transport.submit(new SubmitRequest(List.of(task), null)).block();

        List<Integer> counts = new ArrayList<>();
        TaskDelivery last = null;
        for (String consumer : List.of("consumer-a", "consumer-b", "consumer-c")) {
            last = receiveOne(transport, consumer, queue);
            counts.add(last.deliveries());
        }
        assertThat(counts).containsExactly(1, 2, 3);

        transport.deadLetter(last, new TaskError(TaskError.POISON, "delivered 3 times")).block();
        assertThat(store.find(task.id()).block().state()).isEqualTo(TaskState.FAILED);
        assertThat(streamLength()).isZero();
        assertThat(store.redis().opsForStream().size(store.keys().deadLetters()).block()).isPositive();
    }

    @Test
    void aTakeoverDeferredByALimitComesBackWithItsDeliveriesAndIsTakenOver() {
        RedisStreamTransport transport = transport(Duration.ofMillis(300));
        NewTask task = task(null);
        transport.submit(new SubmitRequest(List.of(task), null)).block();
        TaskLease lost = start(transport, receiveOne(transport, "consumer-a", queue), "worker-a");

        // Its worker is gone: the lease lapses, another takes it over, and a limit (its type's rate) holds it back.
        TaskDelivery takenOver = receiveOne(transport, "consumer-b", queue);
        assertThat(takenOver.deliveries()).isEqualTo(2);
        transport.defer(takenOver, Duration.ofMillis(50)).block();
        assertThat(store.find(task.id()).block().state()).isEqualTo(TaskState.RUNNING);

        TaskDelivery again = receiveOne(transport, "consumer-c", queue);
        assertThat(again.taskId()).isEqualTo(task.id());
        assertThat(again.deliveries()).as("the deferral is not counted, the takeover is").isEqualTo(2);
        TaskLease taken = start(transport, again, "worker-c");
        assertThat(taken.fence()).isGreaterThan(lost.fence());
        assertThat(transport.complete(taken, new TaskOutcome.Succeeded(null)).block()).isTrue();
    }

    @Test
    void streamsStayEmptyOnceTheirTasksAreDone() {
        RedisStreamTransport transport = transport(Duration.ofSeconds(30));
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            tasks.add(task(null));
        }
        transport.submit(new SubmitRequest(tasks, null)).block();
        assertThat(streamLength()).isEqualTo(30);

        List<String> done = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            for (TaskDelivery delivery : transport.receive("consumer-a", List.of(queue), 10, Duration.ofMillis(200)).block()) {
                transport.complete(start(transport, delivery, "worker-a"), new TaskOutcome.Succeeded(null)).block();
                done.add(delivery.taskId());
            }
            return done.size() == 30;
        });

        assertThat(done).doesNotHaveDuplicates();
        assertThat(streamLength()).isZero();
        assertThat(store.redis().opsForStream().pending(store.keys().stream(queue, 0), RedisKeys.GROUP).block()
                .getTotalPendingMessages()).isZero();
    }

    @Test
    void finishedRecordsAndIdempotencyKeysExpireRunningOnesDoNot() {
        RedisStreamTransport transport = transport(Duration.ofSeconds(30));
        NewTask succeeding = task(null);
        NewTask failing = task(null);
        IdempotencyKey key = new IdempotencyKey("me", "key-" + UUID.randomUUID(), "body");
        transport.submit(new SubmitRequest(List.of(succeeding), key)).block();
        transport.submit(new SubmitRequest(List.of(failing), null)).block();

        TaskLease first = start(transport, receiveOne(transport, "consumer-a", queue), "worker-a");
        TaskLease second = start(transport, receiveOne(transport, "consumer-a", queue), "worker-a");
        assertThat(pttl(store.keys().task(first.taskId()))).isEqualTo(-1);

        transport.complete(first, new TaskOutcome.Succeeded(null)).block();
        transport.complete(second, new TaskOutcome.Failed(new TaskError("Boom", "for good"))).block();

        long day = Duration.ofDays(1).toMillis();
        assertThat(pttl(store.keys().task(first.taskId()))).isBetween(day - 60_000, day);
        assertThat(pttl(store.keys().task(second.taskId()))).isBetween(7 * day - 60_000, 7 * day);
        assertThat(pttl(store.keys().idempotency("me", key.key()))).isBetween(day - 60_000, day);
    }

    @Test
    void twoProcessesMovingDueTasksAtOnceQueueEachTaskOnce() {
        RedisStreamTransport one = transport(Duration.ofSeconds(30));
        RedisStreamTransport other = transport(Duration.ofSeconds(30));
        Instant due = Instant.now().plusMillis(300);
        List<NewTask> tasks = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            tasks.add(task(due));
        }
        one.submit(new SubmitRequest(tasks, null)).block();
        assertThat(streamLength()).isZero();
        await().atMost(PATIENCE).until(() -> Instant.now().isAfter(due));

        Flux.range(0, 8).flatMap(round -> Mono.when(one.moveDueTasks(), other.moveDueTasks())).blockLast();

        assertThat(streamLength()).isEqualTo(120);
        assertThat(store.redis().opsForZSet().size(store.keys().due()).block()).isZero();
        assertThat(tasks).allSatisfy(task -> assertThat(store.find(task.id()).block().state()).isEqualTo(TaskState.QUEUED));
        List<String> received = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            one.receive("consumer-a", List.of(queue), 50, Duration.ofMillis(100)).block()
                    .forEach(delivery -> received.add(delivery.taskId()));
            return received.size() >= 120;
        });
        assertThat(received).hasSize(120).doesNotHaveDuplicates();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aConsumingProcessStopsMovingDueTasksBeforeItsRedisConnectionsStop(CapturedOutput output) {
        RedisConnectionSettings.localRunner(REDIS.prefix()).withPropertyValues("fourfold.redis.due-interval=10ms")
                .run(context -> {
                    context.getBean(RedisStreamTransport.class).receive("consumer", List.of(queue), 1, Duration.ZERO)
                            .block(PATIENCE);
                    // What a shutdown does first: stop every lifecycle bean, the Redis connection factory among them.
                    context.getSourceApplicationContext(ConfigurableApplicationContext.class).stop();
                    await("no failed move of due tasks once stopped").during(Duration.ofMillis(500)).atMost(PATIENCE)
                            .until(() -> !output.getAll().contains("Cannot move due tasks"));
                });
    }

    @Test
    void aWaitingReceiveWakesWhenATaskArrivesAndHoldsUpNothingElse() {
        RedisStreamTransport transport = transport(Duration.ofSeconds(30));
        List<TaskDelivery> first = new CopyOnWriteArrayList<>();
        List<TaskDelivery> second = new CopyOnWriteArrayList<>();
        Disposable waiting = Flux.merge(
                        transport.receive("consumer-a", List.of(queue), 1, Duration.ofSeconds(20)).doOnNext(first::addAll),
                        transport.receive("consumer-b", List.of(queue), 1, Duration.ofSeconds(20)).doOnNext(second::addAll))
                .subscribe();
        try {
            NewTask one = task(null);
            NewTask two = task(null);
            // Both receives are blocked now; a submit and a read on the shared connection still go straight through.
            transport.submit(new SubmitRequest(List.of(one), null)).block(Duration.ofSeconds(5));
            assertThat(store.find(one.id()).block(Duration.ofSeconds(5))).isNotNull();
            transport.submit(new SubmitRequest(List.of(two), null)).block(Duration.ofSeconds(5));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(first).hasSize(1);
                assertThat(second).hasSize(1);
            });
            assertThat(List.of(first.getFirst().taskId(), second.getFirst().taskId()))
                    .containsExactlyInAnyOrder(one.id(), two.id());
        } finally {
            waiting.dispose();
        }
    }
}
