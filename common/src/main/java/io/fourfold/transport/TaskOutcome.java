package io.fourfold.transport;

import io.fourfold.task.TaskError;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** How an attempt ended. */
public sealed interface TaskOutcome {

    record Succeeded(@Nullable JsonNode result) implements TaskOutcome {
    }

    /** No more attempts: the task goes to the dead-letter queue. */
    record Failed(TaskError error) implements TaskOutcome {
    }

    record Cancelled() implements TaskOutcome {
    }

    /** The attempt failed; the next one is due at {@code runAt}. */
    record Retry(TaskError error, Instant runAt) implements TaskOutcome {
    }
}
