package io.fourfold.worker.execution;

import io.fourfold.task.TaskError;

/**
 * How an attempt in a child process failed: the handler threw there (its exception's type and message, and whether
 * the handler's rules let it be retried), or the child died before it answered.
 */
final class ChildTaskException extends RuntimeException {

    /** The error type of an attempt whose child process ended without an answer: it crashed, or was killed. */
    static final String CHILD_EXITED = "CHILD_EXITED";

    private final TaskError error;
    private final boolean retryable;

    ChildTaskException(TaskError error, boolean retryable) {
        super(error.type() + ": " + error.message(), null, false, false);
        this.error = error;
        this.retryable = retryable;
    }

    static ChildTaskException exited(int exitCode) {
        return new ChildTaskException(new TaskError(CHILD_EXITED, "The child process exited with code " + exitCode
                + " before it answered; only that process died, the worker goes on"), true);
    }

    TaskError error() {
        return error;
    }

    boolean retryable() {
        return retryable;
    }
}
