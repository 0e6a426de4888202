package io.fourfold.transport;

import io.fourfold.task.TaskRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of tasks; {@code nextCursor} is absent on the last page. */
public record TaskPage(List<TaskRecord> tasks, @Nullable String nextCursor) {

    public TaskPage {
        tasks = List.copyOf(tasks);
    }
}
