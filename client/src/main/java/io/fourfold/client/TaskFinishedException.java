package io.fourfold.client;

/** {@code 409}: the task has already finished, so there is nothing to cancel. */
public class TaskFinishedException extends FourfoldProblemException {

    TaskFinishedException(Problem problem) {
        super(problem);
    }
}
