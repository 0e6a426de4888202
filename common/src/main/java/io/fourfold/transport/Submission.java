package io.fourfold.transport;

import io.fourfold.task.TaskRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answer to a submit: a task per task asked for, in order.
 *
 * @param replayed     {@code true} when the idempotency key was seen before and these are the tasks it made then
 * @param deduplicated ids of tasks in {@code tasks} that this submit did not make: a unique task with the same key
 *                     was under way (see {@link io.fourfold.task.Uniqueness}), and it stands for the one asked for.
 *                     (A task this submit made may stand for a later one of the same submit: it is listed twice in
 *                     {@code tasks} and not here.)
 */
public record Submission(List<TaskRecord> tasks, boolean replayed, Set<String> deduplicated) {

    public Submission {
        tasks = List.copyOf(tasks);
        deduplicated = Set.copyOf(deduplicated);
    }

    /** A submit that made every task it was asked for (or replayed them). */
    public Submission(List<TaskRecord> tasks, boolean replayed) {
        this(tasks, replayed, Set.of());
    }

    public boolean isDeduplicated(String taskId) {
        return deduplicated.contains(taskId);
    }

    /** The tasks this submit made, once each, in order: none when it replayed an idempotency key. */
    public List<TaskRecord> made() {
        if (replayed) {
            return List.of();
        }
        Map<String, TaskRecord> made = new LinkedHashMap<>();
        tasks.stream().filter(task -> !isDeduplicated(task.id())).forEach(task -> made.putIfAbsent(task.id(), task));
        return List.copyOf(made.values());
    }
}
