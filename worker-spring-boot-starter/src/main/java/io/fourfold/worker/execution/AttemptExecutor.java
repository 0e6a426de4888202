package io.fourfold.worker.execution;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How an {@link io.fourfold.task.ExecutorKind} runs a handler invocation: one strategy object per kind, chosen from
 * a map, so the engine has no branch per kind.
 */
interface AttemptExecutor {

    /**
     * Starts {@code invocation}. The listener hears exactly one of {@code returned}/{@code threw} (none when
     * stopped first), then {@code ended} once the handler no longer runs.
     *
     * @return how to stop it: interrupt the thread, or dispose the subscription
     */
    Stoppable start(Invocation invocation, Listener listener);

    /**
     * One handler call: {@code call} runs it in this process; an executor that runs it elsewhere (a child process)
     * uses the handler, the payload as submitted and the context instead.
     */
    record Invocation(HandlerMethod handler, JsonNode payload, TaskContext context, Callable<@Nullable Object> call) {
    }

    interface Stoppable {
        void stop();
    }

    interface Listener {
        void returned(@Nullable Object value);

        void threw(Throwable failure);

        /** The handler has returned (or never started): its slot is free. */
        void ended();
    }
}
