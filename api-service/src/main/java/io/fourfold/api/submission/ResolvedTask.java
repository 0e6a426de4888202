package io.fourfold.api.submission;

import io.fourfold.api.security.Caller;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.task.Uniqueness;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A request item that passed validation, with every default applied. It is also what the idempotency fingerprint
 * is made of, so {@code {"type":"echo"}} and {@code {"type":"echo","priority":0}} count as the same request.
 *
 * @param delay as given: the fingerprint must not depend on when the request arrived
 */
record ResolvedTask(
        String type,
        JsonNode payload,
        String queue,
        int priority,
        @Nullable Duration delay,
        @Nullable Instant runAt,
        int maxAttempts,
        Duration timeout,
        @Nullable Uniqueness unique) {

    NewTask toNewTask(Instant now, Caller caller, @Nullable String traceparent) {
        Instant due = delay != null ? now.plus(delay) : runAt;
        return new NewTask(TaskIds.next(), type, queue, priority, payload, due, maxAttempts, timeout, caller.owner(),
                traceparent, unique, null);
    }
}
