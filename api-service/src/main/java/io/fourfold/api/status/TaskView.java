package io.fourfold.api.status;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A task as clients see it. Every field is always present (null when it does not apply yet), so clients can rely
 * on the shape; internals such as the fencing token and the owner stay inside.
 *
 * @param attempt  handler attempts begun so far
 * @param progress 0..1, as last reported by the handler
 * @param worker   the worker that runs or ran the current attempt
 * @param unique   the key it is unique by while under way, or {@code null}
 */
public record TaskView(
        String id,
        String type,
        String queue,
        TaskState state,
        int priority,
        int attempt,
        int maxAttempts,
        Instant createdAt,
        Instant runAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        double progress,
        @Nullable String progressMessage,
        @Nullable JsonNode result,
        @Nullable ErrorView error,
        @Nullable String worker,
        @Nullable ExecutorKind executor,
        @Nullable String unique) {

    public static TaskView of(TaskRecord task) {
        return new TaskView(task.id(), task.type(), task.queue(), task.state(), task.priority(), task.attempt(),
                task.maxAttempts(), task.createdAt(), task.runAt(), task.startedAt(), task.finishedAt(),
                task.progress(), task.progressMessage(), task.result(),
                task.error() == null ? null : new ErrorView(task.error().type(), task.error().message()),
                task.worker(), task.executor(), task.uniqueKey());
    }

    /**
     * Why the task or its last attempt failed.
     *
     * @param type a stable code ({@code TIMEOUT}, {@code VALIDATION}, {@code CANCELLED}, ...) or the handler's
     *             exception name
     */
    public record ErrorView(String type, String message) {
    }
}
