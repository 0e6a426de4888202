package io.fourfold.worker.consumption;

import io.fourfold.transport.TaskQueues;
import io.fourfold.worker.system.WorkerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which queues the next receive reads, in which order: the configured ones minus the paused ones, in the order
 * given or, when weights are given, in a weighted random order (as Sidekiq orders weighted queues: every queue
 * appears as often as its weight, the list is shuffled and each queue kept at its first place).
 *
 * <p>The paused set is read from the store at most once per {@link #PAUSE_REFRESH} by the consumer thread, which may
 * block. When the store cannot be read, the last known set stays in force; the receive that follows reports the
 * outage.
 */
final class QueueSelection {

    /** How old the paused set may be; with receives no longer than this, a pause takes effect within a second. */
    static final Duration PAUSE_REFRESH = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(QueueSelection.class);

    private final List<String> names;
    private final Map<String, Integer> weights;
    private final TaskQueues queues;
    private final Clock clock;
    private final RandomGenerator random;
    private volatile Set<String> paused = Set.of();
    private Instant readAt = Instant.MIN;

    QueueSelection(WorkerProperties properties, TaskQueues queues, Clock clock, RandomGenerator random) {
        this.names = properties.queueNames();
        this.weights = properties.queueWeights();
        this.queues = queues;
        this.clock = clock;
        this.random = random;
    }

    /** The queues to read now, in reading order; empty when every one is paused. */
    List<String> next() {
        refreshPaused();
        List<String> order = weights.isEmpty() ? names : weightedOrder();
        return paused.isEmpty() ? order : order.stream().filter(name -> !paused.contains(name)).toList();
    }

    /** The paused queues among all, as last read. */
    Set<String> paused() {
        return paused;
    }

    private List<String> weightedOrder() {
        List<String> draws = new ArrayList<>();
        weights.forEach((name, weight) -> draws.addAll(Collections.nCopies(weight, name)));
        Collections.shuffle(draws, random);
        return List.copyOf(new LinkedHashSet<>(draws));
    }

    private void refreshPaused() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(PAUSE_REFRESH) < 0) {
            return;
        }
        try {
            Set<String> current = Objects.requireNonNull(queues.paused().block());
            if (!current.equals(paused)) {
                log.info("Paused queues are now {}", current);
            }
            paused = current;
            readAt = now;
        } catch (RuntimeException failure) {
            log.debug("Could not read the paused queues, keeping {}: {}", paused, failure.toString());
        }
    }
}
