package io.fourfold.worker.execution;

/**
 * What a running handler may know about and do to its own attempt. Pass it as a parameter of the
 * {@link TaskHandler} method.
 */
public interface TaskContext {

    String taskId();

    /** The attempt number, 1 for the first. */
    int attempt();

    /** How many attempts the task has in all. */
    int maxAttempts();

    /**
     * Reports progress; it reaches the store (and the task's event stream) asynchronously, in the order reported.
     *
     * @param fraction how much is done, from 0 to 1 (clamped)
     * @param message  what is going on, for people watching
     */
    void progress(double fraction, String message);

    /**
     * {@code true} once the attempt should stop: the task was cancelled, timed out, lost its lease or the worker is
     * shutting down. Blocking handlers are interrupted as well; loops that never block should check this.
     */
    boolean isCancelled();
}
