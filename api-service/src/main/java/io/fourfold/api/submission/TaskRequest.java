package io.fourfold.api.submission;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One task as a client submits it. Durations and instants arrive as text so that a malformed one is reported
 * with its field named; everything but {@code type} is optional.
 */
@Schema(description = "A task to submit")
public record TaskRequest(
        @Schema(description = "The task type; must be known (see GET /api/task-types)", example = "sleep",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String type,
        @Schema(description = "Input of the handler, checked against the type's JSON Schema; default {}",
                example = "{\"millis\": 1500}")
        @Nullable JsonNode payload,
        @Schema(description = "Queue name, [a-zA-Z0-9._-]{1,64}; default: the type's queue, else `default`",
                example = "default")
        @Nullable String queue,
        @Schema(description = "0 to 9, higher runs sooner; default 0", example = "5", minimum = "0", maximum = "9")
        @Nullable Integer priority,
        @Schema(description = "Run no sooner than this long from now (ISO-8601 duration); not with runAt",
                example = "PT30S")
        @Nullable String delay,
        @Schema(description = "Run no sooner than this instant (ISO-8601); a past instant means now; not with delay",
                example = "2030-01-01T09:00:00Z")
        @Nullable String runAt,
        @Schema(description = "Attempts before the task fails for good; default: the type's, else 3; at most 100",
                example = "3", minimum = "1")
        @Nullable Integer maxAttempts,
        @Schema(description = "Timeout of each attempt (ISO-8601 duration); default: the type's, else PT5M; at most 24 h",
                example = "PT1M")
        @Nullable String timeout,
        @Schema(description = "Unique by a key while under way: a second task with the key is not made while one is "
                + "queued or running (`DROP`, the default), or while one has not started (`TRAILING`: one submitted "
                + "while another runs waits for it, so no update is missed); the answer is then the task under way")
        @Nullable UniqueRequest unique) {

    /** A task with the fields before {@code unique}: not unique. */
    public TaskRequest(@Nullable String type, @Nullable JsonNode payload, @Nullable String queue,
            @Nullable Integer priority, @Nullable String delay, @Nullable String runAt, @Nullable Integer maxAttempts,
            @Nullable String timeout) {
        this(type, payload, queue, priority, delay, runAt, maxAttempts, timeout, null);
    }

    /** How a task is unique; {@code mode} as text, so that a wrong one is reported with its field named. */
    @Schema(description = "Uniqueness of a task while it is under way")
    public record UniqueRequest(
            @Schema(description = "The key, [a-zA-Z0-9._:/-]{1,200}", example = "sync:customer-42",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable String key,
            @Schema(description = "DROP (default) or TRAILING", example = "TRAILING",
                    allowableValues = {"DROP", "TRAILING"})
            @Nullable String mode) {
    }
}
