package io.fourfold.api.workflows;

import io.fourfold.workflow.TaskWorkflows;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Advances every open workflow every {@code fourfold.workflows.sweep-interval} while the api runs (unless
 * {@code fourfold.workflows.sweep=false}). Workers advance a workflow as soon as one of its steps ends; this pass moves
 * on the ones no worker could: a step cancelled while queued, dead-lettered without running, or whose worker died
 * between storing its outcome and advancing. Passes never overlap; a workflow that fails to advance is tried again
 * on the next pass.
 */
@Component
@EnableConfigurationProperties(WorkflowProperties.class)
class WorkflowSweepLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkflowSweepLoop.class);

    private final TaskWorkflows workflows;
    private final WorkflowService service;
    private final WorkflowProperties properties;
    private volatile @Nullable Disposable loop;
    private volatile boolean failing;

    WorkflowSweepLoop(TaskWorkflows workflows, WorkflowService service, WorkflowProperties properties) {
        this.workflows = workflows;
        this.service = service;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (loop != null || !properties.sweep()) {
            return;
        }
        loop = Flux.interval(properties.sweepInterval(), properties.sweepInterval(), Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> sweep().then(Mono.fromRunnable(this::recovered))
                        .onErrorResume(failure -> {
                            if (!failing) {
                                failing = true;
                                log.warn("Open workflows cannot be read; they wait until they can: {}",
                                        failure.toString());
                            }
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    /** One pass: advances every open workflow; fails only if they cannot be listed. */
    Mono<Void> sweep() {
        return workflows.open()
                .concatMap(id -> service.advancer().advance(id).onErrorResume(failure -> {
                    log.debug("Workflow {} stays as it is for this pass", id, failure);
                    return Mono.empty();
                }))
                .then();
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("Open workflows are read again");
        }
    }

    @Override
    public synchronized void stop() {
        Disposable running = loop;
        loop = null;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
