package io.fourfold.schedule;

import java.time.Instant;

/**
 * A stored schedule and where its firing stands.
 *
 * @param paused whether its due times are dropped for now
 * @param cursor every due time up to and including this instant has been handled (fired or dropped); the next one
 *               is {@code schedule.nextAfter(cursor)}
 */
public record ScheduleState(Schedule schedule, boolean paused, Instant cursor) {

    public String name() {
        return schedule.name();
    }
}
