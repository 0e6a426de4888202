package io.fourfold.transport.memory;

import io.fourfold.limit.TaskLimits;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskQueuesContract;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class InMemoryBackendContractTest extends TaskQueuesContract {

    private final InMemoryTaskStore store = new InMemoryTaskStore(Clock.systemUTC(),
            new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofDays(7)));
    private final InMemoryTaskTransport transport = new InMemoryTaskTransport(store);
    private final InMemoryTaskQueues queues = new InMemoryTaskQueues(store, transport);

    @AfterEach
    void close() {
        transport.close();
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
    protected TaskLimits limits() {
        return store.limits();
    }

    @Override
    protected TaskQueues queues() {
        return queues;
    }
}
