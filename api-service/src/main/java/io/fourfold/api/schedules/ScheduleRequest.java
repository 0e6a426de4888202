package io.fourfold.api.schedules;

import io.fourfold.api.submission.TaskRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A schedule as a client puts it: when (exactly one of {@code cron} and {@code every}) and the task to submit, with
 * the fields of a submit. Durations arrive as text so that a malformed one is reported with its field named.
 */
@Schema(description = "A recurring task: when, and the task to submit at each due time")
record ScheduleRequest(
        @Schema(description = "Six-field cron expression, seconds first, or a macro (@hourly, @daily, @weekly, "
                + "@monthly, @yearly); not with every", example = "0 30 9 * * MON-FRI")
        @Nullable String cron,
        @Schema(description = "Fixed interval (ISO-8601 duration, at least PT1S), due on its multiples since the "
                + "epoch (PT1H: every full hour); not with cron", example = "PT5M")
        @Nullable String every,
        @Schema(description = "Time zone the cron expression is read in; default UTC", example = "Europe/Paris")
        @Nullable String zone,
        @Schema(description = "Due times missed while no api ran (older than fourfold.scheduler.grace): SKIP drops "
                + "them, CATCH_UP_ONCE runs the task once for all of them; default CATCH_UP_ONCE",
                allowableValues = {"SKIP", "CATCH_UP_ONCE"})
        @Nullable String missedRuns,
        @Schema(description = "The task type; must be known (see GET /api/task-types)", example = "echo",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable String type,
        @Schema(description = "Input of the handler, checked against the type's JSON Schema; default {}",
                example = "{\"report\": \"daily\"}")
        @Nullable JsonNode payload,
        @Schema(description = "Queue name; default: the type's queue, else `default`", example = "default")
        @Nullable String queue,
        @Schema(description = "0 to 9, higher runs sooner; default 0", minimum = "0", maximum = "9")
        @Nullable Integer priority,
        @Schema(description = "Attempts before the task fails for good; default: the type's, else 3", minimum = "1")
        @Nullable Integer maxAttempts,
        @Schema(description = "Timeout of each attempt (ISO-8601 duration); default: the type's, else PT5M",
                example = "PT1M")
        @Nullable String timeout) {

    /** The task part, as a submit would send it: due at once. */
    TaskRequest task() {
        return new TaskRequest(type, payload, queue, priority, null, null, maxAttempts, timeout);
    }
}
