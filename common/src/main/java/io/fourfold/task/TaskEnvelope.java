package io.fourfold.task;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What travels through a transport: everything a worker needs to run the task without reading the record first.
 *
 * @param schemaVersion the envelope layout; a worker that cannot read it dead-letters the task with a reason
 * @param traceparent   the W3C trace context of the submitting request, continued by the worker
 * @param unique        the key the task is unique by, if any: at most one task with it runs at a time
 * @param workflow      the workflow the task is a step of, if any: the worker advances it when the task ends
 */
public record TaskEnvelope(
        int schemaVersion,
        String taskId,
        String type,
        String queue,
        int priority,
        JsonNode payload,
        int maxAttempts,
        Duration timeout,
        @Nullable String traceparent,
        @Nullable Uniqueness unique,
        @Nullable String workflow) {

    public static final int SCHEMA_VERSION = 1;

    /** The key the task is unique by, or {@code null}. */
    public @Nullable String uniqueKey() {
        return unique == null ? null : unique.key();
    }

    /** The envelope of a task that is neither unique nor part of a workflow. */
    public TaskEnvelope(int schemaVersion, String taskId, String type, String queue, int priority, JsonNode payload,
            int maxAttempts, Duration timeout, @Nullable String traceparent) {
        this(schemaVersion, taskId, type, queue, priority, payload, maxAttempts, timeout, traceparent, null, null);
    }

    public boolean isReadable() {
        return schemaVersion == SCHEMA_VERSION;
    }
}
