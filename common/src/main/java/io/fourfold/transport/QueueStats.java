package io.fourfold.transport;

import java.time.Duration;

/**
 * One queue's figures at one moment.
 *
 * @param queue the queue's name
 * @param ready tasks waiting in the work queue for a worker
 * @param delayed tasks waiting for their run time or their retry backoff
 * @param running tasks a worker holds now
 * @param dead dead letters (FAILED tasks) of this queue still kept
 * @param finishedPerSecond tasks that finished (any outcome) per second, over the last minute
 * @param oldestReadyAge how long the oldest ready task has waited; zero when none is ready
 * @param paused whether workers are told not to take from it
 */
public record QueueStats(String queue, long ready, long delayed, long running, long dead, double finishedPerSecond,
        Duration oldestReadyAge, boolean paused) {
}
