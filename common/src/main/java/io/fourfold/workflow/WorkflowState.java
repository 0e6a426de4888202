package io.fourfold.workflow;

/** Where a workflow stands. Only a RUNNING workflow moves; the others are final. */
public enum WorkflowState {
    /** Steps are under way or still to be submitted. */
    RUNNING,
    /** Every step succeeded. */
    SUCCEEDED,
    /** A step failed (or, for a group or batch, a member failed or was cancelled); no further step is submitted. */
    FAILED,
    /** Cancelled by a client, or a chain's step was cancelled; no further step is submitted. */
    CANCELLED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
