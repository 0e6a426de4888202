package io.fourfold.transport;

import io.fourfold.task.TaskRecord;
import java.util.List;

/**
 * The answer to a submit.
 *
 * @param replayed {@code true} when the idempotency key was seen before and these are the tasks it made then
 */
public record Submission(List<TaskRecord> tasks, boolean replayed) {

    public Submission {
        tasks = List.copyOf(tasks);
    }
}
