package io.fourfold.schedule;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The task a schedule submits at each due time, as a client would submit it: what is left {@code null} takes the task
 * type's default when the task is submitted, so a schedule follows its workers' registration.
 */
public record ScheduledTask(
        String type,
        JsonNode payload,
        @Nullable String queue,
        @Nullable Integer priority,
        @Nullable Integer maxAttempts,
        @Nullable Duration timeout) {
}
