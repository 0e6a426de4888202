package io.fourfold.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every backend's {@link TaskSchedules} owes the scheduler, written once: schedules outlive the call that made
 * them, a replace keeps what it should, a due time is held by one holder at a time, and the cursor only moves by
 * compare-and-set. A backend's schedules are done when a subclass of this suite passes on them.
 */
public abstract class TaskSchedulesContract {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration HOLD = Duration.ofMinutes(1);
    /** Millisecond precision, as every store keeps instants. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected abstract TaskSchedules schedules();

    private final String name = "contract-" + UUID.randomUUID();

    protected Schedule everyMinute(String name) {
        return new Schedule(name, null, Duration.ofMinutes(1), ZoneOffset.UTC, MissedRunPolicy.SKIP,
                new ScheduledTask("echo", JsonMapper.shared().readTree("{\"n\": 1}"), null, null, null, null));
    }

    private ScheduleState state() {
        return schedules().get(name).block();
    }

    @Test
    void aScheduleIsKeptWithEveryFieldAsGiven() {
        Schedule schedule = new Schedule(name, "0 30 9 * * MON-FRI", null, ZoneId.of("Europe/Paris"),
                MissedRunPolicy.CATCH_UP_ONCE, new ScheduledTask("report",
                        JsonMapper.shared().readTree("{\"to\": [\"ops\"], \"deep\": {\"a\": 1.5, \"b\": null}}"),
                        "reports", 7, 2, Duration.ofSeconds(90)));

        assertThat(schedules().put(schedule, NOW).block()).isTrue();

        ScheduleState state = state();
        assertThat(state.schedule()).isEqualTo(schedule);
        assertThat(state.paused()).isFalse();
        assertThat(state.cursor()).isEqualTo(NOW);
        assertThat(schedules().list().map(ScheduleState::name).collectList().block()).contains(name);
    }

    @Test
    void aListIsSortedByName() {
        String first = name + "-a";
        String second = name + "-b";
        schedules().put(everyMinute(second), NOW).block();
        schedules().put(everyMinute(first), NOW).block();

        List<String> names = schedules().list().map(ScheduleState::name)
                .filter(listed -> listed.startsWith(name)).collectList().block();

        assertThat(names).containsExactly(first, second);
    }

    @Test
    void aReplacementWithTheSameTimingKeepsCursorAndPause() {
        schedules().put(everyMinute(name), NOW).block();
        schedules().pause(name).block();
        Instant later = NOW.plusSeconds(600);
        Schedule otherTask = new Schedule(name, null, Duration.ofMinutes(1), ZoneOffset.UTC,
                MissedRunPolicy.CATCH_UP_ONCE, new ScheduledTask("sleep",
                        JsonMapper.shared().readTree("{\"millis\": 5}"), "q", null, null, null));

        assertThat(schedules().put(otherTask, later).block()).isFalse();

        assertThat(state()).isEqualTo(new ScheduleState(otherTask, true, NOW));
    }

    @Test
    void aReplacementWithOtherTimingStartsFromNow() {
        schedules().put(everyMinute(name), NOW).block();
        Instant later = NOW.plusSeconds(600);
        Schedule hourly = new Schedule(name, "@hourly", null, ZoneOffset.UTC, MissedRunPolicy.SKIP,
                everyMinute(name).task());

        schedules().put(hourly, later).block();

        assertThat(state().cursor()).isEqualTo(later);
        assertThat(state().schedule()).isEqualTo(hourly);
    }

    @Test
    void anUnknownScheduleIsNoneOfThese() {
        assertThat(schedules().get(name).blockOptional()).isEmpty();
        assertThat(schedules().delete(name).block()).isFalse();
        assertThat(schedules().pause(name).block()).isFalse();
        assertThat(schedules().resume(name, NOW).block()).isFalse();
        assertThat(schedules().advance(name, NOW, NOW.plusSeconds(60)).block()).isFalse();
        assertThat(schedules().get(name).blockOptional()).as("none of these creates it").isEmpty();
    }

    @Test
    void aDeletedScheduleIsGone() {
        schedules().put(everyMinute(name), NOW).block();

        assertThat(schedules().delete(name).block()).isTrue();

        assertThat(schedules().get(name).blockOptional()).isEmpty();
        assertThat(schedules().list().map(ScheduleState::name).collectList().block()).doesNotContain(name);
    }

    @Test
    void resumingMovesThePausedCursorToNow() {
        schedules().put(everyMinute(name), NOW).block();
        assertThat(schedules().pause(name).block()).isTrue();
        assertThat(state().paused()).isTrue();

        Instant later = NOW.plusSeconds(3600);
        assertThat(schedules().resume(name, later).block()).isTrue();

        assertThat(state().paused()).isFalse();
        assertThat(state().cursor()).isEqualTo(later);
        assertThat(schedules().resume(name, later.plusSeconds(60)).block()).as("resuming a running one").isTrue();
        assertThat(state().cursor()).as("a schedule that was not paused keeps its cursor").isEqualTo(later);
    }

    @Test
    void aDueTimeIsHeldByOneHolderAtATime() {
        schedules().put(everyMinute(name), NOW).block();
        Instant due = NOW.plusSeconds(60);

        assertThat(schedules().claim(name, due, "a", HOLD).block()).isTrue();
        assertThat(schedules().claim(name, due, "b", HOLD).block()).isFalse();
        assertThat(schedules().claim(name, due, "a", HOLD).block()).as("its holder claims it again").isTrue();
        assertThat(schedules().claim(name, due.plusSeconds(60), "b", HOLD).block()).as("another due time").isTrue();
    }

    @Test
    void aClaimRunsOutAfterItsHold() {
        schedules().put(everyMinute(name), NOW).block();
        Instant due = NOW.plusSeconds(60);
        assertThat(schedules().claim(name, due, "a", Duration.ofMillis(200)).block()).isTrue();

        await().atMost(PATIENCE).until(() -> schedules().claim(name, due, "b", HOLD).block());

        assertThat(schedules().claim(name, due, "a", HOLD).block()).isFalse();
    }

    @Test
    void ofManyConcurrentClaimsOneWins() {
        schedules().put(everyMinute(name), NOW).block();
        Instant due = NOW.plusSeconds(60);

        List<Boolean> answers = Flux.range(0, 32)
                .flatMap(holder -> schedules().claim(name, due, "holder-" + holder, HOLD), 32)
                .collectList().block();

        assertThat(answers).containsOnlyOnce(true);
    }

    @Test
    void theCursorMovesOnlyFromWhereItIs() {
        schedules().put(everyMinute(name), NOW).block();
        Instant next = NOW.plusSeconds(60);

        assertThat(schedules().advance(name, NOW.minusSeconds(1), next).block()).isFalse();
        assertThat(state().cursor()).isEqualTo(NOW);
        assertThat(schedules().advance(name, NOW, next).block()).isTrue();
        assertThat(state().cursor()).isEqualTo(next);
        assertThat(schedules().advance(name, NOW, next.plusSeconds(60)).block()).as("a stale expectation").isFalse();
    }

    @Test
    void ofManyConcurrentAdvancesFromOneCursorOneWins() {
        schedules().put(everyMinute(name), NOW).block();

        List<Boolean> answers = Flux.range(1, 32)
                .flatMap(step -> schedules().advance(name, NOW, NOW.plusSeconds(step)), 32)
                .collectList().block();

        assertThat(answers).containsOnlyOnce(true);
    }
}
