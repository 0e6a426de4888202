package io.fourfold.task;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The seven states of a task. The moves allowed between them are one table, used by every backend: a move
 * that is not in the table is a bug, and {@link TaskRecord} refuses it.
 */
public enum TaskState {
    /** Waiting for its {@code runAt}; not in a work queue yet. */
    SCHEDULED,
    /** Ready in a work queue. */
    QUEUED,
    /** Held by a worker; an attempt is under way. */
    RUNNING,
    /** An attempt failed and the next one waits for its backoff. */
    RETRYING,
    /** Finished with a result. */
    SUCCEEDED,
    /** Attempts exhausted or a non-retryable error; the task is in the dead-letter queue. */
    FAILED,
    /** Cancelled by a client before or while it ran. */
    CANCELLED;

    private static final Map<TaskState, Set<TaskState>> MOVES = Map.of(
            SCHEDULED, EnumSet.of(QUEUED, RUNNING, CANCELLED, FAILED),
            QUEUED, EnumSet.of(RUNNING, CANCELLED, FAILED),
            // RUNNING -> RUNNING is a takeover after a lost lease; RUNNING -> QUEUED a hand-back on drain.
            RUNNING, EnumSet.of(RUNNING, QUEUED, RETRYING, SUCCEEDED, FAILED, CANCELLED),
            RETRYING, EnumSet.of(QUEUED, RUNNING, CANCELLED, FAILED),
            SUCCEEDED, EnumSet.noneOf(TaskState.class),
            // A dead letter can be re-queued by an operator.
            FAILED, EnumSet.of(QUEUED),
            CANCELLED, EnumSet.noneOf(TaskState.class));

    public boolean canMoveTo(TaskState next) {
        return MOVES.get(this).contains(next);
    }

    /** The states from which {@code target} may be reached; handy for backends that check moves in a script. */
    public static Set<TaskState> sourcesOf(TaskState target) {
        Set<TaskState> sources = EnumSet.noneOf(TaskState.class);
        for (TaskState state : values()) {
            if (state.canMoveTo(target)) {
                sources.add(state);
            }
        }
        return sources;
    }

    /** Terminal for a client: {@code ?wait=} answers and event streams close in these states. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Waiting states: the task has not started its current attempt, so a cancel takes effect at once. */
    public boolean isWaiting() {
        return this == SCHEDULED || this == QUEUED || this == RETRYING;
    }
}
