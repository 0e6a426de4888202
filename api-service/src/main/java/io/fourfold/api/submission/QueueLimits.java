package io.fourfold.api.submission;

import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.ApiProperties;
import io.fourfold.transport.QueueStats;
import io.fourfold.transport.TaskQueues;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Refuses a submit to a queue that holds {@code fourfold.api.queue-limits} ready tasks or more. The depths come
 * from {@link TaskQueues#stats()}, read at most once a second and shared by every request in between; when they
 * cannot be read, nothing is refused here (the submit itself then meets the outage and answers 503).
 */
@Component
class QueueLimits {

    static final Duration REFRESH = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(QueueLimits.class);

    private final Map<String, Long> limits;
    private final Mono<Map<String, Long>> depths;

    QueueLimits(ApiProperties properties, TaskQueues queues) {
        this.limits = properties.queueLimits();
        this.depths = queues.stats()
                .filter(stats -> limits.containsKey(stats.queue()))
                .collectMap(QueueStats::queue, QueueStats::ready)
                .onErrorResume(failure -> {
                    log.debug("Queue depths unavailable, no queue limit applies: {}", failure.toString());
                    return Mono.just(Map.of());
                })
                .cache(REFRESH);
    }

    /** Completes when every queue named has room, else fails with a {@code 429} problem. */
    Mono<Void> check(Collection<String> queueNames) {
        if (limits.isEmpty() || queueNames.stream().noneMatch(limits::containsKey)) {
            return Mono.empty();
        }
        return depths.flatMap(ready -> {
            for (String queue : queueNames) {
                Long limit = limits.get(queue);
                long depth = ready.getOrDefault(queue, 0L);
                if (limit != null && depth >= limit) {
                    return Mono.error(ApiProblem.queueFull(queue, depth, limit, REFRESH));
                }
            }
            return Mono.empty();
        });
    }
}
