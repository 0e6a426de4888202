package io.fourfold.transport;

import java.time.Duration;

/** What a worker does with a delivery: run it under a lease, acknowledge it without running, or defer it. */
public sealed interface StartDecision {

    record Run(TaskLease lease) implements StartDecision {
    }

    /** The task must not run: cancelled while it waited, already finished, or unknown. The delivery is acked. */
    record Skip(String reason) implements StartDecision {
    }

    /**
     * The task may not start yet: its type is at its concurrency limit, or a task with its unique key runs. Nothing
     * was written; the worker hands the delivery back with {@link TaskTransport#defer} for {@code retryAfter}.
     *
     * @param limit which limit holds it back: {@code concurrency} or {@code unique}
     */
    record Wait(String limit, Duration retryAfter) implements StartDecision {
    }
}
