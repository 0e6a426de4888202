package io.fourfold.task;

/** A backend tried a move that {@link TaskState} does not allow: always a bug, never a user's mistake. */
public class IllegalTaskTransitionException extends IllegalStateException {

    public IllegalTaskTransitionException(String taskId, TaskState from, TaskState to) {
        super("Task " + taskId + " cannot move from " + from + " to " + to);
    }
}
