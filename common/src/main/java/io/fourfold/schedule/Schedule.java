package io.fourfold.schedule;

import io.fourfold.task.NewTask;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * A recurring task: when it is due (a cron expression in a time zone, or a fixed interval) and what it submits.
 * Interval due times are the multiples of the interval since the epoch, so {@code PT1H} is due on every full hour
 * and every replica computes the same due times without sharing a start.
 *
 * @param name       unique, {@code [a-zA-Z0-9._-]{1,64}}
 * @param cron       Spring's six-field cron expression (seconds first) or a macro such as {@code @daily}; not with
 *                   {@code every}
 * @param every      a fixed interval from a second to 366 days, in whole milliseconds; not with {@code cron}
 * @param zone       the time zone a cron expression is read in; irrelevant for an interval
 * @param missedRuns what happens to due times that passed while nothing fired
 */
public record Schedule(
        String name,
        @Nullable String cron,
        @Nullable Duration every,
        ZoneId zone,
        MissedRunPolicy missedRuns,
        ScheduledTask task) {

    /** A schedule's name follows the rule of a queue's. */
    public static final String NAME = NewTask.QUEUE_NAME;
    public static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
    public static final Duration LONGEST_INTERVAL = Duration.ofDays(366);
    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);

    public Schedule {
        if (!NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidScheduleException("name", "must match " + NAME);
        }
        if ((cron == null) == (every == null)) {
            throw new InvalidScheduleException(cron == null ? "cron" : "every",
                    "give exactly one of cron and every");
        }
        if (cron != null && !CronExpression.isValidExpression(cron)) {
            throw new InvalidScheduleException("cron", "is not a valid cron expression (six fields, seconds first, "
                    + "e.g. '0 0 9 * * MON-FRI', or a macro such as @daily)");
        }
        if (every != null && (every.compareTo(SHORTEST_INTERVAL) < 0 || every.compareTo(LONGEST_INTERVAL) > 0
                || every.getNano() % 1_000_000 != 0)) {
            throw new InvalidScheduleException("every", "must be from " + SHORTEST_INTERVAL + " to "
                    + LONGEST_INTERVAL + " in whole milliseconds");
        }
    }

    /** The first due time strictly after {@code after}; {@code null} when there is none (a cron of 30 February). */
    public @Nullable Instant nextAfter(Instant after) {
        if (every != null) {
            long period = every.toMillis();
            return Instant.ofEpochMilli(Math.floorDiv(after.toEpochMilli(), period) * period + period);
        }
        ZonedDateTime next = CronExpression.parse(cron).next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    /** Up to {@code count} due times after {@code after}, in order. */
    public List<Instant> nextAfter(Instant after, int count) {
        List<Instant> due = new ArrayList<>(count);
        Instant cursor = after;
        while (due.size() < count) {
            Instant next = nextAfter(cursor);
            if (next == null) {
                break;
            }
            due.add(next);
            cursor = next;
        }
        return due;
    }

    /** Whether {@code other} is due at the same times as this one, so a replace keeps this one's cursor. */
    public boolean sameTimingAs(Schedule other) {
        return Objects.equals(cron, other.cron) && Objects.equals(every, other.every)
                && zone.equals(other.zone);
    }
}
