package io.fourfold.worker.execution;

import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The per-type start rates a worker takes from the store's buckets before it starts a task (the concurrency limits
 * are checked by the store as part of the start itself). The rates are read from the store every
 * {@link #REFRESH}, so a limit set through the api applies everywhere within about that long.
 */
final class StartLimits implements AutoCloseable {

    static final Duration REFRESH = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(StartLimits.class);

    private final @Nullable TaskLimits limits;
    private volatile Map<String, TypeLimits.Rate> rates = Map.of();
    private final Disposable refresh;

    /** Applies the store's limits; {@code null} for a backend without them: every task may start at once. */
    StartLimits(@Nullable TaskLimits limits) {
        this.limits = limits;
        this.refresh = limits == null ? Flux.never().subscribe() : Flux.interval(Duration.ZERO, REFRESH)
                .onBackpressureDrop()
                .concatMap(tick -> limits.all()
                        .filter(limit -> limit.rate() != null)
                        .collectMap(TypeLimits::type, StartLimits::rate)
                        .doOnNext(read -> rates = read)
                        .onErrorResume(failure -> {
                            log.debug("Could not read the task limits; keeping the last ones", failure);
                            return Mono.empty();
                        }))
                .subscribe();
    }

    private static TypeLimits.Rate rate(TypeLimits limit) {
        return Objects.requireNonNull(limit.rate(), "filtered for a rate");
    }

    /**
     * How long a task of {@code type} must wait before it may start: {@link Duration#ZERO} when its type has no rate
     * or a start was taken from its bucket. When the store cannot answer, the task waits {@link TaskLimits#WAIT}
     * rather than start past its rate.
     */
    Mono<Duration> waitFor(String type) {
        TypeLimits.Rate rate = rates.get(type);
        if (limits == null || rate == null) {
            return Mono.just(Duration.ZERO);
        }
        return limits.takeStart(type, rate).onErrorResume(failure -> {
            log.debug("Could not take a start of {} from its rate bucket", type, failure);
            return Mono.just(TaskLimits.WAIT);
        });
    }

    /**
     * Gives back the start {@link #waitFor} took for a task of {@code type} that then did not start (its concurrency
     * or unique key held it back, or it was not to run), so the rate counts only tasks that start. A start given
     * back to a full bucket is dropped by it.
     */
    void giveBack(String type) {
        TypeLimits.Rate rate = rates.get(type);
        if (limits != null && rate != null) {
            limits.returnStart(type, rate).subscribe(null,
                    failure -> log.debug("Could not give back a start of {} to its rate bucket", type, failure));
        }
    }

    /** {@code wait} spread by up to half either way, so tasks held back together do not all come back together. */
    static Duration spread(Duration wait) {
        long millis = Math.max(1, wait.toMillis());
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis + 1));
    }

    @Override
    public void close() {
        refresh.dispose();
    }
}
