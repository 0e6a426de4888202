package io.fourfold.api.system;

import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A pass that every api replica runs at its start and then every {@code interval} while it runs, such as firing due
 * schedules, sweeping open workflows or reading the figures of its gauges. Passes tick on a thread that may block,
 * never on an event loop, and never overlap (a tick that comes while a pass runs is dropped). A failing pass is
 * logged once when the failures begin and once when a pass works again, not on every tick; the next tick tries again.
 */
public final class RepeatingPass {

    private final Duration interval;
    private final Supplier<Mono<Void>> pass;
    private final Logger log;
    private final String failingMessage;
    private final String recoveredMessage;
    private volatile @Nullable Disposable loop;
    private volatile boolean failing;

    /**
     * @param failingMessage logged as a warning, with the failure, when passes begin to fail
     * @param recoveredMessage logged when a pass works again after failures
     */
    public RepeatingPass(Duration interval, Supplier<Mono<Void>> pass, Logger log, String failingMessage,
            String recoveredMessage) {
        this.interval = interval;
        this.pass = pass;
        this.log = log;
        this.failingMessage = failingMessage;
        this.recoveredMessage = recoveredMessage;
    }

    public synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = Flux.interval(Duration.ZERO, interval, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(pass).then(Mono.fromRunnable(this::recovered))
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

    public synchronized void stop() {
        Disposable running = loop;
        loop = null;
        if (running != null) {
            running.dispose();
        }
    }

    public boolean isRunning() {
        return loop != null;
    }
}
