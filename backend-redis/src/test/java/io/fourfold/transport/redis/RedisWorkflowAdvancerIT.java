package io.fourfold.transport.redis;

import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.WorkflowAdvancerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisWorkflowAdvancerIT extends WorkflowAdvancerContract {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private final RedisTaskStore store = REDIS.store();
    private final RedisStreamTransport transport = new RedisStreamTransport(store);
    private final RedisTaskWorkflows workflows = new RedisTaskWorkflows(store);

    @AfterEach
    void close() {
        transport.close();
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
