package io.fourfold.transport.rabbit;

import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.redis.RedisBackendProperties;
import io.fourfold.transport.redis.RedisTaskStore;
import io.fourfold.transport.redis.RedisTaskWorkflows;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.WorkflowAdvancerContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The workflow advancer on the local RabbitMQ with the Redis store: each step's submit (record, publish, confirm)
 * under its idempotency key, as a worker on RabbitMQ advances a workflow.
 */
class RabbitWorkflowAdvancerIT extends WorkflowAdvancerContract {

    private static final String RUN = "fourfold-test-" + UUID.randomUUID();
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);
    private static LettuceConnectionFactory redis;
    private static CachingConnectionFactory rabbit;

    private final RedisTaskStore store = RedisTaskStore.create(redis, RedisBackendProperties.withKeyPrefix(RUN + ":"),
            new FourfoldProperties.Store(Duration.ofHours(24), DEAD_LETTER_RETENTION));
    private final RabbitTaskTransport transport = new RabbitTaskTransport(rabbit, store,
            RabbitBackendProperties.withPrefix(RUN + "."), DEAD_LETTER_RETENTION);
    private final RedisTaskWorkflows workflows = new RedisTaskWorkflows(store);

    @BeforeAll
    static void connect() {
        rabbit = LocalBrokers.rabbit();
        redis = LocalBrokers.redis();
    }

    @AfterAll
    static void disconnect() {
        if (redis != null) {
            LocalBrokers.deleteKeys(redis, RUN + ":");
            redis.destroy();
        }
        if (rabbit != null) {
            rabbit.destroy();
        }
    }

    @AfterEach
    void close() {
        transport.close();
        transport.topology().deleteAll();
        store.close();
    }

    @Override
    protected TaskStore store() {
        return store;
    }

    @Override
    protected TaskTransport transport() {
        return transport;
    }

    @Override
    protected TaskWorkflows workflows() {
        return workflows;
    }
}
