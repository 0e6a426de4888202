package io.fourfold.client;

/** Where a task is in its life; the last three are terminal and never change again. */
public enum TaskState {

    /** Waiting for its {@code delay} or {@code runAt}. */
    SCHEDULED,
    /** Ready in its queue. */
    QUEUED,
    /** A worker runs it. */
    RUNNING,
    /** An attempt failed; the next one waits for its backoff. */
    RETRYING,
    /** Done, with a result. */
    SUCCEEDED,
    /** Attempts exhausted or a non-retryable error: a dead letter. */
    FAILED,
    /** Cancelled before or while it ran. */
    CANCELLED;

    /** Whether the task has ended: SUCCEEDED, FAILED or CANCELLED. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
