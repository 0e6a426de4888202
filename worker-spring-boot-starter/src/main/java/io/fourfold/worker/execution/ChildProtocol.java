package io.fourfold.worker.execution;

import io.fourfold.task.TaskError;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The JSON lines between a worker and the child process that runs one attempt. */
final class ChildProtocol {

    private ChildProtocol() {
    }

    /**
     * What the worker writes to the child's standard input, one line: which handler method to call, and with what.
     *
     * @param type           the task type, for messages
     * @param handlerClass   the class to instantiate with its no-argument constructor
     * @param parameterTypes the method's parameter classes, to find it among overloads
     * @param nonRetryable   the exception classes the handler declared not worth a retry
     * @param payloadIndex   the position of the payload parameter, -1 when it takes none
     * @param contextIndex   the position of the {@link TaskContext} parameter, -1 when it takes none
     */
    record Request(String type, String handlerClass, String method, List<String> parameterTypes,
            List<String> nonRetryable, int payloadIndex, int contextIndex, JsonNode payload, String taskId,
            int attempt, int maxAttempts) {
    }

    /**
     * What the child writes to its standard output, a line each: any number of progress reports, then one answer,
     * a result or an error.
     */
    record Line(@Nullable Double progress, @Nullable String message, boolean answer, @Nullable JsonNode result,
            @Nullable TaskError error, boolean retryable) {

        static Line progress(double fraction, String message) {
            return new Line(fraction, message, false, null, null, false);
        }

        static Line result(@Nullable JsonNode result) {
            return new Line(null, null, true, result, null, false);
        }

        static Line error(TaskError error, boolean retryable) {
            return new Line(null, null, true, null, error, retryable);
        }
    }
}
