package io.fourfold.schedule;

/**
 * What happens to due times that passed while nothing fired them (every api was down, or the schedule was created with
 * a cursor far behind): due times older than the scheduler's grace period are missed.
 */
public enum MissedRunPolicy {

    /** Missed due times are dropped: the schedule goes on with its next due time. */
    SKIP,

    /** However many due times were missed, the task runs once for them, then the schedule goes on. */
    CATCH_UP_ONCE
}
