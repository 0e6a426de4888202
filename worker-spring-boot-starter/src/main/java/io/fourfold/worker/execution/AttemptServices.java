package io.fourfold.worker.execution;

import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.TaskTransport;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;
import tools.jackson.databind.json.JsonMapper;

/** What every {@link Attempt} needs from the engine, in one place. */
record AttemptServices(
        TaskTransport transport,
        Map<ExecutorKind, AttemptExecutor> executors,
        JsonMapper mapper,
        Validator validator,
        Backoff backoff,
        Duration renewInterval,
        Clock clock,
        RandomGenerator random,
        TaskMetrics metrics,
        TaskTracing tracing,
        WorkflowSteps workflows) {
}
