package io.fourfold.transport.memory;

import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.Workflow;
import io.fourfold.workflow.WorkflowState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Workflows in a map, newest first (their ids are time-ordered); a finished one is dropped after the retention. */
final class InMemoryTaskWorkflows implements TaskWorkflows {

    private final Clock clock;
    private final Duration retention;
    private final NavigableMap<String, Workflow> workflows = new ConcurrentSkipListMap<>(Comparator.reverseOrder());

    InMemoryTaskWorkflows(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public Mono<Void> create(Workflow workflow) {
        return Mono.fromRunnable(() -> workflows.putIfAbsent(workflow.id(), workflow));
    }

    @Override
    public Mono<Workflow> find(String id) {
        return Mono.fromSupplier(() -> workflows.get(id));
    }

    @Override
    public Flux<Workflow> list(int limit) {
        return Flux.defer(() -> Flux.fromIterable(workflows.values()).take(limit));
    }

    @Override
    public Mono<Boolean> markSubmitted(String id, int count) {
        return change(id, workflow -> workflow.withSubmitted(count));
    }

    @Override
    public Mono<Boolean> finish(String id, WorkflowState state, @Nullable JsonNode result, Instant now) {
        return change(id, workflow -> workflow.finished(state, result, now));
    }

    @Override
    public Flux<String> open() {
        return Flux.defer(() -> Flux.fromIterable(workflows.values().stream()
                .filter(workflow -> workflow.state() == WorkflowState.RUNNING)
                .map(Workflow::id)
                .toList()));
    }

    /** Applies {@code change} to a RUNNING workflow; answers whether there was one. */
    private Mono<Boolean> change(String id, UnaryOperator<Workflow> change) {
        return Mono.fromSupplier(() -> {
            AtomicBoolean changed = new AtomicBoolean();
            workflows.computeIfPresent(id, (key, current) -> {
                if (current.state() != WorkflowState.RUNNING) {
                    return current;
                }
                changed.set(true);
                return change.apply(current);
            });
            return changed.get();
        });
    }

    /** Drops the workflows that finished longer ago than the retention. */
    void expire() {
        Instant before = clock.instant().minus(retention);
        workflows.values().removeIf(workflow -> workflow.finishedAt() != null
                && workflow.finishedAt().isBefore(before));
    }
}
