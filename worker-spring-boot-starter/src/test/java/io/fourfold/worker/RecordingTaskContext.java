package io.fourfold.worker;

import io.fourfold.worker.execution.TaskContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TaskContext} for calling a handler method directly in a test, without a worker around it: it records
 * the progress messages and says cancelled when the test wants the handler to stop.
 */
public final class RecordingTaskContext implements TaskContext {

    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final boolean cancelled;

    private RecordingTaskContext(boolean cancelled) {
        this.cancelled = cancelled;
    }

    /** The context of a first and only attempt that runs on. */
    public static RecordingTaskContext running() {
        return new RecordingTaskContext(false);
    }

    /** The context of an attempt that has been told to stop. */
    public static RecordingTaskContext cancelled() {
        return new RecordingTaskContext(true);
    }

    /** The progress messages reported so far, in order. */
    public List<String> progress() {
        return List.copyOf(progress);
    }

    @Override
    public String taskId() {
        return "test";
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public int maxAttempts() {
        return 1;
    }

    @Override
    public void progress(double fraction, String message) {
        progress.add(message);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }
}
