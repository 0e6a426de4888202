package io.fourfold.api.operations;

import io.fourfold.task.ExecutorKind;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A known task type. The registration fields are null for a type only declared in configuration.
 *
 * @param registered    whether a worker has registered it (and so its defaults and schema are known)
 * @param timeout       the attempt timeout as an ISO-8601 duration
 * @param payloadSchema the JSON Schema that submitted payloads are checked against
 * @param liveWorkers   how many live workers serve this type now; 0 is fine, tasks wait for one
 */
record TaskTypeView(
        String type,
        boolean registered,
        @Nullable ExecutorKind executor,
        @Nullable String queue,
        @Nullable Integer maxAttempts,
        @Nullable String timeout,
        @Nullable JsonNode payloadSchema,
        long liveWorkers) {
}
