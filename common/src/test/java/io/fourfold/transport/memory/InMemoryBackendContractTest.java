package io.fourfold.transport.memory;

import io.fourfold.limit.TaskLimits;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskQueuesContract;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.workflow.WorkflowAdvancerContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The contract suites on the in-memory backend: the task path, and workflows advanced over it. */
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

    @Nested
    class Workflows extends WorkflowAdvancerContract {

        Workflows() {
            super(store, transport, new InMemoryTaskWorkflows(Clock.systemUTC(), Duration.ofHours(24)));
        }
    }
}
