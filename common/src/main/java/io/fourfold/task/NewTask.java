package io.fourfold.task;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A task that the API has validated and is about to submit: every default already applied.
 *
 * @param runAt    when it may run; {@code null} or a past instant means now
 * @param unique   the key it is unique by while under way, and what happens to a second one; {@code null} for none
 * @param workflow the workflow it is a step of, advanced when it ends; {@code null} for none
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
        @Nullable String traceparent,
        @Nullable Uniqueness unique,
        @Nullable String workflow) {

    /** What a queue name may be: it is part of Redis keys and RabbitMQ queue names, so it is kept plain. */
    public static final String QUEUE_NAME = "[a-zA-Z0-9._-]{1,64}";

    /** A task that is neither unique nor part of a workflow. */
    public NewTask(String id, String type, String queue, int priority, JsonNode payload, @Nullable Instant runAt,
            int maxAttempts, Duration timeout, @Nullable String owner, @Nullable String traceparent) {
        this(id, type, queue, priority, payload, runAt, maxAttempts, timeout, owner, traceparent, null, null);
    }

    public @Nullable String uniqueKey() {
        return unique == null ? null : unique.key();
    }
}
