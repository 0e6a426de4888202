package io.fourfold.api.operations;

import io.fourfold.transport.QueueStats;
import io.swagger.v3.oas.annotations.media.Schema;

/** One queue in {@code GET /api/queues}. */
@Schema(description = "A queue's figures now")
record QueueView(
        @Schema(description = "Queue name", example = "default") String name,
        @Schema(description = "Tasks waiting for a worker") long ready,
        @Schema(description = "Tasks waiting for their run time or retry backoff") long delayed,
        @Schema(description = "Tasks workers hold now") long running,
        @Schema(description = "Dead letters (FAILED tasks) still kept") long dead,
        @Schema(description = "Tasks finished per second over the last minute, any outcome") double finishedPerSecond,
        @Schema(description = "How long the oldest ready task has waited, in seconds; 0 when none is ready")
        double oldestReadyAgeSeconds,
        @Schema(description = "Whether workers are told not to take from it") boolean paused) {

    static QueueView of(QueueStats stats) {
        return new QueueView(stats.queue(), stats.ready(), stats.delayed(), stats.running(), stats.dead(),
                stats.finishedPerSecond(), stats.oldestReadyAge().toMillis() / 1000.0, stats.paused());
    }
}
