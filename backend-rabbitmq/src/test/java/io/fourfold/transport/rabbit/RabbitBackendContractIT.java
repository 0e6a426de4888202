package io.fourfold.transport.rabbit;

import io.fourfold.limit.TaskLimits;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskQueuesContract;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.redis.RedisBackendProperties;
import io.fourfold.transport.redis.RedisTaskLimits;
import io.fourfold.transport.redis.RedisTaskStore;
import io.fourfold.transport.redis.RedisTaskWorkflows;
import io.fourfold.workflow.WorkflowAdvancerContract;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The contract suite, unchanged, on the local RabbitMQ with the Redis store, under a prefix of this run's own. The
 * suite holds deliveries it never settles, as a worker holds running tasks; a prefetch above what it holds stands
 * in for a worker's slots. The workflow advancer runs on it too: each step's submit (record, publish, confirm) under
 * its idempotency key, as a worker on RabbitMQ advances a workflow.
 */
class RabbitBackendContractIT extends TaskQueuesContract {

    private static final String RUN = "fourfold-test-" + UUID.randomUUID();
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);
    private static final int PREFETCH = 32;
    private static LettuceConnectionFactory redis;
    private static CachingConnectionFactory rabbit;

    private final RedisTaskStore store = RedisTaskStore.create(redis, RedisBackendProperties.withKeyPrefix(RUN + ":"),
            new FourfoldProperties.Store(Duration.ofHours(24), DEAD_LETTER_RETENTION));
    /** Each test's own exchanges and queues: none declares and publishes to names the test before it just deleted. */
    private final RabbitTaskTransport transport = new RabbitTaskTransport(rabbit, store,
            RabbitBackendProperties.withPrefix(RUN + "." + UUID.randomUUID() + ".").withPrefetch(PREFETCH),
            DEAD_LETTER_RETENTION);
    private final TaskQueues queues = RabbitTaskTransport.queues(store, transport);
    private final RedisTaskLimits limits = RedisTaskLimits.create(store, redis);

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
    void close() throws Exception {
        transport.close();
        transport.topology().deleteAll();
        limits.close();
        store.close();
    }

    @Override
    protected TaskLimits limits() {
        return limits;
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
    protected TaskQueues queues() {
        return queues;
    }

    @Nested
    class Workflows extends WorkflowAdvancerContract {

        Workflows() {
            super(store, transport, new RedisTaskWorkflows(store));
        }
    }
}
