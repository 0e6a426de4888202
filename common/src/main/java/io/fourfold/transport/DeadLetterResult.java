package io.fourfold.transport;

import io.fourfold.task.TaskRecord;

/** What an operation on a dead letter did, with the record as it stands after it (as last stored, when deleted). */
public record DeadLetterResult(Outcome outcome, TaskRecord task) {

    public enum Outcome {
        /** It was FAILED and is QUEUED again, with a fresh set of attempts. */
        RETRIED,
        /** It was FAILED and is gone. */
        DELETED,
        /** It is not a dead letter (not FAILED); nothing changed. */
        NOT_DEAD
    }
}
