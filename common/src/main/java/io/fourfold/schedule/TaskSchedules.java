package io.fourfold.schedule;

import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where schedules are kept and how their due times are shared out. Each backend keeps them in its state store, so
 * they outlast every process. Firing a due time is three steps that several processes may run at once:
 * {@link #claim} it (only one process holds a due time at a time), submit its task (under an idempotency key made of
 * the schedule and the due time, so a second holder after a crash replays rather than submits again), then
 * {@link #advance} the cursor past it (a compare-and-set, so the cursor never moves back).
 */
public interface TaskSchedules {

    /**
     * Creates or replaces a schedule; answers whether it was created. A new schedule is not paused and its cursor is
     * {@code now}: its first due time is the first one after it. A replacement keeps the paused flag, and keeps the
     * cursor when the timing (cron, interval, zone) is the same; otherwise its cursor moves to {@code now}.
     */
    Mono<Boolean> put(Schedule schedule, Instant now);

    /** The schedule by name; empty when there is none. */
    Mono<ScheduleState> get(String name);

    /** Every schedule, sorted by name. */
    Flux<ScheduleState> list();

    /** Deletes a schedule; answers whether there was one. */
    Mono<Boolean> delete(String name);

    /** Pauses a schedule: its due times are dropped until it is resumed. Answers whether there is such a schedule. */
    Mono<Boolean> pause(String name);

    /**
     * Resumes a schedule; a paused one's cursor moves to {@code now}, so the due times that passed while it was paused
     * are not caught up. Answers whether there is such a schedule.
     */
    Mono<Boolean> resume(String name, Instant now);

    /**
     * Claims a due time of a schedule for {@code holder} for {@code hold}: true when no other holder has it now (a
     * holder may claim again what it holds, which extends it). A claim is not released: the cursor moving past the
     * due time ends it, and a holder that died loses it when {@code hold} is over.
     */
    Mono<Boolean> claim(String name, Instant due, String holder, Duration hold);

    /**
     * Moves the cursor of a schedule from {@code expected} to {@code next}; false (and no change) when the cursor is
     * no longer {@code expected} or the schedule is gone.
     */
    Mono<Boolean> advance(String name, Instant expected, Instant next);
}
