package io.fourfold.api.workflows;

import io.fourfold.api.status.TaskView;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskRecord;
import io.fourfold.workflow.Workflow;
import io.fourfold.workflow.WorkflowKind;
import io.fourfold.workflow.WorkflowState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A workflow as clients see it: where it stands, and each of its steps with the state of its task. */
@Schema(description = "A workflow and its steps")
record WorkflowView(
        @Schema(description = "The workflow's id (a time-ordered UUID)") String id,
        @Schema(description = "CHAIN, GROUP or BATCH") WorkflowKind kind,
        @Schema(description = "RUNNING, SUCCEEDED, FAILED or CANCELLED") WorkflowState state,
        @Schema(description = "0..1: the mean progress of its tasks, a finished task counting 1 and one not "
                + "submitted yet 0") double progress,
        @Schema(description = "How many of its tasks are in each state (only states that occur), PENDING for "
                + "those not submitted yet", example = "{\"SUCCEEDED\": 2, \"RUNNING\": 1, \"PENDING\": 1}")
        Map<String, Integer> counts,
        @Schema(description = "Once SUCCEEDED: a chain's last result, a group's callback's result, a batch's array "
                + "of results") @Nullable JsonNode result,
        Instant createdAt,
        @Nullable Instant finishedAt,
        @Schema(description = "The chain's steps in order, or the group's or batch's members") List<StepView> steps,
        @Schema(description = "A group's callback") @Nullable StepView callback) {

    /** The state of a step not submitted yet. */
    static final String PENDING = "PENDING";
    /** The state of a step whose task finished longer ago than the store keeps records. */
    static final String EXPIRED = "EXPIRED";

    /**
     * One step and its task.
     *
     * @param state the task's state; PENDING before it is submitted, EXPIRED when its record is gone
     */
    @Schema(description = "A step of a workflow and its task")
    record StepView(
            @Schema(description = "The id of its task, at GET /api/tasks/{id} once submitted") String taskId,
            String type,
            @Schema(description = "The task's state; PENDING before it is submitted, EXPIRED when its record is gone",
                    example = "SUCCEEDED") String state,
            double progress,
            @Nullable JsonNode result,
            TaskView.@Nullable ErrorView error) {

        static StepView of(NewTask task, boolean submitted, Optional<TaskRecord> record) {
            if (record.isPresent()) {
                TaskView view = TaskView.of(record.get());
                return new StepView(task.id(), task.type(), view.state().name(),
                        view.state().isTerminal() ? 1 : view.progress(), view.result(), view.error());
            }
            return new StepView(task.id(), task.type(), submitted ? EXPIRED : PENDING, submitted ? 1 : 0, null, null);
        }
    }

    /** The view of a workflow, with {@code records} of its submitted tasks in order (empty where one is gone). */
    static WorkflowView of(Workflow workflow, List<Optional<TaskRecord>> records) {
        List<NewTask> tasks = workflow.tasks();
        List<StepView> all = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            boolean submitted = i < workflow.submitted();
            all.add(StepView.of(tasks.get(i), submitted, submitted ? records.get(i) : Optional.empty()));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        all.forEach(step -> counts.merge(step.state(), 1, Integer::sum));
        double progress = all.stream().mapToDouble(StepView::progress).average().orElse(0);
        List<StepView> steps = all.subList(0, workflow.steps().size());
        StepView callback = workflow.callback() == null ? null : all.getLast();
        return new WorkflowView(workflow.id(), workflow.kind(), workflow.state(), progress, counts, workflow.result(),
                workflow.createdAt(), workflow.finishedAt(), List.copyOf(steps), callback);
    }
}
