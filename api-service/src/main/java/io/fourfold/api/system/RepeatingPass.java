package io.fourfold.api.system;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A pass that every api replica runs every {@code interval} while it runs (the first one {@code firstAfter} its
 * start), such as firing due schedules, sweeping open workflows or reading the figures of its gauges; it starts and
 * stops with the application context, before the backend's connections stop. Passes tick on a thread that may block, never on an event loop, and
 * never overlap (a tick that comes while a pass runs is dropped). A failing pass is logged once when the failures
 * begin and once when a pass works again, not on every tick; the next tick tries again.
 */
public abstract class RepeatingPass implements SmartLifecycle {

    private final Duration firstAfter;
    private final Duration interval;
    private final boolean enabled;
    private final Logger log;
    private final String failingMessage;
    private final String recoveredMessage;
    private volatile @Nullable Disposable loop;
    private volatile boolean failing;

    /**
     * @param firstAfter       how long after the start the first pass runs: the passes not needed at once wait an
     *                         interval (a CI run with every pass at once on a starting replica hung in Lettuce's
     *                         write lock)
     * @param enabled          whether the pass runs at all (a setting may switch it off)
     * @param log              the logger of the subclass, for the two messages
     * @param failingMessage   logged as a warning, with the failure, when passes begin to fail
     * @param recoveredMessage logged when a pass works again after failures
     */
    protected RepeatingPass(Duration firstAfter, Duration interval, boolean enabled, Logger log, String failingMessage,
            String recoveredMessage) {
        this.firstAfter = firstAfter;
        this.interval = interval;
        this.enabled = enabled;
        this.log = log;
        this.failingMessage = failingMessage;
        this.recoveredMessage = recoveredMessage;
    }

    /** One pass; an error ends only this pass. */
    protected abstract Mono<Void> pass();

    @Override
    public final synchronized void start() {
        if (!enabled || loop != null) {
            return;
        }
        loop = Flux.interval(firstAfter, interval, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(this::pass).then(Mono.fromRunnable(this::recovered))
                        .onErrorResume(failure -> {
                            if (!failing) {
                                failing = true;
                                log.warn("{}: {}", failingMessage, failure.toString());
                            }
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info(recoveredMessage);
        }
    }

    @Override
    public final synchronized void stop() {
        Disposable running = loop;
        loop = null;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public final boolean isRunning() {
        return loop != null;
    }
}
