package io.fourfold.task;

/** Where a handler's attempt runs: one of the concurrency levels, chosen per task type. */
public enum ExecutorKind {
    /** A bounded pool of platform threads sized to the cores, for CPU-bound work. */
    PLATFORM,
    /** A virtual thread per task, bounded by its slots, for blocking IO. */
    VIRTUAL,
    /** The handler returns a {@code Mono} and never blocks. */
    EVENT_LOOP,
    /** An isolated child process per task. */
    PROCESS
}
