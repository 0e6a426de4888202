package io.fourfold.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A task type the API accepts. The registration fields are null for a type only declared in the api's
 * configuration, which no worker has registered yet.
 *
 * @param type          its name, as given in {@link TaskRequest#type()}
 * @param registered    whether a worker has registered it (and so its defaults and schema are known)
 * @param executor      how its handler runs: {@code PLATFORM}, {@code VIRTUAL}, {@code EVENT_LOOP} or {@code PROCESS}
 * @param queue         its default queue
 * @param maxAttempts   its default attempts
 * @param timeout       its default attempt timeout
 * @param payloadSchema the JSON Schema that submitted payloads are checked against
 * @param liveWorkers   how many live workers serve it now; 0 is fine, tasks wait for one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskType(
        String type,
        boolean registered,
        @Nullable String executor,
        @Nullable String queue,
        @Nullable Integer maxAttempts,
        @Nullable Duration timeout,
        @Nullable JsonNode payloadSchema,
        long liveWorkers) {

    public TaskType {
        // Jackson reads a JSON null into a JsonNode as a NullNode: make "no schema" one thing, null.
        payloadSchema = payloadSchema == null || payloadSchema.isNull() ? null : payloadSchema;
    }
}
