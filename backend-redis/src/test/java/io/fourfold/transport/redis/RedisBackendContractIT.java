package io.fourfold.transport.redis;

import io.fourfold.transport.TaskBackendContract;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisBackendContractIT extends TaskBackendContract {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private final RedisTaskStore store = REDIS.store();
    private final RedisStreamTransport transport = new RedisStreamTransport(store);

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
}
