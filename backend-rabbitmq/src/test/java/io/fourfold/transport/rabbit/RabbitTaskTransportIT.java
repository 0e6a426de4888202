package io.fourfold.transport.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskQuery;
import io.fourfold.transport.TaskRecords;
import io.fourfold.transport.redis.RedisBackendProperties;
import io.fourfold.transport.redis.RedisTaskStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/** What the RabbitMQ transport adds to the contract: crashes, outages, hidden records and its dead-letter queue. */
class RabbitTaskTransportIT {

    private static final String RUN = "fourfold-test-" + UUID.randomUUID();
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static LettuceConnectionFactory redis;

    private final String queue = "transport-" + UUID.randomUUID();
    private final List<CachingConnectionFactory> factories = new ArrayList<>();
    private final List<RabbitTaskTransport> transports = new ArrayList<>();
    private final RedisTaskStore store = RedisTaskStore.create(redis, RedisBackendProperties.withKeyPrefix(RUN + ":"),
            new FourfoldProperties.Store(Duration.ofHours(24), RETENTION));

    @BeforeAll
    static void connect() {
        LocalBrokers.rabbit().destroy();
        redis = LocalBrokers.redis();
    }

    @AfterAll
    static void disconnect() {
        if (redis != null) {
            LocalBrokers.deleteKeys(redis, RUN + ":");
            redis.destroy();
        }
    }

    @AfterEach
    void close() {
        transports.forEach(RabbitTaskTransport::close);
        transports.forEach(transport -> transport.topology().deleteAll());
        factories.forEach(CachingConnectionFactory::destroy);
        store.close();
    }

    private RabbitTaskTransport transport(CachingConnectionFactory connections) {
        return transport(connections, store);
    }

    private RabbitTaskTransport transport(CachingConnectionFactory connections, TaskRecords records) {
        factories.add(connections);
        RabbitTaskTransport transport = new RabbitTaskTransport(connections, records,
                RabbitBackendProperties.withPrefix(RUN + ".").withPrefetch(8), RETENTION);
        transports.add(transport);
        return transport;
    }

    private NewTask task() {
        return new NewTask(TaskIds.next(), "echo", queue, 0, JsonNodeFactory.instance.objectNode().put("x", 1), null, 3,
                Duration.ofMinutes(5), null, null);
    }

    private static TaskDelivery receiveOne(RabbitTaskTransport transport, String queue) {
        List<TaskDelivery> received = new ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            received.addAll(transport.receive("consumer", List.of(queue), 1, Duration.ofMillis(500)).block());
            return !received.isEmpty();
        });
        return received.getFirst();
    }

    private static TaskLease run(RabbitTaskTransport transport, TaskDelivery delivery, String worker) {
        StartDecision decision = transport.start(delivery, worker, ExecutorKind.VIRTUAL).block();
        assertThat(decision).isInstanceOf(StartDecision.Run.class);
        return ((StartDecision.Run) decision).lease();
    }

    @Test
    void theUnackedTaskOfAWorkerWhoseConnectionDiesRunsOnAnother() {
        CachingConnectionFactory dying = LocalBrokers.rabbit();
        RabbitTaskTransport first = transport(dying);
        RabbitTaskTransport second = transport(LocalBrokers.rabbit());
        TaskRecord task = first.submit(new SubmitRequest(List.of(task()), null)).block().tasks().getFirst();
        TaskLease lost = run(first, receiveOne(first, queue), "worker-1");

        dying.resetConnection();

        TaskDelivery again = receiveOne(second, queue);
        assertThat(again.taskId()).isEqualTo(task.id());
        assertThat(again.deliveries()).isEqualTo(2);
        TaskLease current = run(second, again, "worker-2");
        assertThat(current.fence()).isGreaterThan(lost.fence());
        assertThat(first.renew(lost).block()).isFalse();
        assertThat(first.complete(lost, new TaskOutcome.Succeeded(null)).block()).isFalse();
        assertThat(second.complete(current, new TaskOutcome.Succeeded(null)).block()).isTrue();
        assertThat(store.find(task.id()).block().worker()).isEqualTo("worker-2");
    }

    @Test
    void aTaskWhoseOutcomeTheStoreCouldNotTakeComesBackAndRunsAgain() {
        FailingRecords records = new FailingRecords(store);
        RabbitTaskTransport transport = transport(LocalBrokers.rabbit(), records);
        TaskRecord task = transport.submit(new SubmitRequest(List.of(task()), null)).block().tasks().getFirst();
        TaskDelivery first = receiveOne(transport, queue);
        TaskLease unwritten = run(transport, first, "worker-1");

        records.failNextFinish();
        assertThatThrownBy(() -> transport.complete(unwritten, new TaskOutcome.Succeeded(null)).block())
                .isInstanceOf(RedisConnectionFailureException.class);

        // On a live channel an unacknowledged delivery would stay with this worker for good: it must come back.
        TaskDelivery again = receiveOne(transport, queue);
        assertThat(again.taskId()).isEqualTo(task.id());
        assertThat(again.deliveries()).as("the store's fault, not counted against the task").isEqualTo(1);
        TaskLease lease = run(transport, again, "worker-1");
        assertThat(lease.fence()).isGreaterThan(unwritten.fence());
        assertThat(transport.complete(lease, new TaskOutcome.Succeeded(null)).block()).isTrue();
        assertThat(store.find(task.id()).block().state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    void aDeliveryTheStoreCouldNotStartComesBack() {
        FailingRecords records = new FailingRecords(store);
        RabbitTaskTransport transport = transport(LocalBrokers.rabbit(), records);
        TaskRecord task = transport.submit(new SubmitRequest(List.of(task()), null)).block().tasks().getFirst();
        TaskDelivery first = receiveOne(transport, queue);

        records.failNextStart();
        assertThatThrownBy(() -> transport.start(first, "worker-1", ExecutorKind.VIRTUAL).block())
                .isInstanceOf(RedisConnectionFailureException.class);
        assertThat(store.find(task.id()).block().state()).isEqualTo(TaskState.QUEUED);

        TaskDelivery again = receiveOne(transport, queue);
        assertThat(again.taskId()).isEqualTo(task.id());
        assertThat(again.deliveries()).isEqualTo(1);
        TaskLease lease = run(transport, again, "worker-1");
        assertThat(transport.complete(lease, new TaskOutcome.Succeeded(null)).block()).isTrue();
    }

    @Test
    void aSubmitTheBrokerCannotTakeIsA503AndLeavesNoTaskAndTheRetryMakesOne() throws IOException {
        RabbitTaskTransport down = transport(LocalBrokers.rabbit("127.0.0.1", freePort()));
        RabbitTaskTransport up = transport(LocalBrokers.rabbit());
        IdempotencyKey key = new IdempotencyKey("caller", "key-" + UUID.randomUUID(), "body");
        NewTask refused = task();

        // A batch: each of its publishes fails, and the client gets one of those failures, not a composite.
        assertThatThrownBy(() -> down.submit(new SubmitRequest(List.of(refused, task(), task()), key)).block())
                .isInstanceOf(BackendUnavailableException.class)
                .satisfies(failure -> assertThat(((BackendUnavailableException) failure).retryAfter()).isPositive());
        assertThat(store.find(refused.id()).block()).isNull();
        assertThat(store.list(new TaskQuery(null, null, queue, 10, null)).block().tasks()).isEmpty();

        Submission retried = up.submit(new SubmitRequest(List.of(task()), key)).block();
        Submission replayed = up.submit(new SubmitRequest(List.of(task()), key)).block();
        assertThat(retried.replayed()).isFalse();
        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.tasks()).isEqualTo(retried.tasks());
        assertThat(store.list(new TaskQuery(null, null, queue, 10, null)).block().tasks()).hasSize(1);
    }

    @Test
    void aMessageWhoseRecordIsStillHiddenComesBackUntilItIsRevealed() {
        RabbitTaskTransport transport = transport(LocalBrokers.rabbit());
        TaskRecord task = TaskRecord.accepted(task(), Instant.now());
        // As a submit between its publish and its reveal.
        store.insertHidden(List.of(task), null).block();
        transport.publish(task.envelope(), Instant.now(), 0).block();

        TaskDelivery early = receiveOne(transport, queue);
        assertThat(transport.start(early, "worker-1", ExecutorKind.VIRTUAL).block())
                .isInstanceOf(StartDecision.Skip.class);
        store.reveal(List.of(task.id())).block();

        TaskDelivery again = receiveOne(transport, queue);
        assertThat(again.taskId()).isEqualTo(task.id());
        TaskLease lease = run(transport, again, "worker-1");
        assertThat(transport.complete(lease, new TaskOutcome.Succeeded(null)).block()).isTrue();
    }

    @Test
    void aFailedTaskGoesToTheDeadLetterQueue() {
        RabbitTaskTransport transport = transport(LocalBrokers.rabbit());
        TaskRecord task = transport.submit(new SubmitRequest(List.of(task()), null)).block().tasks().getFirst();
        TaskLease lease = run(transport, receiveOne(transport, queue), "worker-1");
        transport.complete(lease, new TaskOutcome.Failed(new TaskError("Boom", "for good"))).block();

        assertThat(store.find(task.id()).block().state()).isEqualTo(TaskState.FAILED);
        RabbitAdmin admin = new RabbitAdmin(factories.getFirst());
        await().atMost(PATIENCE).untilAsserted(() -> {
            QueueInformation dead = admin.getQueueInfo(transport.topology().deadQueue());
            assertThat(dead).isNotNull();
            assertThat(dead.getMessageCount()).isGreaterThanOrEqualTo(1);
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
