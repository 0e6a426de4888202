package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.TaskIds;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.TaskWorkflowsContract;
import io.fourfold.workflow.Workflow;
import io.fourfold.workflow.WorkflowKind;
import io.fourfold.workflow.WorkflowState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.JsonNodeFactory;

class RedisTaskWorkflowsIT extends TaskWorkflowsContract {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private final RedisTaskStore store = REDIS.store();
    private final RedisTaskWorkflows workflows = new RedisTaskWorkflows(store);

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected TaskWorkflows workflows() {
        return workflows;
    }

    @Test
    void aFinishedWorkflowExpiresWithTheRetentionOfFinishedRecordsAndLeavesTheIndexOnTheNextList() {
        String id = TaskIds.next();
        workflows.create(Workflow.created(id, WorkflowKind.CHAIN,
                List.of(step(id, "echo", JsonNodeFactory.instance.objectNode())), null, Instant.now(), null)).block();
        String key = store.keys().workflow(id);
        assertThat(store.redis().getExpire(key).block()).as("a running workflow never expires").isLessThanOrEqualTo(Duration.ZERO);

        workflows.finish(id, WorkflowState.SUCCEEDED, null, Instant.now()).block();

        assertThat(store.redis().getExpire(key).block()).isPositive()
                .isLessThanOrEqualTo(Duration.ofHours(24));
        store.redis().delete(key).block();
        assertThat(workflows.list(1000).map(Workflow::id).collectList().block()).doesNotContain(id);
        assertThat(store.redis().opsForZSet().score(store.keys().workflows(), id).block()).isNull();
    }
}
