package io.fourfold.transport;

import io.fourfold.task.TaskEnvelope;

/**
 * One delivery of an envelope to a worker.
 *
 * @param deliveryId the transport's own handle (a stream entry id, a delivery tag, ...)
 * @param deliveries how many times this envelope has been delivered, this one included; a worker dead-letters
 *                   a task delivered more often than it allows (a poison task that kills its worker every time)
 */
public record TaskDelivery(String deliveryId, TaskEnvelope envelope, int deliveries) {

    public String taskId() {
        return envelope.taskId();
    }
}
