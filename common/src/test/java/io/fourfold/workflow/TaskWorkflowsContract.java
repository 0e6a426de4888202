package io.fourfold.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.task.Uniqueness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * What every backend's {@link TaskWorkflows} owes the {@link WorkflowAdvancer}, written once: a workflow is kept with
 * every field as given, the submitted count only grows, a workflow finishes once, and only RUNNING ones are open. A
 * backend's workflows are done when a subclass of this suite passes on them.
 */
public abstract class TaskWorkflowsContract {

    /** Millisecond precision, as every store keeps instants. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected abstract TaskWorkflows workflows();

    /** A step of {@code workflow}, with every field of a task set. */
    public static NewTask step(String workflow, String type, JsonNode payload) {
        return new NewTask(TaskIds.next(), type, "wf-queue", 3, payload, NOW.plusSeconds(5), 4, Duration.ofSeconds(90),
                "alice", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                new Uniqueness("order:7", Uniqueness.Mode.DROP), workflow);
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    private Workflow chain(int length) {
        String id = TaskIds.next();
        List<NewTask> steps = IntStream.range(0, length)
                .mapToObj(i -> step(id, "echo", i == 0 ? json("{\"n\": 1, \"deep\": {\"a\": [1.5, null]}}")
                        : NullNode.getInstance()))
                .toList();
        return Workflow.created(id, WorkflowKind.CHAIN, steps, null, NOW, "alice");
    }

    private @Nullable Workflow find(String id) {
        return workflows().find(id).block();
    }

    @Test
    void aWorkflowIsKeptWithEveryFieldAsGiven() {
        String id = TaskIds.next();
        Workflow group = Workflow.created(id, WorkflowKind.GROUP,
                List.of(step(id, "echo", json("{\"n\": 1}")), step(id, "sleep", json("{\"millis\": 5}"))),
                step(id, "echo", NullNode.getInstance()), NOW, null);
        Workflow chain = chain(3);

        workflows().create(group).block();
        workflows().create(chain).block();

        assertThat(find(id)).isEqualTo(group);
        assertThat(find(chain.id())).isEqualTo(chain);
        assertThat(Workflow.takesInput(find(chain.id()).steps().get(1))).isTrue();
        assertThat(Workflow.takesInput(find(chain.id()).steps().get(0))).isFalse();
    }

    @Test
    void anUnknownWorkflowIsNotFoundAndCannotChange() {
        String unknown = TaskIds.next();

        assertThat(find(unknown)).isNull();
        assertThat(workflows().markSubmitted(unknown, 1).block()).isFalse();
        assertThat(workflows().finish(unknown, WorkflowState.FAILED, null, NOW).block()).isFalse();
    }

    @Test
    void theSubmittedCountOnlyGrows() {
        Workflow chain = chain(3);
        workflows().create(chain).block();

        assertThat(workflows().markSubmitted(chain.id(), 2).block()).isTrue();
        assertThat(workflows().markSubmitted(chain.id(), 1).block()).isTrue();

        assertThat(find(chain.id()).submitted()).isEqualTo(2);
    }

    @Test
    void aWorkflowFinishesOnceAndThenTakesNoMoreSteps() {
        Workflow chain = chain(2);
        workflows().create(chain).block();
        JsonNode result = json("{\"done\": [true]}");

        assertThat(workflows().finish(chain.id(), WorkflowState.SUCCEEDED, result, NOW.plusSeconds(1)).block())
                .isTrue();
        assertThat(workflows().finish(chain.id(), WorkflowState.CANCELLED, null, NOW.plusSeconds(2)).block())
                .isFalse();
        assertThat(workflows().markSubmitted(chain.id(), 2).block()).isFalse();

        assertThat(find(chain.id())).isEqualTo(chain.finished(WorkflowState.SUCCEEDED, result, NOW.plusSeconds(1)));
    }

    @Test
    void onlyRunningWorkflowsAreOpen() {
        Workflow running = chain(1);
        Workflow failed = chain(1);
        workflows().create(running).block();
        workflows().create(failed).block();
        workflows().finish(failed.id(), WorkflowState.FAILED, null, NOW).block();

        List<String> open = workflows().open().collectList().block();

        assertThat(open).contains(running.id()).doesNotContain(failed.id());
    }

    @Test
    void theListIsNewestFirstAndLimited() {
        List<Workflow> created = IntStream.range(0, 3).mapToObj(i -> chain(1)).toList();
        created.forEach(workflow -> workflows().create(workflow).block());

        List<String> listed = workflows().list(2).map(Workflow::id).collectList().block();

        assertThat(listed).containsExactly(created.get(2).id(), created.get(1).id());
    }

    @Test
    void creatingTheSameWorkflowAgainChangesNothing() {
        Workflow chain = chain(2);
        workflows().create(chain).block();
        workflows().markSubmitted(chain.id(), 1).block();

        workflows().create(chain).block();

        assertThat(find(chain.id()).submitted()).isEqualTo(1);
    }
}
