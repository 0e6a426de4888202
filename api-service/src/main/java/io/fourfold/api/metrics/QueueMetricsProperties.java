package io.fourfold.api.metrics;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the queue gauges.
 *
 * @param refresh how often the queue figures, the worker count and the task limits are read from the backend for
 *                the gauges ({@code fourfold_queue_*}, {@code fourfold_workers}, {@code fourfold_limit_*}); a scrape
 *                reads the last figures
 */
@Validated
@ConfigurationProperties("fourfold.api.metrics")
public record QueueMetricsProperties(@DefaultValue("5s") @NotNull Duration refresh) {
}
