package io.fourfold.worker.system;

import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Registers the worker's task types in the store and keeps its registry entry alive with a heartbeat. It starts
 * before the consumer and stops after it, so the worker stays visible while it drains.
 */
final class WorkerRegistration implements SmartLifecycle {

    /** Below the consumer's phase: started before it, stopped after it. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 200;

    private static final Logger log = LoggerFactory.getLogger(WorkerRegistration.class);
    private static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(5);

    private final TaskStore store;
    private final WorkerCapabilities capabilities;
    private final WorkerProperties properties;
    private final Clock clock;
    private final String host = hostName();
    private final Instant startedAt =
            Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    /** Types are registered once per process, retried with the heartbeat until the store takes them. */
    private final AtomicBoolean typesRegistered = new AtomicBoolean();
    /** Set while the store refuses heartbeats, so an outage is logged once, not every interval. */
    private final AtomicBoolean failing = new AtomicBoolean();
    private @Nullable Disposable heartbeats;

    WorkerRegistration(TaskStore store, WorkerCapabilities capabilities, WorkerProperties properties, Clock clock) {
        this.store = store;
        this.capabilities = capabilities;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        heartbeats = Flux.interval(Duration.ZERO, properties.heartbeat().interval())
                .onBackpressureDrop()
                .concatMap(tick -> beat(), 1)
                .subscribe();
    }

    private Mono<Void> beat() {
        return registerTypes()
                .then(Mono.defer(() -> store.heartbeat(describe(), properties.heartbeat().ttl())))
                .doOnSuccess(done -> {
                    if (failing.compareAndSet(true, false)) {
                        log.info("Worker {} is registered again", properties.id());
                    }
                })
                .onErrorResume(error -> {
                    if (failing.compareAndSet(false, true)) {
                        log.warn("Worker {} cannot reach the store; retrying every {}: {}", properties.id(),
                                properties.heartbeat().interval(), error.toString());
                    }
                    return Mono.empty();
                });
    }

    private Mono<Void> registerTypes() {
        if (typesRegistered.get()) {
            return Mono.empty();
        }
        List<TaskTypeInfo> types = capabilities.taskTypes();
        return store.registerTaskTypes(types).doOnSuccess(done -> {
            typesRegistered.set(true);
            log.info("Worker {} registered task types {}", properties.id(),
                    types.stream().map(TaskTypeInfo::type).toList());
        });
    }

    WorkerInfo describe() {
        return new WorkerInfo(properties.id(), host, ProcessHandle.current().pid(), startedAt, clock.instant(),
                capabilities.slots(), properties.queueNames(),
                capabilities.taskTypes().stream().map(TaskTypeInfo::type).toList());
    }

    @Override
    public synchronized void stop() {
        if (heartbeats == null) {
            return;
        }
        heartbeats.dispose();
        heartbeats = null;
        try {
            store.removeWorker(properties.id()).block(REMOVE_TIMEOUT);
        } catch (RuntimeException unreachable) {
            // The entry expires with its TTL anyway.
            log.warn("Worker {} could not remove its registry entry: {}", properties.id(), unreachable.toString());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return heartbeats != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "unknown";
        }
    }
}
