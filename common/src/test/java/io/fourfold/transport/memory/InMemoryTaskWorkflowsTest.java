package io.fourfold.transport.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.TaskIds;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.TaskWorkflowsContract;
import io.fourfold.workflow.Workflow;
import io.fourfold.workflow.WorkflowKind;
import io.fourfold.workflow.WorkflowState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class InMemoryTaskWorkflowsTest extends TaskWorkflowsContract {

    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");

    private final InMemoryTaskWorkflows workflows = new InMemoryTaskWorkflows(Clock.systemUTC(), Duration.ofHours(24));

    @Override
    protected TaskWorkflows workflows() {
        return workflows;
    }

    @Test
    void aFinishedWorkflowIsDroppedAfterTheRetentionAndARunningOneIsKept() {
        InMemoryTaskWorkflows later = new InMemoryTaskWorkflows(Clock.fixed(NOW.plus(Duration.ofHours(25)),
                ZoneOffset.UTC), Duration.ofHours(24));
        String finished = TaskIds.next();
        String running = TaskIds.next();
        for (String id : List.of(finished, running)) {
            later.create(Workflow.created(id, WorkflowKind.CHAIN,
                    List.of(step(id, "echo", JsonNodeFactory.instance.objectNode())), null, NOW, null)).block();
        }
        later.finish(finished, WorkflowState.SUCCEEDED, null, NOW).block();

        later.expire();

        assertThat(later.find(finished).blockOptional()).isEmpty();
        assertThat(later.find(running).blockOptional()).isPresent();
    }
}
