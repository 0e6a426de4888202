package io.fourfold.api.schedules;

import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.ScheduleState;
import io.fourfold.schedule.ScheduledTask;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A schedule in {@code /api/schedules}: its definition, whether it is paused, and its next run times. */
@Schema(description = "A schedule and its next run times")
record ScheduleView(
        @Schema(description = "Unique name, [a-zA-Z0-9._-]{1,64}", example = "nightly-report") String name,
        @Schema(description = "Cron expression, when the schedule has one") @Nullable String cron,
        @Schema(description = "Fixed interval (ISO-8601), when the schedule has one") @Nullable String every,
        @Schema(description = "Time zone of the cron expression", example = "UTC") String zone,
        @Schema(description = "SKIP or CATCH_UP_ONCE") String missedRuns,
        @Schema(description = "Task type submitted at each due time") String type,
        @Schema(description = "Payload of the submitted task") JsonNode payload,
        @Schema(description = "Queue; null: the type's") @Nullable String queue,
        @Schema(description = "Priority; null: 0") @Nullable Integer priority,
        @Schema(description = "Attempts; null: the type's") @Nullable Integer maxAttempts,
        @Schema(description = "Attempt timeout (ISO-8601); null: the type's") @Nullable String timeout,
        @Schema(description = "Whether due times are dropped for now") boolean paused,
        @Schema(description = "The next due times from now, soonest first (also while paused: when it would run)")
        List<Instant> nextRuns) {

    static ScheduleView of(ScheduleState state, Instant now, int runs) {
        Schedule schedule = state.schedule();
        ScheduledTask task = schedule.task();
        Instant from = state.cursor().isAfter(now) ? state.cursor() : now;
        return new ScheduleView(schedule.name(), schedule.cron(), text(schedule.every()), schedule.zone().getId(),
                schedule.missedRuns().name(), task.type(), task.payload(), task.queue(), task.priority(),
                task.maxAttempts(), text(task.timeout()), state.paused(), schedule.nextAfter(from, runs));
    }

    private static @Nullable String text(@Nullable Duration duration) {
        return duration == null ? null : duration.toString();
    }
}
