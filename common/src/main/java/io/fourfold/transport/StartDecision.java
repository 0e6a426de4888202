package io.fourfold.transport;

/** What a worker does with a delivery: run it under a lease, or acknowledge it without running. */
public sealed interface StartDecision {

    record Run(TaskLease lease) implements StartDecision {
    }

    /** The task must not run: cancelled while it waited, already finished, or unknown. The delivery is acked. */
    record Skip(String reason) implements StartDecision {
    }
}
