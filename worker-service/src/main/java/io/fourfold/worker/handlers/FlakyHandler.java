package io.fourfold.worker.handlers;

import io.fourfold.task.ExecutorKind;
import io.fourfold.worker.execution.TaskContext;
import io.fourfold.worker.execution.TaskHandler;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code flaky}: fails its first {@code failures} attempts on purpose and succeeds on the next, to show retries. */
class FlakyHandler {

    @TaskHandler(type = "flaky", executor = ExecutorKind.VIRTUAL)
    Succeeded flaky(Flaky request, TaskContext context) {
        if (context.attempt() <= request.failures()) {
            throw new PlannedFailureException("Attempt " + context.attempt() + " fails as planned ("
                    + request.failures() + " failure(s) before success)");
        }
        return new Succeeded(context.attempt());
    }

    /** @param failures how many attempts fail before one succeeds */
    record Flaky(@NotNull @Min(0) @Max(100) Integer failures) {
    }

    /** @param attempt the attempt that succeeded */
    record Succeeded(int attempt) {
    }

    static final class PlannedFailureException extends RuntimeException {

        PlannedFailureException(String message) {
            super(message);
        }
    }
}
