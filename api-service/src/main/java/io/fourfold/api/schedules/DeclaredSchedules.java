package io.fourfold.api.schedules;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Schedules declared in configuration, created or replaced in the store when an api starts.
 *
 * @param schedules schedules by name ({@code fourfold.schedules.<name>.*}); each is created or replaced when an api
 *                  starts, so the configuration wins over an api change of the same schedule. Removing one here does
 *                  not delete it: delete it over the API
 */
@ConfigurationProperties("fourfold")
public record DeclaredSchedules(@DefaultValue Map<String, Declared> schedules) {

    public DeclaredSchedules {
        schedules = Map.copyOf(schedules);
    }

    /**
     * One declared schedule; the fields are those of {@code PUT /api/schedules/{name}}.
     *
     * @param cron        a six-field cron expression, seconds first, or a macro such as {@code @daily}; not with
     *                    {@code every}
     * @param every       a fixed interval, at least a second; due on its multiples since the epoch
     * @param zone        the time zone the cron expression is read in
     * @param missedRuns  {@code SKIP} or {@code CATCH_UP_ONCE}: what happens to due times missed while no api ran
     * @param type        the task type to submit
     * @param payload     the task's payload as JSON text
     * @param queue       the task's queue; default: the type's
     * @param priority    the task's priority, 0 to 9
     * @param maxAttempts the task's attempts; default: the type's
     * @param timeout     the task's attempt timeout; default: the type's
     */
    public record Declared(
            @Nullable String cron,
            @Nullable Duration every,
            @DefaultValue("UTC") String zone,
            @DefaultValue("CATCH_UP_ONCE") String missedRuns,
            @Nullable String type,
            @DefaultValue("{}") String payload,
            @Nullable String queue,
            @Nullable Integer priority,
            @Nullable Integer maxAttempts,
            @Nullable Duration timeout) {
    }
}
