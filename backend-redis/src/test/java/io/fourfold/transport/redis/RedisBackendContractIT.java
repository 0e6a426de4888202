package io.fourfold.transport.redis;

import io.fourfold.limit.TaskLimits;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskQueuesContract;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.workflow.WorkflowAdvancerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract suites on Redis: the task path, and workflows advanced over it. */
class RedisBackendContractIT extends TaskQueuesContract {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private final RedisTaskStore store = REDIS.store();
    private final RedisStreamTransport transport = new RedisStreamTransport(store);
    private final RedisTaskQueues queues = RedisTaskQueues.forStreams(store);
    private final RedisTaskLimits limits = RedisTaskLimits.create(store, REDIS.connections());

    @AfterEach
    void close() throws Exception {
        transport.close();
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
