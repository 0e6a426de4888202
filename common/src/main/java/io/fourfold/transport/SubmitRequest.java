package io.fourfold.transport;

import io.fourfold.task.NewTask;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One submit: a single task or a batch, stored all or nothing, optionally under an idempotency key. */
public record SubmitRequest(List<NewTask> tasks, @Nullable IdempotencyKey idempotencyKey) {

    public SubmitRequest {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("A submit needs at least one task");
        }
    }
}
