package io.fourfold.worker.execution;

import org.jspecify.annotations.Nullable;

/** Thrown by a handler when retrying cannot help: the task fails at once and goes to the dead-letter queue. */
public class NonRetryableTaskException extends RuntimeException {

    public NonRetryableTaskException(String message) {
        super(message);
    }

    public NonRetryableTaskException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
