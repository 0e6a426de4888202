package io.fourfold.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.schedule.MissedRunPolicy;
import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.ScheduledTask;
import io.fourfold.schedule.TaskSchedules;
import io.fourfold.transport.memory.InMemoryBackendAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The firing pass on the in-memory schedules with a clock the test moves: each due time submitted once, in order,
 * by whichever of several firings claims it; missed due times skipped or caught up once; failures retried.
 */
class ScheduleFiringTest {

    /** A full hour, so that hourly due times are easy to read. */
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final SchedulerProperties PROPERTIES = new SchedulerProperties(true, Duration.ofMillis(250),
            Duration.ofMinutes(1), Duration.ofMinutes(1));

    private final ApplicationContextRunner backend = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryBackendAutoConfiguration.class));
    /** Due times submitted, by schedule, in the order they were submitted; a repeat would be a second task. */
    private final Map<String, List<Instant>> submitted = new ConcurrentHashMap<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    private static Schedule hourly(String name, MissedRunPolicy missedRuns) {
        return new Schedule(name, null, Duration.ofHours(1), ZoneOffset.UTC, missedRuns,
                new ScheduledTask("echo", JsonNodeFactory.instance.objectNode(), null, null, null, null));
    }

    /** Records a submit; a second submit of a due time is a replay, as its idempotency key makes it. */
    private Mono<ScheduleFiring.Fired> record(Schedule schedule, Instant due) {
        return Mono.fromSupplier(() -> {
            if (!keys.add(schedule.name() + "@" + due)) {
                return ScheduleFiring.Fired.REPLAYED;
            }
            submitted.computeIfAbsent(schedule.name(), name -> new CopyOnWriteArrayList<>()).add(due);
            return ScheduleFiring.Fired.SUBMITTED;
        });
    }

    private ScheduleFiring firing(TaskSchedules schedules, String holder) {
        return firing(schedules, holder, PROPERTIES, this::record);
    }

    private static ScheduleFiring firing(TaskSchedules schedules, String holder, SchedulerProperties properties,
            ScheduleFiring.Submitter submitter) {
        return new ScheduleFiring(schedules, submitter, properties, holder, new SimpleMeterRegistry());
    }

    private void withSchedules(Consumer<TaskSchedules> test) {
        backend.run(context -> test.accept(context.getBean(TaskSchedules.class)));
    }

    private List<Instant> submitted(String name) {
        return submitted.getOrDefault(name, List.of());
    }

    @Test
    void eachDueTimeWithinTheGraceIsSubmittedOnceInOrder() {
        withSchedules(schedules -> {
            SchedulerProperties wideGrace = new SchedulerProperties(true, Duration.ofMillis(250), Duration.ofHours(5),
                    Duration.ofMinutes(1));
            ScheduleFiring firing = firing(schedules, "a", wideGrace, this::record);
            schedules.put(hourly("s", MissedRunPolicy.SKIP), T0).block();

            firing.fireDue(T0.plusSeconds(10)).block();
            assertThat(submitted("s")).as("nothing due yet").isEmpty();

            firing.fireDue(T0.plus(Duration.ofHours(3)).plusSeconds(10)).block();
            firing.fireDue(T0.plus(Duration.ofHours(3)).plusSeconds(20)).block();

            assertThat(submitted("s")).containsExactly(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)),
                    T0.plus(Duration.ofHours(3)));
            assertThat(schedules.get("s").block().cursor()).isEqualTo(T0.plus(Duration.ofHours(3)));
        });
    }

    @Test
    void afterThreeMissedPeriodsCatchUpOnceRunsOnceThenGoesOnOnTime() {
        withSchedules(schedules -> {
            ScheduleFiring firing = firing(schedules, "a");
            schedules.put(hourly("catch-up", MissedRunPolicy.CATCH_UP_ONCE), T0).block();

            // Every api was down from T0 until 10 minutes after the third due time.
            firing.fireDue(T0.plus(Duration.ofHours(3)).plusSeconds(600)).block();
            assertThat(submitted("catch-up")).as("one run for the three missed ones").hasSize(1);

            firing.fireDue(T0.plus(Duration.ofHours(3)).plusSeconds(900)).block();
            firing.fireDue(T0.plus(Duration.ofHours(4)).plusSeconds(1)).block();
            firing.fireDue(T0.plus(Duration.ofHours(4)).plusSeconds(2)).block();

            assertThat(submitted("catch-up")).hasSize(2);
            assertThat(submitted("catch-up").getLast()).as("then on time").isEqualTo(T0.plus(Duration.ofHours(4)));
        });
    }

    @Test
    void afterThreeMissedPeriodsSkipRunsNoneThenGoesOnOnTime() {
        withSchedules(schedules -> {
            ScheduleFiring firing = firing(schedules, "a");
            schedules.put(hourly("skip", MissedRunPolicy.SKIP), T0).block();

            firing.fireDue(T0.plus(Duration.ofHours(3)).plusSeconds(600)).block();
            assertThat(submitted("skip")).isEmpty();

            firing.fireDue(T0.plus(Duration.ofHours(4)).plusSeconds(1)).block();
            firing.fireDue(T0.plus(Duration.ofHours(4)).plusSeconds(2)).block();

            assertThat(submitted("skip")).containsExactly(T0.plus(Duration.ofHours(4)));
        });
    }

    @Test
    void manyFiringsAtOnceSubmitEachDueTimeOnceWithNoGap() {
        withSchedules(schedules -> {
            SchedulerProperties wideGrace = new SchedulerProperties(true, Duration.ofMillis(250), Duration.ofDays(1),
                    Duration.ofMinutes(1));
            Schedule everySecond = new Schedule("fast", null, Duration.ofSeconds(1), ZoneOffset.UTC,
                    MissedRunPolicy.SKIP, hourly("fast", MissedRunPolicy.SKIP).task());
            schedules.put(everySecond, T0).block();
            List<ScheduleFiring> replicas = List.of(firing(schedules, "a", wideGrace, this::record),
                    firing(schedules, "b", wideGrace, this::record), firing(schedules, "c", wideGrace, this::record));

            for (int second = 1; second <= 40; second++) {
                Instant now = T0.plusSeconds(second).plusMillis(100);
                Flux.fromIterable(replicas).flatMap(replica -> replica.fireDue(now)).blockLast();
                // A replica whose claim lost to another still owes nothing: the next pass sees the moved cursor.
                Flux.fromIterable(replicas).flatMap(replica -> replica.fireDue(now)).blockLast();
            }

            assertThat(submitted("fast")).hasSize(40).doesNotHaveDuplicates()
                    .isSortedAccordingTo(Instant::compareTo)
                    .startsWith(T0.plusSeconds(1)).endsWith(T0.plusSeconds(40));
        });
    }

    @Test
    void aSubmitThatFailsIsTriedAgainByItsHolderAndNotByAnother() {
        withSchedules(schedules -> {
            schedules.put(hourly("flaky", MissedRunPolicy.SKIP), T0).block();
            AtomicBoolean down = new AtomicBoolean(true);
            ScheduleFiring.Submitter flaky = (schedule, due) -> down.get()
                    ? Mono.error(new IllegalStateException("backend down")) : record(schedule, due);
            ScheduleFiring a = firing(schedules, "a", PROPERTIES, flaky);
            ScheduleFiring b = firing(schedules, "b", PROPERTIES, flaky);
            Instant due = T0.plus(Duration.ofHours(1));

            a.fireDue(due.plusSeconds(1)).block();
            down.set(false);
            b.fireDue(due.plusSeconds(2)).block();
            assertThat(submitted("flaky")).as("a still holds the due time").isEmpty();

            a.fireDue(due.plusSeconds(3)).block();
            assertThat(submitted("flaky")).containsExactly(due);
            assertThat(schedules.get("flaky").block().cursor()).isEqualTo(due);
        });
    }

    @Test
    void aHolderThatDiedIsReplacedAfterItsHoldWithoutASecondTask() {
        withSchedules(schedules -> {
            SchedulerProperties shortHold = new SchedulerProperties(true, Duration.ofMillis(250), Duration.ofMinutes(1),
                    Duration.ofMillis(200));
            schedules.put(hourly("orphan", MissedRunPolicy.SKIP), T0).block();
            Instant due = T0.plus(Duration.ofHours(1));
            // The dead holder claimed the due time and submitted it, but died before moving the cursor.
            assertThat(schedules.claim("orphan", due, "dead", Duration.ofMillis(200)).block()).isTrue();
            record(hourly("orphan", MissedRunPolicy.SKIP), due).block();
            ScheduleFiring survivor = firing(schedules, "survivor", shortHold, this::record);

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                survivor.fireDue(due.plusSeconds(1)).block();
                return due.equals(schedules.get("orphan").block().cursor());
            });

            assertThat(submitted("orphan")).containsExactly(due);
        });
    }

    @Test
    void aRefusedTaskIsDroppedAndTheScheduleGoesOn() {
        withSchedules(schedules -> {
            schedules.put(hourly("refused", MissedRunPolicy.SKIP), T0).block();
            List<Instant> tried = new CopyOnWriteArrayList<>();
            ScheduleFiring firing = firing(schedules, "a", PROPERTIES, (schedule, due) -> {
                tried.add(due);
                return Mono.just(ScheduleFiring.Fired.REFUSED);
            });
            Instant due = T0.plus(Duration.ofHours(1));

            firing.fireDue(due.plusSeconds(1)).block();
            firing.fireDue(due.plusSeconds(2)).block();
            firing.fireDue(due.plus(Duration.ofHours(1)).plusSeconds(1)).block();

            assertThat(tried).containsExactly(due, due.plus(Duration.ofHours(1)));
        });
    }

    @Test
    void aPausedScheduleDoesNotFire() {
        withSchedules(schedules -> {
            ScheduleFiring firing = firing(schedules, "a");
            schedules.put(hourly("paused", MissedRunPolicy.CATCH_UP_ONCE), T0).block();
            schedules.pause("paused").block();

            firing.fireDue(T0.plus(Duration.ofHours(1)).plusSeconds(1)).block();

            assertThat(submitted("paused")).isEmpty();
        });
    }
}
