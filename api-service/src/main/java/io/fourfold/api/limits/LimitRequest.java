package io.fourfold.api.limits;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A type's limits as a client sets them; at least one of the two. Durations arrive as text, to name a bad one. */
@Schema(description = "Limits of a task type, cluster-wide; at least one of concurrency and rate")
record LimitRequest(
        @Schema(description = "At most this many tasks of the type run at once across all workers", example = "5",
                minimum = "1")
        @Nullable Integer concurrency,
        @Schema(description = "At most `permits` tasks of the type start per `period` across all workers")
        @Nullable RateRequest rate) {

    @Schema(description = "A start rate: a bucket of `permits` that refills evenly over `period`")
    record RateRequest(
            @Schema(example = "10", minimum = "1") @Nullable Integer permits,
            @Schema(description = "ISO-8601 duration, at least PT0.001S", example = "PT1S") @Nullable String period) {
    }
}
