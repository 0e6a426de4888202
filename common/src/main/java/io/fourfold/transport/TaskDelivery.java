package io.fourfold.transport;

import io.fourfold.task.TaskEnvelope;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One delivery of an envelope to a worker.
 *
 * @param deliveryId the transport's own handle (a stream entry id, a delivery tag, ...)
 * @param deliveries how many times this envelope has been delivered, this one included; a worker dead-letters
 *                   a task delivered more often than it allows (a poison task that kills its worker every time)
 * @param readyAt    when the task became ready in its queue (submitted, or due after a delay or a retry backoff);
 *                   {@code null} when the backend does not know. Workers time the queue wait from it.
 */
public record TaskDelivery(String deliveryId, TaskEnvelope envelope, int deliveries, @Nullable Instant readyAt) {

    /** A delivery whose ready time the backend does not know. */
    public TaskDelivery(String deliveryId, TaskEnvelope envelope, int deliveries) {
        this(deliveryId, envelope, deliveries, null);
    }

    public String taskId() {
        return envelope.taskId();
    }
}
