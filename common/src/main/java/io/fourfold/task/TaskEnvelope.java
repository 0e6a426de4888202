package io.fourfold.task;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What travels through a transport: everything a worker needs to run the task without reading the record first.
 *
 * @param schemaVersion the envelope layout; a worker that cannot read it dead-letters the task with a reason
 * @param traceparent   the W3C trace context of the submitting request, continued by the worker
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
        @Nullable String traceparent) {

    public static final int SCHEMA_VERSION = 1;

    public boolean isReadable() {
        return schemaVersion == SCHEMA_VERSION;
    }
}
