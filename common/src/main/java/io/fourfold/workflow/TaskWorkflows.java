package io.fourfold.workflow;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Where workflows are kept: in the backend's state store, so they outlast every process and any process may advance
 * them. Only a RUNNING workflow changes, and each change is one atomic step: {@link #markSubmitted} only grows the
 * count and {@link #finish} happens once, so several {@link WorkflowAdvancer}s may work on one workflow at once. A
 * finished workflow is kept as long as finished task records ({@code fourfold.store.retention}), then forgotten.
 */
public interface TaskWorkflows {

    /** Stores a new workflow (RUNNING, nothing submitted) and lists it among the open ones. */
    Mono<Void> create(Workflow workflow);

    /** The workflow; empty when there is none (never was, or finished and expired). */
    Mono<Workflow> find(String id);

    /** The most recently created workflows, newest first, at most {@code limit}. */
    Flux<Workflow> list(int limit);

    /**
     * Records that the first {@code count} of {@link Workflow#tasks()} have been submitted; a smaller count than the
     * stored one changes nothing. False, with nothing changed, when the workflow is unknown or no longer RUNNING:
     * then the caller withdraws what it submitted.
     */
    Mono<Boolean> markSubmitted(String id, int count);

    /**
     * Ends a RUNNING workflow in {@code state} with {@code result}, and starts its retention. False, with nothing
     * changed, when it is unknown or had already finished.
     */
    Mono<Boolean> finish(String id, WorkflowState state, @Nullable JsonNode result, Instant now);

    /** The ids of the RUNNING workflows, for the sweep that advances the ones no worker moved on. */
    Flux<String> open();
}
