package io.fourfold.transport.memory;

import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.TaskRecords;
import io.fourfold.transport.TaskRecordsContract;
import io.fourfold.transport.TaskStore;
import java.time.Clock;
import java.time.Duration;

class InMemoryTaskRecordsTest extends TaskRecordsContract {

    private final InMemoryTaskStore store = new InMemoryTaskStore(Clock.systemUTC(),
            new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofDays(7)));

    @Override
    protected TaskStore store() {
        return store;
    }

    @Override
    protected TaskRecords records() {
        return store;
    }
}
