package io.fourfold.api.schedules;

import io.fourfold.schedule.MissedRunPolicy;
import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.ScheduleState;
import io.fourfold.schedule.TaskSchedules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One pass over the schedules: every due time up to now is claimed, submitted and passed by the cursor, in order.
 * Any number of processes may run passes at once: only the holder of a due time's claim submits it, under an
 * idempotency key made of the schedule and the due time, and the cursor moves by compare-and-set. A holder that dies
 * between claim and cursor loses its claim after the hold; the next holder's submit is then a replay, not a second
 * task. A due time older than the grace period is missed: {@link MissedRunPolicy#SKIP} drops it,
 * {@link MissedRunPolicy#CATCH_UP_ONCE} submits one task for all the missed due times of the schedule.
 */
final class ScheduleFiring {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);

    /** What became of a due time's submit. */
    enum Fired {
        /** A task was submitted. */
        SUBMITTED,
        /** Another holder had submitted it already: its idempotency key answered with that task. */
        REPLAYED,
        /** Refused for a reason a retry cannot change (an unknown type, a payload the schema refuses): dropped. */
        REFUSED
    }

    /** Submits the task of a schedule for one due time; fails when it may work later (backend down, queue full). */
    @FunctionalInterface
    interface Submitter {
        Mono<Fired> submit(Schedule schedule, Instant due);
    }

    private final TaskSchedules schedules;
    private final Submitter submitter;
    private final Duration grace;
    private final Duration claimHold;
    private final String holder;
    private final MeterRegistry meters;
    /** The due time each schedule last failed to fire, so that a failure is logged once, not on every pass. */
    private final Map<String, Instant> failing = new ConcurrentHashMap<>();

    ScheduleFiring(TaskSchedules schedules, Submitter submitter, SchedulerProperties properties, String holder,
            MeterRegistry meters) {
        this.schedules = schedules;
        this.submitter = submitter;
        this.grace = properties.grace();
        this.claimHold = properties.claimHold();
        this.holder = holder;
        this.meters = meters;
    }

    /** Fires every due time up to {@code now} of the schedules that are not paused; fails only if listing fails. */
    Mono<Void> fireDue(Instant now) {
        return schedules.list()
                .filter(state -> !state.paused())
                .concatMap(state -> fire(state.schedule(), state.cursor(), now).onErrorResume(failure -> {
                    log.debug("Schedule '{}' stops for this pass", state.name(), failure);
                    return Mono.empty();
                }))
                .then();
    }

    /** The next due time after {@code cursor}, if it is due, then the ones after it. */
    private Mono<Void> fire(Schedule schedule, Instant cursor, Instant now) {
        Instant due = schedule.nextAfter(cursor);
        if (due == null || due.isAfter(now)) {
            return Mono.empty();
        }
        Instant missedUpTo = now.minus(grace).truncatedTo(ChronoUnit.MILLIS);
        Mono<Instant> handled;
        if (!due.isBefore(missedUpTo)) {
            handled = claimAndSubmit(schedule, due).map(fired -> due);
        } else if (schedule.missedRuns() == MissedRunPolicy.CATCH_UP_ONCE) {
            handled = claimAndSubmit(schedule, due).map(fired -> missedUpTo);
        } else {
            handled = Mono.fromSupplier(() -> {
                count(schedule, "skipped");
                return missedUpTo;
            });
        }
        return handled
                .filterWhen(next -> schedules.advance(schedule.name(), cursor, next))
                .flatMap(next -> fire(schedule, next, now));
    }

    /** Completes once the due time was submitted by this process (or dropped); empty when another holder has it. */
    private Mono<Fired> claimAndSubmit(Schedule schedule, Instant due) {
        return schedules.claim(schedule.name(), due, holder, claimHold)
                .filter(claimed -> claimed)
                .flatMap(claimed -> submitter.submit(schedule, due))
                .doOnNext(fired -> {
                    failing.remove(schedule.name(), due);
                    count(schedule, fired.name().toLowerCase(Locale.ROOT));
                })
                .doOnError(failure -> {
                    // Tried again every pass until it works or is missed: said once per due time, not every pass.
                    if (!due.equals(failing.put(schedule.name(), due))) {
                        log.warn("Schedule '{}' due at {} could not fire; trying again on each pass: {}",
                                schedule.name(), due, failure.toString());
                    }
                });
    }

    private void count(Schedule schedule, String outcome) {
        Counter.builder("fourfold.schedule.runs")
                .description("Due times of schedules this api handled, by outcome (submitted, replayed, refused, "
                        + "skipped)")
                .tags("schedule", schedule.name(), "outcome", outcome)
                .register(meters).increment();
    }
}
