package io.fourfold.limit;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Limits per task type, kept in the store so that every process applies the same ones. The concurrency limit is
 * enforced where a task starts, in the same atomic step as the start ({@link io.fourfold.transport.TaskTransport#start}
 * answers {@link io.fourfold.transport.StartDecision.Wait}); the rate limit by a shared token bucket
 * ({@link #takeStart}) that a worker asks before it starts a task of a rate-limited type. A task that may not start
 * now is deferred, not failed: it goes back to wait, and its deliveries are not counted against it.
 */
public interface TaskLimits {

    /**
     * How long a task held back by its type's concurrency limit or its unique key waits before it is delivered
     * again; the worker spreads it by up to half either way, so waiting tasks do not come back in step.
     */
    Duration WAIT = Duration.ofMillis(200);

    /** Every type's limits, sorted by type. */
    Flux<TypeLimits> all();

    /** Every type's limits with its usage, sorted by type (counting the usage costs more than {@link #all}). */
    Flux<TypeLimitUsage> list();

    /** Sets (or replaces) a type's limits; answers whether the type had none before. */
    Mono<Boolean> put(TypeLimits limits);

    /** Removes a type's limits; answers whether it had any. */
    Mono<Boolean> remove(String type);

    /**
     * Takes one start from the type's bucket for {@code rate}: {@link Duration#ZERO} when taken, otherwise how long
     * until one is free (nothing was taken). A changed rate starts from a full bucket.
     */
    Mono<Duration> takeStart(String type, TypeLimits.Rate rate);

    /** Gives back a start taken by {@link #takeStart} for a task that then did not start (a limit, a cancel). */
    Mono<Void> returnStart(String type, TypeLimits.Rate rate);
}
