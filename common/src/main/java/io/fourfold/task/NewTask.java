package io.fourfold.task;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A task that the API has validated and is about to submit: every default already applied.
 *
 * @param runAt when it may run; {@code null} or a past instant means now
 */
public record NewTask(
        String id,
        String type,
        String queue,
        int priority,
        JsonNode payload,
        @Nullable Instant runAt,
        int maxAttempts,
        Duration timeout,
        @Nullable String owner,
        @Nullable String traceparent) {

    /** What a queue name may be: it is part of Redis keys and RabbitMQ queue names, so it is kept plain. */
    public static final String QUEUE_NAME = "[a-zA-Z0-9._-]{1,64}";
}
