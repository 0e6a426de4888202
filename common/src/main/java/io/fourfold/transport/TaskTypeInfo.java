package io.fourfold.transport;

import io.fourfold.task.ExecutorKind;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * A task type as workers register it.
 *
 * @param payloadSchema the JSON Schema of the payload, generated from the handler's payload record
 */
public record TaskTypeInfo(
        String type,
        ExecutorKind executor,
        String queue,
        int maxAttempts,
        Duration timeout,
        JsonNode payloadSchema) {
}
