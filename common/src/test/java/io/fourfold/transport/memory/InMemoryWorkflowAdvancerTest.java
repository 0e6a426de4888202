package io.fourfold.transport.memory;

import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.WorkflowAdvancerContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

class InMemoryWorkflowAdvancerTest extends WorkflowAdvancerContract {

    private final InMemoryTaskStore store = new InMemoryTaskStore(Clock.systemUTC(),
            new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofDays(7)));
    private final InMemoryTaskTransport transport = new InMemoryTaskTransport(store);
    private final InMemoryTaskWorkflows workflows = new InMemoryTaskWorkflows(Clock.systemUTC(), Duration.ofHours(24));

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
    protected TaskWorkflows workflows() {
        return workflows;
    }
}
