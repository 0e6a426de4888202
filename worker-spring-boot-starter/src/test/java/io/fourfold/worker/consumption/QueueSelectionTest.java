package io.fourfold.worker.consumption;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.transport.DeadLetterResult;
import io.fourfold.transport.QueueStats;
import io.fourfold.transport.TaskQueues;
import io.fourfold.worker.system.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class QueueSelectionTest {

    private final PauseSet queues = new PauseSet();
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");

    private QueueSelection selection(String... entries) {
        WorkerProperties properties = new WorkerProperties("worker-1", List.of(entries),
                new WorkerProperties.Slots(2, 10, 10, 1), Duration.ofSeconds(1), Duration.ofMillis(1500),
                Duration.ofSeconds(30), new WorkerProperties.Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)),
                5, new WorkerProperties.Heartbeat(Duration.ofSeconds(2), Duration.ofSeconds(10)),
                new WorkerProperties.ChildProcesses(DataSize.ofMegabytes(256), List.of()));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new QueueSelection(properties, queues, clock, new SplittableRandom(42));
    }

    @Test
    void withoutWeightsTheQueuesAreReadInTheOrderGiven() {
        QueueSelection selection = selection("critical", "default", "low");

        assertThat(IntStream.range(0, 20).mapToObj(i -> selection.next()))
                .allSatisfy(order -> assertThat(order).containsExactly("critical", "default", "low"));
    }

    @Test
    void withWeightsAQueueComesFirstAsOftenAsItsWeightSays() {
        QueueSelection selection = selection("critical:6", "default:3", "low");

        Map<String, Long> firsts = IntStream.range(0, 10_000).mapToObj(i -> selection.next())
                .peek(order -> assertThat(order).containsExactlyInAnyOrder("critical", "default", "low"))
                .collect(Collectors.groupingBy(List::getFirst, Collectors.counting()));

        // Expected shares 0.6, 0.3, 0.1 of the first places; the bounds are wide, the random source is seeded.
        assertThat(firsts.get("critical")).isBetween(5_500L, 6_500L);
        assertThat(firsts.get("default")).isBetween(2_500L, 3_500L);
        assertThat(firsts.get("low")).isBetween(600L, 1_400L);
    }

    @Test
    void pausedQueuesAreLeftOutOnceThePausedSetIsReadAgain() {
        QueueSelection selection = selection("critical", "default");
        assertThat(selection.next()).containsExactly("critical", "default");

        queues.paused.add("critical");
        assertThat(selection.next()).as("read less than %s ago", QueueSelection.PAUSE_REFRESH)
                .containsExactly("critical", "default");
        now = now.plus(QueueSelection.PAUSE_REFRESH);
        assertThat(selection.next()).containsExactly("default");
        assertThat(selection.paused()).containsExactly("critical");

        queues.paused.add("default");
        now = now.plus(QueueSelection.PAUSE_REFRESH);
        assertThat(selection.next()).isEmpty();
    }

    @Test
    void whenThePausedSetCannotBeReadTheLastOneStays() {
        QueueSelection selection = selection("critical", "default");
        queues.paused.add("critical");
        assertThat(selection.next()).containsExactly("default");

        queues.down.set(true);
        queues.paused.clear();
        now = now.plus(QueueSelection.PAUSE_REFRESH);
        assertThat(selection.next()).containsExactly("default");

        queues.down.set(false);
        assertThat(selection.next()).containsExactly("critical", "default");
    }

    /** The pause set of a store that can go down; the other operations are not used here. */
    private static final class PauseSet implements TaskQueues {

        final Set<String> paused = ConcurrentHashMap.newKeySet();
        final AtomicBoolean down = new AtomicBoolean();

        @Override
        public Mono<Set<String>> paused() {
            return down.get() ? Mono.error(new IllegalStateException("store down")) : Mono.just(Set.copyOf(paused));
        }

        @Override
        public Flux<QueueStats> stats() {
            return Flux.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<Void> pause(String queue) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<Void> resume(String queue) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<DeadLetterResult> retryDeadLetter(String taskId) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Mono<DeadLetterResult> deleteDeadLetter(String taskId) {
            return Mono.error(new UnsupportedOperationException());
        }
    }
}
