package io.fourfold.transport.redis;

import io.fourfold.transport.TaskRecords;
import io.fourfold.transport.TaskRecordsContract;
import io.fourfold.transport.TaskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTaskRecordsIT extends TaskRecordsContract {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private final RedisTaskStore store = REDIS.store();

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected TaskStore store() {
        return store;
    }

    @Override
    protected TaskRecords records() {
        return store;
    }
}
