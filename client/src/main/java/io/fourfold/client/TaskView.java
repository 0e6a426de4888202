package io.fourfold.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A task as the API shows it. Fields a newer server adds are ignored, so an older client keeps working.
 *
 * @param id              the task's id
 * @param type            its task type
 * @param queue           the queue it runs from
 * @param state           where it is in its life
 * @param priority        0 to 9, higher runs sooner
 * @param attempt         handler attempts begun so far
 * @param maxAttempts     attempts before it fails for good
 * @param createdAt       when it was submitted
 * @param runAt           when it becomes (or became) ready to run
 * @param startedAt       when its current or last attempt started; null before the first
 * @param finishedAt      when it ended; null until it does
 * @param progress        0 to 1, as last reported by the handler
 * @param progressMessage what the handler said with its last progress report
 * @param result          the handler's result, once SUCCEEDED
 * @param error           why the task or its last attempt failed
 * @param worker          the worker that runs or ran the current attempt
 * @param executor        how the handler runs: {@code PLATFORM}, {@code VIRTUAL}, {@code EVENT_LOOP} or {@code PROCESS}
 * @param unique          the key the task is unique by while under way, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskView(
        String id,
        String type,
        String queue,
        TaskState state,
        int priority,
        int attempt,
        int maxAttempts,
        Instant createdAt,
        Instant runAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        double progress,
        @Nullable String progressMessage,
        @Nullable JsonNode result,
        @Nullable TaskError error,
        @Nullable String worker,
        @Nullable String executor,
        @Nullable String unique) {

    public TaskView {
        // Jackson reads a JSON null into a JsonNode as a NullNode: make "no result" one thing, null.
        result = result == null || result.isNull() ? null : result;
    }

    /** Whether the task has ended: SUCCEEDED, FAILED or CANCELLED. */
    public boolean isTerminal() {
        return state.isTerminal();
    }

    /**
     * Why a task or its last attempt failed.
     *
     * @param type    a stable code ({@code TIMEOUT}, {@code VALIDATION}, {@code CANCELLED}, ...) or the handler's
     *                exception name
     * @param message what went wrong
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskError(String type, String message) {
    }
}
