package io.fourfold.api.workflows;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the workflow sweep that every api replica runs.
 *
 * @param sweep         whether this api advances open workflows; workers advance a workflow when one of its steps
 *                      ends, the sweep catches what they could not (a step cancelled while queued, a worker killed
 *                      before it advanced). Any number of replicas may sweep: each step is submitted once
 * @param sweepInterval how often every open workflow is advanced
 */
@Validated
@ConfigurationProperties("fourfold.workflows")
public record WorkflowProperties(
        @DefaultValue("true") boolean sweep,
        @DefaultValue("5s") @NotNull Duration sweepInterval) {

    public WorkflowProperties {
        if (!sweepInterval.isPositive()) {
            throw new IllegalArgumentException("fourfold.workflows.sweep-interval must be a positive duration");
        }
    }
}
