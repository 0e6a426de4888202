package io.fourfold.transport.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Warns once at startup when the connected Redis can lose tasks: an eviction policy other than {@code noeviction}
 * drops keys under memory pressure, and a Redis that persists nothing loses everything on a restart. It only
 * warns: the check runs in the background once the context is up, and a Redis that is down (or forbids CONFIG)
 * never stops the application from starting.
 */
final class RedisDurabilityCheck implements ApplicationListener<ContextRefreshedEvent> {

    private static final Logger log = LoggerFactory.getLogger(RedisDurabilityCheck.class);

    private final ReactiveStringRedisTemplate redis;
    private final AtomicBoolean checked = new AtomicBoolean();

    RedisDurabilityCheck(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        if (!checked.compareAndSet(false, true)) {
            return;
        }
        warnings()
                .retryWhen(Retry.backoff(5, Duration.ofSeconds(1)))
                .subscribe(found -> found.forEach(log::warn),
                        failure -> log.info("Could not check the Redis settings for durability: {}", failure.getMessage()));
    }

    /** What is wrong with the connected Redis's settings, in sentences for an operator; empty when nothing is. */
    Mono<List<String>> warnings() {
        return Mono.zip(config("maxmemory-policy"), config("appendonly"), config("save")).map(settings -> {
            List<String> warnings = new ArrayList<>();
            String policy = settings.getT1();
            if (!policy.isEmpty() && !policy.equals("noeviction")) {
                warnings.add("Redis maxmemory-policy is '" + policy + "': under memory pressure Redis evicts keys and "
                        + "tasks are silently lost. Set maxmemory-policy to noeviction.");
            }
            if (settings.getT2().equals("no") && settings.getT3().isBlank()) {
                warnings.add("Redis persists nothing (appendonly no, no save rules): a Redis restart loses every "
                        + "queued and running task. Enable AOF (appendonly yes with appendfsync everysec, or always "
                        + "for no loss at all).");
            }
            return warnings;
        });
    }

    private Mono<String> config(String name) {
        return redis.execute(connection -> connection.serverCommands().getConfig(name))
                .next()
                .map((Properties found) -> found.getProperty(name, ""))
                .defaultIfEmpty("");
    }
}
