package io.fourfold.transport;

import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import org.jspecify.annotations.Nullable;

/**
 * A page request over recent tasks, newest first.
 *
 * @param cursor the id of the last task of the previous page; the page starts just after it
 */
public record TaskQuery(
        @Nullable TaskState state,
        @Nullable String type,
        @Nullable String queue,
        int limit,
        @Nullable String cursor) {

    public boolean matches(TaskRecord task) {
        return (state == null || task.state() == state)
                && (type == null || task.type().equals(type))
                && (queue == null || task.queue().equals(queue));
    }
}
