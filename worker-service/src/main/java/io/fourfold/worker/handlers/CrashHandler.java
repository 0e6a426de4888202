package io.fourfold.worker.handlers;

import io.fourfold.task.ExecutorKind;
import io.fourfold.worker.execution.TaskContext;
import io.fourfold.worker.execution.TaskHandler;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code crash}: ends the process it runs in, at once, as a segfault in native code or {@code System.exit} in a
 * library would. It runs on the PROCESS executor, so only its child process dies: the attempt fails with
 * {@code CHILD_EXITED} and the worker serves the next task.
 */
class CrashHandler {

    @TaskHandler(type = "crash", executor = ExecutorKind.PROCESS, maxAttempts = 1, timeout = "PT1M")
    void crash(Crash request, TaskContext context) {
        context.progress(0.5, "about to exit with code " + request.exitCode());
        Runtime.getRuntime().halt(request.exitCode());
    }

    /** @param exitCode the exit code of the child process, 1-255 */
    record Crash(@NotNull @Min(1) @Max(255) Integer exitCode) {
    }
}
