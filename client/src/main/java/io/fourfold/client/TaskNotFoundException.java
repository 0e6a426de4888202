package io.fourfold.client;

/** {@code 404}: no task has this id (or it was finished longer ago than the api keeps records, 24 h by default). */
public class TaskNotFoundException extends FourfoldProblemException {

    TaskNotFoundException(Problem problem) {
        super(problem);
    }
}
