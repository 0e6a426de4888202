package io.fourfold.worker.handlers;

import io.fourfold.task.ExecutorKind;
import io.fourfold.worker.execution.TaskContext;
import io.fourfold.worker.execution.TaskHandler;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * {@code sleep}: blocks for a while, as a call to a slow service would. On a virtual thread a blocked task costs no
 * platform thread, so one worker holds thousands of them.
 */
class SleepHandler {

    private static final long STEP_MILLIS = 1_000;

    @TaskHandler(type = "sleep", executor = ExecutorKind.VIRTUAL)
    Slept sleep(Sleep request, TaskContext context) throws InterruptedException {
        long total = request.millis();
        long slept = 0;
        while (slept < total) {
            long step = Math.min(STEP_MILLIS, total - slept);
            Thread.sleep(step);
            slept += step;
            context.progress((double) slept / total, "slept " + slept + " of " + total + " ms");
        }
        return new Slept(total);
    }

    /** @param millis how long to sleep, at most a day */
    record Sleep(@NotNull @PositiveOrZero @Max(86_400_000) Long millis) {
    }

    record Slept(long sleptMillis) {
    }
}
