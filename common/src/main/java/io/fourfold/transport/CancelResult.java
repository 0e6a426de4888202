package io.fourfold.transport;

import io.fourfold.task.TaskRecord;

/** What a cancel did, with the record as it stands after it. */
public record CancelResult(Outcome outcome, TaskRecord task) {

    public enum Outcome {
        /** It was waiting and is now CANCELLED; it will never run. */
        CANCELLED,
        /** It is running; the worker running it was told to stop. */
        SIGNALLED,
        /** It had already finished; nothing changed. */
        ALREADY_FINISHED
    }
}
