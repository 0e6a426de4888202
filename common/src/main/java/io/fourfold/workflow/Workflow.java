package io.fourfold.workflow;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A workflow as the store keeps it. Its steps are complete tasks from the start, each with its task id and with
 * {@code workflow} set to this workflow's id, so every process submits the same task for a step. A step whose
 * payload is JSON {@code null} {@linkplain #takesInput takes its input} when it is submitted: a chain's step the
 * result of the step before it, a group's callback the array of the members' results.
 *
 * @param steps     a chain's steps in order, or a group's or batch's members
 * @param callback  a group's callback, submitted once every member succeeded; {@code null} for the other kinds
 * @param submitted how many of {@link #tasks()} have been submitted, in their order; it only grows
 * @param result    once SUCCEEDED: a chain's last result, a group's callback's result, a batch's array of results
 * @param owner     who created it (API key name or JWT subject), when auth is on; its steps carry the same owner
 */
public record Workflow(
        String id,
        WorkflowKind kind,
        List<NewTask> steps,
        @Nullable NewTask callback,
        int submitted,
        WorkflowState state,
        @Nullable JsonNode result,
        Instant createdAt,
        @Nullable Instant finishedAt,
        @Nullable String owner) {

    public Workflow {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("A workflow needs at least one step");
        }
        if ((callback != null) != (kind == WorkflowKind.GROUP)) {
            throw new IllegalArgumentException("A GROUP has a callback, and only a GROUP; this is a " + kind
                    + (callback == null ? " without one" : " with one"));
        }
        if (submitted < 0 || submitted > steps.size() + (callback == null ? 0 : 1)) {
            throw new IllegalArgumentException("Submitted " + submitted + " is outside the workflow's steps");
        }
    }

    /** A new workflow, nothing submitted yet, with an id from {@link TaskIds}. */
    public static Workflow created(String id, WorkflowKind kind, List<NewTask> steps, @Nullable NewTask callback,
            Instant now, @Nullable String owner) {
        return new Workflow(id, kind, steps, callback, 0, WorkflowState.RUNNING, null, now, null, owner);
    }

    /** Every task of the workflow in submit order: the steps, then the callback if there is one. */
    public List<NewTask> tasks() {
        if (callback == null) {
            return steps;
        }
        List<NewTask> tasks = new ArrayList<>(steps);
        tasks.add(callback);
        return List.copyOf(tasks);
    }

    /** Whether {@code step} is given its input when it is submitted, rather than the payload it was created with. */
    public static boolean takesInput(NewTask step) {
        return step.payload().isNull();
    }

    /** This workflow with at least {@code count} tasks submitted. */
    public Workflow withSubmitted(int count) {
        return new Workflow(id, kind, steps, callback, Math.max(submitted, count), state, result, createdAt,
                finishedAt, owner);
    }

    /** This workflow ended in {@code end} at {@code now}. */
    public Workflow finished(WorkflowState end, @Nullable JsonNode value, Instant now) {
        return new Workflow(id, kind, steps, callback, submitted, end, value, createdAt, now, owner);
    }
}
