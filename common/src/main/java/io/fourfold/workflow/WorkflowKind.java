package io.fourfold.workflow;

/** How the steps of a workflow follow each other. */
public enum WorkflowKind {
    /** One step after the other: a step is submitted once the one before it succeeded, and may take its result. */
    CHAIN,
    /** Every member at once; once all succeeded, the callback, which may take the array of their results. */
    GROUP,
    /** Every member at once, no callback: it ends when all of them ended, with their shared progress on the way. */
    BATCH
}
